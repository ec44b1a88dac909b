package org.amisdk.cloud;

import java.time.Instant;
import java.util.Optional;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VolumeId;

/** A snapshot in the Recycle Bin (ListSnapshotsInRecycleBin): when it entered and when it is deleted for good. */
public record RecycleBinSnapshot(
    SnapshotId snapshotId, Optional<String> description, Optional<VolumeId> volumeId, Instant recycleBinEnterTime,
    Instant recycleBinExitTime) {}
