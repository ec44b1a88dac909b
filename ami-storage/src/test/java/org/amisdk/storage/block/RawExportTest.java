package org.amisdk.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.amisdk.storage.OperationCancelledException;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.io.AllocatedBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel export on a durable directory store: 150 data blocks decoded and written by the
 * workers come back byte for byte with the zero blocks left as holes, and a cancellation in the
 * middle leaves no file and the devices usable.
 */
class RawExportTest {
  private static final int BLOCK = BlockStore.BLOCK_SIZE;
  @TempDir Path directory;

  /** 150 data blocks (75 MiB) between and around 100 zero blocks, and a short tail. */
  private static byte[] image() {
    int blocks = 250;
    byte[] image = new byte[blocks * BLOCK + 1234];
    SplittableRandom random = new SplittableRandom(13);
    for (int b = 0; b < blocks; b++) {
      if (b % 5 >= 2) {
        byte[] block = new byte[BLOCK];
        random.nextBytes(block);
        System.arraycopy(block, 0, image, b * BLOCK, BLOCK);
      }
    }
    image[image.length - 1] = 7;
    return image;
  }

  @Test
  void export_isByteForByte_andLeavesZeroBlocksAsHoles() throws IOException {
    byte[] image = image();
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(directory.resolve("store")))) {
      BlockSnapshotId id = devices.importRaw(Images.write(directory, "in.img", image), Optional.empty(),
          ProgressListener.NONE);
      Path out = directory.resolve("out.img");
      devices.export(id, out, ProgressListener.NONE);
      assertArrayEquals(image, Files.readAllBytes(out));
      long dataBytes = 151L * BLOCK;
      long allocated = AllocatedBytes.of(out);
      assertTrue(allocated < dataBytes + 100L * BLOCK / 2,
          "export allocated " + allocated + " bytes for " + dataBytes + " bytes of data: zero blocks were written");
    }
  }

  @Test
  void cancelMidExport_leavesNoFile_andTheNextExportWorks() throws IOException {
    byte[] image = image();
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(directory.resolve("store")))) {
      BlockSnapshotId id = devices.importRaw(Images.write(directory, "in.img", image), Optional.empty(),
          ProgressListener.NONE);
      Path out = directory.resolve("out.img");
      AtomicLong seen = new AtomicLong();
      assertThrows(OperationCancelledException.class, () -> devices.export(id, out, (phase, done, total) -> {
        seen.set(done);
        return done < 40L * BLOCK;
      }));
      assertTrue(seen.get() >= 40L * BLOCK && seen.get() < image.length, "cancelled at " + seen.get());
      try (Stream<Path> files = Files.list(directory)) {
        assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith("out.img")).count());
      }
      devices.export(id, out, ProgressListener.NONE);
      assertArrayEquals(image, Files.readAllBytes(out));
    }
  }

  /**
   * Both ways of writing, direct I/O (where this file system allows it) and through the page
   * cache, give the same bytes, the short tail included, and leave the zero blocks as holes.
   */
  @Test
  void directAndBufferedWrites_giveTheSameFile_withHoles() throws Exception {
    byte[] image = image();
    try (LocalBlockDevices devices = (LocalBlockDevices) BlockDevices.open(
        BlockStore.directory(directory.resolve("store")))) {
      BlockSnapshotId id = devices.importRaw(Images.write(directory, "in.img", image), Optional.empty(),
          ProgressListener.NONE);
      Manifest manifest = devices.completed(id);
      ExecutorService workers = Executors.newFixedThreadPool(3);
      try {
        for (boolean direct : new boolean[] {true, false}) {
          Path out = directory.resolve("out-" + direct + ".img");
          new RawExport(devices, workers, 3, "snapshot " + id, manifest.size, manifest.indexes, manifest.addresses,
              direct).run(out, ProgressListener.NONE);
          assertArrayEquals(image, Files.readAllBytes(out), "direct " + direct);
          long allocated = AllocatedBytes.of(out);
          assertTrue(allocated < 151L * BLOCK + 100L * BLOCK / 2, "direct " + direct + ": allocated " + allocated);
        }
      } finally {
        workers.shutdownNow();
      }
    }
  }
}
