package org.amisdk.storage.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.amisdk.storage.io.DurableFiles;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the directory backend does (ami-testing runs the {@link ObjectStore} contract on it). */
class DirectoryObjectStoreTest extends StoreFixture {

  @TempDir Path root;

  @Override
  protected ObjectStore newStore() throws IOException {
    return ObjectStore.directory(root);
  }

  @Test
  void objectsSurviveReopening() throws Exception {
    put("img/a", new byte[] {1, 2, 3});
    store.close();
    try (ObjectStore reopened = ObjectStore.directory(root); InputStream in = reopened.get(key("img/a"))) {
      assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
    }
  }

  @Test
  void aSecondStoreOnAHeldDirectory_isRefused_untilTheFirstCloses() throws Exception {
    put("img/a", new byte[] {1});
    var e = assertThrows(org.amisdk.storage.io.DirectoryInUseException.class, () -> ObjectStore.directory(root));
    assertTrue(e.getMessage().contains(root.toRealPath().toString()) && e.getMessage().contains("pid "), e.getMessage());
    store.close();
    try (ObjectStore reopened = ObjectStore.directory(root)) {
      assertEquals(List.of(key("img/a")), keys(reopened.listAll("")));
    }
  }

  @Test
  void rangedReadOfADamagedChunk_failsNamingTheChunk_andOtherChunksStillRead() throws Exception {
    byte[] content = new byte[3 * DirectoryObjectStore.CHUNK + 100];
    new java.util.Random(3).nextBytes(content);
    store.put(key("r/x"), new ByteArrayInputStream(content), content.length);
    Path file = ((DirectoryObjectStore) store).pathOf(key("r/x"));
    byte[] raw = Files.readAllBytes(file);
    int header = raw.length - content.length - 4 * 4;
    raw[header + DirectoryObjectStore.CHUNK + 5] ^= 0x10; // a byte of chunk 1
    Files.write(file, raw);
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> {
      try (InputStream in = store.get(key("r/x"), DirectoryObjectStore.CHUNK + 1000, 10)) {
        in.readAllBytes();
      }
    });
    assertTrue(e.getMessage().startsWith("object r/x is corrupt: chunk 1 "), e.getMessage());
    try (InputStream in = store.get(key("r/x"), 2L * DirectoryObjectStore.CHUNK, Long.MAX_VALUE)) {
      assertArrayEquals(java.util.Arrays.copyOfRange(content, 2 * DirectoryObjectStore.CHUNK, content.length),
          in.readAllBytes(), "a range ending at the end is read, checked, whole");
    }
    assertThrows(CorruptObjectException.class, () -> read("r/x"));
  }

  @Test
  void keysMapToPathsInsideTheObjectsDirectory() {
    DirectoryObjectStore directory = (DirectoryObjectStore) store;
    Path objects = root.toAbsolutePath().normalize().resolve("objects");
    String alphabet = "ab.-_~ /%:é名";
    Property.check("directory store paths stay under its objects directory", 200, random -> {
      StringBuilder key = new StringBuilder();
      int length = 1 + random.nextInt(30);
      for (int i = 0; i < length; i++) {
        key.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      ObjectKey parsed;
      try {
        parsed = ObjectKey.of(key.toString());
      } catch (IllegalArgumentException e) {
        return; // not a key: nothing to map
      }
      Path path = directory.pathOf(parsed).normalize();
      assertTrue(path.startsWith(objects), key + " maps to " + path);
      assertFalse(path.getFileName().toString().endsWith(DurableFiles.TEMP_SUFFIX));
    });
  }

  @Test
  void keyWithTooLongSegment_isRefusedClearly() {
    String key = "a/" + "x".repeat(DirectoryObjectStore.MAX_SEGMENT_BYTES + 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.put(key(key), new ByteArrayInputStream(new byte[1]), 1));
    assertTrue(e.getMessage().contains("segment longer than"), e.getMessage());
  }

  @Test
  void flippedByteInAnObjectFile_isReportedAsCorruptWhenRead() throws Exception {
    put("c/x", new byte[] {1, 2, 3, 4});
    Path file = ((DirectoryObjectStore) store).pathOf(key("c/x"));
    byte[] raw = Files.readAllBytes(file);
    raw[raw.length - 1 - 4] ^= 1; // the last content byte (one 4-byte chunk checksum follows)
    Files.write(file, raw);
    CorruptObjectException e = assertThrows(CorruptObjectException.class, () -> read("c/x"));
    assertTrue(e.getMessage().startsWith("object c/x is corrupt"), e.getMessage());
  }

  @Test
  void leftoversOfAnInterruptedWrite_areRemovedOnOpenAndNeverReadable() throws Exception {
    put("img/kept", new byte[] {7});
    ((DirectoryObjectStore) store).pathOf(key("img/kept"));
    Path objects = root.resolve("objects");
    Files.write(objects.resolve("img.d").resolve("half.o." + "x" + DurableFiles.TEMP_SUFFIX), new byte[] {1});
    Files.write(root.resolve("tmp").resolve("y" + DurableFiles.TEMP_SUFFIX), new byte[] {1, 2});
    Files.createDirectories(root.resolve("uploads").resolve("dead"));
    Files.write(root.resolve("uploads").resolve("dead").resolve("1.part"), new byte[] {3});

    store.close();
    ObjectStore reopened = store = ObjectStore.directory(root);
    assertEquals(List.of(key("img/kept")), keys(reopened.listAll("")));
    assertThrows(NoSuchObjectException.class, () -> reopened.head(key("img/half")));
    try (Stream<Path> files = Files.walk(root)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(DurableFiles.TEMP_SUFFIX)));
    }
    try (Stream<Path> uploads = Files.list(root.resolve("uploads"))) {
      assertEquals(0, uploads.count());
    }
  }

  @Test
  void childJvmKilledMidPut_leavesTheCommittedObjectsAndNothingHalfWritten() throws Exception {
    store.close(); // the directory belongs to the child now
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            SlowPutChild.class.getName(), root.toString())
        .redirectErrorStream(true)
        .start();
    try {
      // the child commits one object, then streams a second put forever; wait for its temp file
      Path tmp = root.resolve("tmp");
      boolean writing = false;
      for (int i = 0; i < 600 && !writing && child.isAlive(); i++) {
        Thread.sleep(50);
        if (Files.isDirectory(tmp)) {
          try (Stream<Path> temps = Files.list(tmp)) {
            writing = temps.anyMatch(p -> p.toFile().length() > 1 << 20);
          }
        }
      }
      assertTrue(writing, "the child never started its second put");
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    ObjectStore reopened = store = ObjectStore.directory(root);
    assertEquals(List.of(key("crash/committed")), keys(reopened.listAll("")));
    try (InputStream in = reopened.get(key("crash/committed"))) {
      assertArrayEquals(SlowPutChild.COMMITTED, in.readAllBytes());
    }
    assertThrows(NoSuchObjectException.class, () -> reopened.head(key("crash/half")));
  }

  /** The child process of the crash test: one committed put, then a put that never ends. */
  static final class SlowPutChild {
    static final byte[] COMMITTED = "committed bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
      ObjectStore store = ObjectStore.directory(Path.of(args[0]));
      store.put(ObjectKey.of("crash/committed"), new ByteArrayInputStream(COMMITTED), COMMITTED.length);
      InputStream endless = new InputStream() {
        @Override
        public int read() {
          return 1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          java.util.Arrays.fill(b, off, off + len, (byte) 1);
          return len;
        }
      };
      store.put(ObjectKey.of("crash/half"), endless, Long.MAX_VALUE);
    }
  }
}
