package org.amisdk.cloud;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a block listing (ListSnapshotBlocks, ListChangedBlocks) to answer.
 *
 * @param maxResults how many blocks at most (100 to 10,000; default 10,000)
 * @param nextToken the token the previous page ended with
 * @param startingBlockIndex the lowest block index to list
 */
public record BlockPage(Optional<Integer> maxResults, Optional<String> nextToken, Optional<Long> startingBlockIndex) {

  /** Checks that no part is null. */
  public BlockPage {
    Objects.requireNonNull(maxResults, "maxResults");
    Objects.requireNonNull(nextToken, "nextToken");
    Objects.requireNonNull(startingBlockIndex, "startingBlockIndex");
  }

  /** The first page of the default size, from block 0. */
  public static BlockPage first() {
    return new BlockPage(Optional.empty(), Optional.empty(), Optional.empty());
  }
}
