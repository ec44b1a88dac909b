package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeType;
import org.immutables.value.Value;
/** CreateVolume: empty of a size, or from a snapshot (ready at once, restored lazily). */
@Value.Immutable
public abstract class CreateVolumeRequest {
  CreateVolumeRequest() {}

  /** The size in GiB; at least the snapshot's. */
  public abstract Optional<Integer> size();

  /** The snapshot to restore. */
  public abstract Optional<SnapshotId> snapshotId();

  /** The type; EC2's default is gp2. */
  @Value.Default
  public VolumeType volumeType() {
    return VolumeType.GP2;
  }

  /** Whether the volume is encrypted (always, from an encrypted snapshot). */
  @Value.Default
  public boolean encrypted() {
    return false;
  }

  /** Tags for the volume. */
  public abstract List<Tag> tags();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CreateVolumeRequest}. */
  public static final class Builder extends ImmutableCreateVolumeRequest.Builder {
    Builder() {}
  }
}
