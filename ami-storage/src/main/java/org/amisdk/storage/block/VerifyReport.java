package org.amisdk.storage.block;

import java.util.List;

/**
 * The outcome of {@link BlockDevices#verify}: how many distinct blocks were read and checked, and
 * one line per missing or corrupt block naming the snapshot or volume and block index that needs it.
 */
public record VerifyReport(long blocksChecked, List<String> problems) {
  /** Copies the list. */
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** Whether nothing is missing or corrupt. */
  public boolean isClean() {
    return problems.isEmpty();
  }
}
