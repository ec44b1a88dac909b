package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 2: nightly images are incremental, the newest restores the data exactly, each older one lacks the days after it. */
class DisasterRecoveryTest {

  @Test
  void newestImage_restoresLastBackup_olderImagesLoseLaterDays(@TempDir Path directory) throws IOException {
    DisasterRecovery.Result result = DisasterRecovery.run(directory, Printed.discard());

    assertTrue(result.corruptedBeforeRestore(), "the disk must really be corrupt before the restore");
    assertTrue(result.restoredMatchesLastBackup());
    assertEquals(4, result.backups());
    assertEquals(List.of(2L, 2L, 2L, 2L), result.blocksAddedPerBackup(), "each night stores only its 1 MiB of new orders");
    assertEquals(List.of(0L, 1L << 20, 2L << 20, 3L << 20), result.lostBytesByAge());
  }
}
