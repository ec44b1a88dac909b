package org.amisdk.cloud;

import org.amisdk.model.ImageId;
import org.immutables.value.Value;
/** DeregisterImage: the snapshots are kept unless {@code deleteAssociatedSnapshots}. */
@Value.Immutable
public abstract class DeregisterImageRequest {
  DeregisterImageRequest() {}

  /** The image id. */
  public abstract ImageId imageId();

  /** Whether to delete the image's snapshots that no other image uses. */
  @Value.Default
  public boolean deleteAssociatedSnapshots() {
    return false;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DeregisterImageRequest}. */
  public static final class Builder extends ImmutableDeregisterImageRequest.Builder {
    Builder() {}
  }
}
