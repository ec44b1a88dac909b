package org.amisdk.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.io.DirectoryInUseException;
import org.amisdk.storage.io.DirectoryLock;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store directory belongs to one process: a second JVM that opens a held block store or object
 * store directory (as a durable cloud lays them out, {@code blocks} and {@code objects}) is refused
 * with an error naming the directory and the holder's pid, and changes nothing in it.
 */
class SecondProcessLockTest {
  @TempDir Path directory;

  /** The child: tries to open each store directory given, prints what happened, then "done". */
  static final class Opener {
    public static void main(String[] args) {
      for (int i = 0; i + 1 < args.length; i += 2) {
        String kind = args[i];
        Path dir = Path.of(args[i + 1]);
        try {
          if (kind.equals("blocks")) {
            BlockDevices.open(BlockStore.directory(dir)).close();
          } else {
            ObjectStore.directory(dir).close();
          }
          System.out.println(kind + " opened");
        } catch (DirectoryInUseException e) {
          System.out.println(kind + " refused: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
          System.out.println(kind + " failed otherwise: " + e);
        }
      }
      System.out.println("done");
    }
  }

  private static Map<Path, byte[]> files(Path root) throws IOException {
    Map<Path, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        // never the lock files: closing any handle on a locked file releases this process's lock
        if (!file.getFileName().toString().equals(DirectoryLock.FILE)) {
          files.put(root.relativize(file), Files.readAllBytes(file));
        }
      }
    }
    return files;
  }

  private static List<String> runOpener(Path blocks, Path objects) throws IOException, InterruptedException {
    ChildJvm child = ChildJvm.start(Opener.class, "blocks", blocks.toString(), "objects", objects.toString());
    assertTrue(child.awaitLine("done"::equals, 120_000), "the child never finished");
    return child.killAndCollect();
  }

  @Test
  void aSecondJvmOpeningAHeldDirectory_failsNamingItAndTheHolder_andChangesNothing() throws Exception {
    Path cloud = directory.resolve("cloud");
    Path blocks = cloud.resolve("blocks");
    Path objects = cloud.resolve("objects");
    byte[] image = Images.random(new SplittableRandom(5), 2L * BlockStore.BLOCK_SIZE + 99);
    BlockSnapshotId id;
    long pid = ProcessHandle.current().pid();
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(blocks));
        ObjectStore store = ObjectStore.directory(objects)) {
      id = devices.importRaw(Images.write(directory, "in.img", image), Optional.empty(), ProgressListener.NONE);
      store.put(ObjectKey.of("kept/object"), new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
      Map<Path, byte[]> before = files(cloud);

      List<String> lines = runOpener(blocks, objects);

      assertEquals(List.of(
          "blocks refused: store directory " + blocks.toRealPath() + " is in use by another process (held by pid " + pid,
          "objects refused: store directory " + objects.toRealPath() + " is in use by another process (held by pid " + pid,
          "done"), lines.stream().map(l -> l.replaceAll("(held by pid \\d+).*", "$1")).toList());
      Map<Path, byte[]> after = files(cloud);
      assertEquals(before.keySet(), after.keySet());
      before.forEach((file, bytes) -> assertArrayEquals(bytes, after.get(file), file + " changed"));
      Path out = directory.resolve("out.img");
      devices.export(id, out, ProgressListener.NONE);
      assertArrayEquals(image, Files.readAllBytes(out));
    }
    // released at close: now the other process may have them
    assertEquals(List.of("blocks opened", "objects opened", "done"), runOpener(blocks, objects));
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(blocks))) {
      assertTrue(devices.snapshot(id).isPresent());
    }
  }
}
