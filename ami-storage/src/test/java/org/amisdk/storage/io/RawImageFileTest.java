package org.amisdk.storage.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link RawImageFile} writes, with direct I/O (where this file system allows it) and without. */
class RawImageFileTest {
  private static final int PAGE = RawImageFile.ALIGNMENT;
  @TempDir Path directory;

  /** Data at offset 0 and a short tail in the middle; the end of the image never written. */
  @Test
  void unwrittenRangesReadAsZeros_andTheFileEndsAtItsSize_eitherWay() throws IOException {
    byte[] head = new byte[2 * PAGE];
    new SplittableRandom(1).nextBytes(head);
    byte[] tail = {1, 2, 3};
    int size = 40 * PAGE;
    byte[] expected = new byte[size];
    System.arraycopy(head, 0, expected, 0, head.length);
    System.arraycopy(tail, 0, expected, 8 * PAGE, tail.length);
    for (boolean direct : new boolean[] {true, false}) {
      Path file = directory.resolve("image-" + direct);
      try (RawImageFile image = RawImageFile.create(file, direct)) {
        image.write(RawImageFile.buffer(2 * PAGE).put(head).flip(), 0);
        image.write(RawImageFile.buffer(PAGE).put(tail).flip(), 8 * PAGE); // rounded up to a page when direct
        image.finish(size);
      }
      assertArrayEquals(expected, Files.readAllBytes(file), "direct " + direct);
      long allocated = AllocatedBytes.of(file);
      assertTrue(allocated <= 8L * PAGE, "direct " + direct + ": allocated " + allocated + " bytes for 4 pages");
    }
  }

  @Test
  void misalignedOffsetsAndBufferSizes_andAnExistingFile_areRefused() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> RawImageFile.buffer(5000));
    Path file = directory.resolve("image");
    try (RawImageFile image = RawImageFile.create(file, true)) {
      assertThrows(IllegalArgumentException.class, () -> image.write(RawImageFile.buffer(PAGE), 100));
    }
    assertThrows(FileAlreadyExistsException.class, () -> RawImageFile.create(file, false));
  }
}
