package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 7: deregistering keeps (and bills) snapshots; deleting the orphans lowers the monthly cost by their exclusive data. */
class CleanupAndCostTest {

  @Test
  void deletingOrphans_lowersMonthlyCost_byTheirExclusiveBlocks_inUseSnapshotRefused(@TempDir Path directory) throws IOException {
    CleanupAndCost.Result result = CleanupAndCost.run(directory, Printed.discard());

    assertEquals(3, result.orphansFound());
    assertEquals(3, result.orphansAudited(), "the audit finds the same orphans as DescribeSnapshots");
    assertEquals(3, result.orphansDeleted());
    assertEquals("InvalidSnapshot.InUse", result.inUseRefusal());
    // $0.05 per GiB-month (us-east-1 list rate): 8 MiB base + 5 x 32 MiB, then 3 x 32 MiB freed
    assertEquals(0, new BigDecimal("0.05").multiply(BigDecimal.valueOf(168)).divide(BigDecimal.valueOf(1024))
        .compareTo(result.monthlyBefore()), "before: " + result.monthlyBefore());
    assertEquals(0, new BigDecimal("0.05").multiply(BigDecimal.valueOf(72)).divide(BigDecimal.valueOf(1024))
        .compareTo(result.monthlyAfter()), "after: " + result.monthlyAfter());
    assertEquals(0, result.monthlyAfter().subtract(result.monthlyBefore()).compareTo(result.predictedChange()),
        "the cost report's what-if predicts the change: " + result.predictedChange());
  }
}
