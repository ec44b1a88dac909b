package org.amisdk.storage.block;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicReference;
import org.amisdk.storage.ProgressListener;

/**
 * One import of a raw file's blocks: the calling thread reads 512 KiB blocks into pooled direct
 * buffers (read straight from the file, with no copy to the heap, and compressed where they lie)
 * while the workers hash and compress them into the ingest (zero blocks are skipped, so they stay
 * holes of the snapshot). The first failure or a cancellation stops it; {@link #run} returns only
 * once every worker is done with its buffer.
 */
final class RawImport {
  private static final int BLOCK = BlockStore.BLOCK_SIZE;

  private final ExecutorService workers;
  private final int threads;
  private final Ingest ingest;

  RawImport(ExecutorService workers, int threads, Ingest ingest) {
    this.workers = workers;
    this.threads = threads;
    this.ingest = ingest;
  }

  /** The address of each block of {@code in} ({@code size} bytes), null for a zero block; throws the first failure. */
  BlockAddress[] run(FileChannel in, long size, Path image, ProgressListener listener) throws IOException {
    int blockCount = Manifest.blockCount(size);
    BlockAddress[] found = new BlockAddress[blockCount];
    BlockingQueue<ByteBuffer> buffers = new ArrayBlockingQueue<>(2 * threads + 2);
    for (int i = 0; i < 2 * threads + 2; i++) {
      buffers.add(ByteBuffer.allocateDirect(BLOCK));
    }
    Phaser inFlight = new Phaser(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try {
      for (int index = 0; index < blockCount; index++) {
        long position = (long) index * BLOCK;
        LocalBlockDevices.progress(listener, "import", position, size, "import of " + image);
        ByteBuffer buffer = take(buffers);
        int length = (int) Math.min(BLOCK, size - position);
        readFully(in, buffer, length, position, image);
        int at = index;
        inFlight.register();
        workers.execute(() -> {
          try {
            if (failure.get() == null && !BlockCodec.isZero(buffer)) {
              found[at] = ingest.add(buffer);
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          } finally {
            buffers.add(buffer);
            inFlight.arriveAndDeregister();
          }
        });
        LocalBlockDevices.rethrow(failure.get());
      }
    } finally {
      inFlight.arriveAndAwaitAdvance();
    }
    LocalBlockDevices.rethrow(failure.get());
    return found;
  }

  private static ByteBuffer take(BlockingQueue<ByteBuffer> buffers) throws InterruptedIOException {
    try {
      return buffers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a block buffer");
    }
  }

  /** Reads {@code length} bytes at {@code position} into the buffer and zeros the rest of the block. */
  private static void readFully(FileChannel in, ByteBuffer buffer, int length, long position, Path image)
      throws IOException {
    buffer.clear().limit(length);
    while (buffer.hasRemaining()) {
      if (in.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("image " + image + " ended early at byte " + (position + buffer.position()));
      }
    }
    buffer.limit(BLOCK);
    while (buffer.hasRemaining()) {
      buffer.put((byte) 0);
    }
    buffer.clear();
  }
}
