package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 8: a raw disk image imports as a snapshot of its non-zero blocks and exports from a launched root byte for byte. */
class ImportDiskImageTest {

  @Test
  void givenRawFile_importsNonZeroBlocksOnly_andExportsIdentical(@TempDir Path directory) throws IOException, InterruptedException {
    Path disk = directory.resolve("given.img");
    try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(Lab.data(7, 3 * Lab.BLOCK)), 5L * Lab.BLOCK);
      channel.write(ByteBuffer.wrap(new byte[] {1}), (1L << 30) - 1); // a 1 GiB disk, its last byte set
    }
    ImportDiskImage.Result result = ImportDiskImage.run(directory.resolve("work"), Optional.of(disk), Printed.discard());

    assertEquals(1L << 30, result.diskBytes());
    assertEquals(4, result.blocksStored(), "three data blocks and the last block; the zero blocks are not stored");
    assertTrue(result.exportIdentical());
  }

  @Test
  void withoutFile_buildsExt4WithMke2fs_orSaysItIsSynthetic(@TempDir Path directory) throws IOException, InterruptedException {
    ImportDiskImage.Result result = ImportDiskImage.run(directory, Optional.empty(), Printed.discard());

    assertTrue(result.source().contains("ext4") || result.source().contains("synthetic"), result.source());
    assertTrue(result.exportIdentical());
    assertTrue(result.blocksStored() > 0 && result.blocksStored() < 2048, "a sparse 1 GiB disk stores few blocks: " + result.blocksStored());
  }
}
