package org.amisdk.storage.block;

/**
 * What a snapshot costs: its size, the blocks it references (all non-zero: {@code logicalBytes} is
 * what EBS would bill for it alone), the blocks it added to the store when it was made (its
 * incremental size) and the blocks only it holds (what deleting it now would free).
 */
public record SnapshotStats(
    BlockSnapshotId id, long sizeBytes, long blocksReferenced, long blocksAdded, long blocksExclusive) {

  /** The bytes of the blocks it references: {@code blocksReferenced} × 512 KiB. */
  public long logicalBytes() {
    return blocksReferenced * BlockStore.BLOCK_SIZE;
  }
}
