package org.amisdk.storage.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.amisdk.storage.OperationCancelledException;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.junit.jupiter.api.Test;

/**
 * The image is written by a writer thread while the next chunk is decompressed: in order, its
 * failure is the caller's, and nothing is written to the caller's stream once unbundling returns.
 */
class BundleReaderTest {
  private static final ObjectKey PREFIX = ObjectKey.of("bundles/reader/image");

  private static byte[] bundle(ObjectStore store) throws IOException {
    byte[] image = BundleRoundTripTest.image(new SplittableRandom(5), 5_000_000);
    BundleStore.on(store).bundle(RawImageSource.ofBytes(image), PREFIX,
        BundleOptions.defaults().withCompression(Compression.ZSTD).withPartSize(300_000), ProgressListener.NONE);
    return image;
  }

  /** A stream that fails at its {@code failAt}-th write and notes any write after {@code returned} is set. */
  private static final class Watched extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicBoolean returned = new AtomicBoolean();
    final AtomicBoolean writtenAfterReturn = new AtomicBoolean();
    final IOException failure = new IOException("disk full");
    final int failAt;

    Watched(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (returned.get()) {
        writtenAfterReturn.set(true);
      }
      if (writes.incrementAndGet() == failAt) {
        throw failure;
      }
      bytes.write(b, off, len);
    }
  }

  @Test
  void unbundle_writesTheImageInOrder() throws IOException {
    ObjectStore store = ObjectStore.inMemory();
    byte[] image = bundle(store);
    Watched out = new Watched(-1);
    BundleStore.on(store).unbundle(PREFIX, Optional.empty(), out, ProgressListener.NONE);
    assertArrayEquals(image, out.bytes.toByteArray());
  }

  @Test
  void failingStream_failsTheUnbundle_andIsNotWrittenAfterIt() throws Exception {
    ObjectStore store = ObjectStore.inMemory();
    bundle(store);
    Watched out = new Watched(3);
    IOException thrown = assertThrows(IOException.class,
        () -> BundleStore.on(store).unbundle(PREFIX, Optional.empty(), out, ProgressListener.NONE));
    out.returned.set(true);
    assertSame(out.failure, thrown);
    int writes = out.writes.get();
    Thread.sleep(200);
    assertEquals(writes, out.writes.get(), "the stream was written after unbundle returned");
    assertFalse(out.writtenAfterReturn.get());
  }

  @Test
  void cancelledUnbundle_stopsWriting() throws Exception {
    ObjectStore store = ObjectStore.inMemory();
    bundle(store);
    Watched out = new Watched(-1);
    assertThrows(OperationCancelledException.class, () -> BundleStore.on(store)
        .unbundle(PREFIX, Optional.empty(), out, (phase, done, total) -> done < 1_000_000));
    out.returned.set(true);
    int writes = out.writes.get();
    Thread.sleep(200);
    assertEquals(writes, out.writes.get(), "the stream was written after unbundle returned");
    assertFalse(out.writtenAfterReturn.get());
  }
}
