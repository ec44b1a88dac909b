package org.amisdk.storage.block;

import java.util.Objects;
import java.util.Optional;

/** A completed snapshot: its id, its parent (if it had one) and its exact size in bytes. */
public record SnapshotInfo(BlockSnapshotId id, Optional<BlockSnapshotId> parent, long sizeBytes) {
  /** Checks the fields. */
  public SnapshotInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(parent, "parent");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("snapshot size " + sizeBytes + " is negative");
    }
  }
}
