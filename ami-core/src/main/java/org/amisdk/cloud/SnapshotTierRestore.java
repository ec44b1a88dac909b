package org.amisdk.cloud;

import java.time.Instant;
import java.util.Optional;
import org.amisdk.model.SnapshotId;

/** RestoreSnapshotTier's answer: when the restore started, its days for a temporary restore, and whether it is permanent. */
public record SnapshotTierRestore(SnapshotId snapshotId, Instant restoreStartTime, Optional<Integer> restoreDuration,
    boolean isPermanentRestore) {}
