package org.amisdk.storage.block;

/** A written block of a snapshot (ListSnapshotBlocks): its index and its address (the token). */
public record SnapshotBlock(long index, BlockAddress address) {}
