package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command: the tour runs the eight scenarios in a fresh store and ends with the summary. */
class TourTest {

  @Test
  void tour_runsEveryScenario_inAFreshStore_andSummarises(@TempDir Path directory) throws Exception {
    Path store = directory.resolve("tour-store");
    Files.createDirectories(store.resolve("1-consistent-scaling"));
    Files.createFile(store.resolve(Tour.MARKER)); // left by an earlier tour: emptied, not refused
    Files.writeString(store.resolve("stale.txt"), "from an earlier run");
    Printed printed = new Printed();

    List<Tour.Row> rows = Tour.run(store, printed.stream());

    String out = printed.text();
    assertEquals(8, rows.size());
    for (String title : List.of("1. Consistent scaling", "2. Disaster recovery", "3. Custom dev environment", "4. Updating an image",
        "5. Sharing and copying", "6. EBS-backed vs instance-store-backed", "7. Cleanup and cost", "8. Import a real disk image")) {
      assertTrue(out.contains("\n" + title + "\n  The rule: "), title);
    }
    assertTrue(out.contains("  bundling: ") && out.contains("  copying to eu-west-1: ") && out.contains("  importing: "),
        "long steps show progress");
    for (String when : List.of("Before", "After")) { // issue 6: a cost report and an audit, before and after the cleanup
      assertTrue(out.contains(when + " the cleanup, the cost report:\n    region") && out.contains(when + " the cleanup, the audit:\n    finding"),
          when);
    }
    assertTrue(out.contains("\nSummary\n"), out);
    assertTrue(rows.get(0).seen().contains("18/18 roots identical, 0 blocks copied"), rows.get(0).seen());
    assertTrue(rows.get(7).seen().endsWith("export identical"), rows.get(7).seen());
    assertFalse(out.contains("DOES NOT") || out.contains("DIFFERS") || out.contains("WRONG") || out.contains("accepted"), out);
    assertFalse(Files.exists(store.resolve("stale.txt")), "the store starts fresh");
    assertFalse(out.chars().anyMatch(c -> c == 0x1b || c == '\r'), "output not to a terminal holds no escape code or carriage return");
  }

  @Test
  void tour_refusesNonEmptyDirectoryItDidNotMake(@TempDir Path directory) throws IOException {
    Path precious = Files.writeString(directory.resolve("precious.txt"), "keep me");

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Tour.run(directory, Printed.discard()));

    assertTrue(refused.getMessage().contains("is not empty and not the tour's own"), refused.getMessage());
    assertEquals("keep me", Files.readString(precious));
  }
}
