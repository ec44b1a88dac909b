package org.amisdk.storage.block;

import java.util.Optional;

/**
 * A block that differs between two snapshots of one lineage (ListChangedBlocks): both addresses
 * when it is in both, only {@code first} when only the first has it, only {@code second} when only
 * the second has it.
 */
public record ChangedBlock(long index, Optional<BlockAddress> first, Optional<BlockAddress> second) {}
