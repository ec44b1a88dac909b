package org.amisdk.storage.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

  @TempDir Path dir;

  @Test
  void write_replacesWholeFile_andLeavesNoTemporary() throws IOException {
    Path target = dir.resolve("a/b/file");
    DurableFiles.write(target, new byte[] {1, 2, 3});
    DurableFiles.write(target, new byte[] {4, 5});
    assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
    try (Stream<Path> files = Files.list(target.getParent())) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void write_failingWriter_keepsOldContentAndNoTemporary() throws IOException {
    Path target = dir.resolve("file");
    DurableFiles.write(target, new byte[] {7});
    assertThrows(IOException.class, () -> DurableFiles.write(target, out -> {
      out.write(new byte[] {8, 9});
      throw new IOException("disk full");
    }));
    assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void removeLeftovers_deletesOnlyTemporaries() throws IOException {
    Path keep = dir.resolve("x/keep");
    DurableFiles.write(keep, new byte[] {1});
    Path leftover = DurableFiles.temporaryFileFor(dir.resolve("x/y/other"));
    Files.write(leftover, new byte[] {2});
    assertEquals(1, DurableFiles.removeLeftovers(dir));
    assertTrue(Files.exists(keep));
    assertFalse(Files.exists(leftover));
  }

  @Test
  void write_randomContents_readBackExactly() {
    Property.check("durable write reads back", 50, random -> {
      byte[] bytes = new byte[random.nextInt(0, 70_000)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) random.nextInt();
      }
      Path target = dir.resolve("r" + random.nextInt(5));
      DurableFiles.write(target, bytes);
      assertArrayEquals(bytes, Files.readAllBytes(target));
    });
  }
}
