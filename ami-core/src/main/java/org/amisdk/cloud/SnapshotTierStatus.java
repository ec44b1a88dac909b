package org.amisdk.cloud;

import java.time.Instant;
import java.util.Optional;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.StorageTier;

/**
 * DescribeSnapshotTierStatus for one snapshot: its tier now, and its last tiering operation
 * ({@code archival-in-progress}, {@code archival-completed}, {@code temporary-restore-...}, {@code
 * permanent-restore-...}) with when it started and, for a temporary restore, when it goes back.
 */
public record SnapshotTierStatus(
    SnapshotId snapshotId,
    StorageTier storageTier,
    Optional<Instant> lastTieringStartTime,
    Optional<String> lastTieringOperationStatus,
    Optional<Instant> archivalCompleteTime,
    Optional<Instant> restoreExpiryTime) {}
