package org.amisdk.storage.block;

import java.util.List;

/**
 * What {@link BlockStore#repairDirectory} did: how many files it checked, how many intact entries
 * (blocks, tombstones and catalog records) it kept, and one line per part it could not keep, naming
 * the file, the offset and the damage. Nothing lost means the store was intact (or only torn).
 */
public record RepairReport(int filesChecked, long entriesKept, List<String> lost) {
  public RepairReport {
    lost = List.copyOf(lost);
  }

  /** Whether the repair kept everything. */
  public boolean lostNothing() {
    return lost.isEmpty();
  }
}
