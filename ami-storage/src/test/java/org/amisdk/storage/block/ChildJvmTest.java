package org.amisdk.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test trusts the child's last lines ("deleting s-...") to know what it may no longer
 * expect; these lines must survive the kill even when the parent had not read them yet.
 */
class ChildJvmTest {
  private static final int LINES = 500;
  @TempDir Path directory;

  /** Prints {@code LINES} lines, then creates the marker file, then waits to be killed. */
  static final class Printer {
    public static void main(String[] args) throws Exception {
      for (int i = 0; i < LINES; i++) {
        System.out.println("deleting s-" + String.format("%016x", i));
      }
      System.out.flush();
      Files.createFile(Path.of(args[0]));
      Thread.sleep(600_000);
    }
  }

  @Test
  void killAndCollect_keepsTheLinesStillInThePipe() throws Exception {
    Path marker = directory.resolve("printed");
    ChildJvm child = ChildJvm.start(Printer.class, marker.toString());
    for (int i = 0; i < 600 && !Files.exists(marker); i++) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(marker), "the child did not print its lines within a minute");
    List<String> lines = child.killAndCollect(); // nothing was read before the kill
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < LINES; i++) {
      expected.add("deleting s-" + String.format("%016x", i));
    }
    assertEquals(expected, lines);
  }

  @Test
  void killAndCollect_returnsWhatWasReadBeforeAndAfterTheKill() throws Exception {
    Path marker = directory.resolve("printed");
    ChildJvm child = ChildJvm.start(Printer.class, marker.toString());
    assertTrue(child.awaitLine(line -> line.startsWith("deleting"), 60_000), "the child printed nothing");
    for (int i = 0; i < 600 && !Files.exists(marker); i++) {
      Thread.sleep(100);
    }
    assertEquals(LINES, child.killAndCollect().size());
  }
}
