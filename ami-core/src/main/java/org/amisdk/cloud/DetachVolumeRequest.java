package org.amisdk.cloud;

import java.util.Optional;
import org.amisdk.model.InstanceId;
import org.amisdk.model.VolumeId;
import org.immutables.value.Value;

/** DetachVolume: the volume, and optionally the instance and device it must be attached at. */
@Value.Immutable
public abstract class DetachVolumeRequest {
  DetachVolumeRequest() {}

  /** The volume to detach. */
  public abstract VolumeId volumeId();

  /** The instance it must be attached to; refused with {@code InvalidAttachment.NotFound} when it is not. */
  public abstract Optional<InstanceId> instanceId();

  /** The device it must be attached at; refused as {@link #instanceId()} is. */
  public abstract Optional<String> device();

  /** Force: the detachment completes at once instead of after the detach time. */
  @Value.Default
  public boolean force() {
    return false;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DetachVolumeRequest}. */
  public static final class Builder extends ImmutableDetachVolumeRequest.Builder {
    Builder() {}
  }
}
