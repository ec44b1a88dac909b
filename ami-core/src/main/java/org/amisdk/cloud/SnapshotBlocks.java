package org.amisdk.cloud;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a block listing (ListSnapshotBlocks or ListChangedBlocks), by ascending index.
 *
 * @param volumeSize the snapshot's volume size in GiB
 * @param blockSize the block size in bytes, 524,288
 * @param blocks the blocks of this page
 * @param expiryTime when the page's block tokens stop being accepted by {@link Ec2#getSnapshotBlock}
 * @param nextToken the token for the next page; empty on the last
 * @param <B> {@link Block} or {@link Changed}
 */
public record SnapshotBlocks<B>(long volumeSize, int blockSize, List<B> blocks, Instant expiryTime, Optional<String> nextToken) {

  /** Copies the blocks. */
  public SnapshotBlocks {
    blocks = List.copyOf(blocks);
    Objects.requireNonNull(expiryTime, "expiryTime");
    Objects.requireNonNull(nextToken, "nextToken");
  }

  /** A written block of a snapshot and the token {@link Ec2#getSnapshotBlock} reads it with. */
  public record Block(long blockIndex, String blockToken) {}

  /**
   * A block that differs between two snapshots: both tokens when both have it, only one when the
   * other reads zeros there.
   */
  public record Changed(long blockIndex, Optional<String> firstBlockToken, Optional<String> secondBlockToken) {}
}
