package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.InstanceId;
import org.amisdk.model.Tag;
import org.immutables.value.Value;

/** CreateImage from an EBS-backed instance: one snapshot per attached EBS volume. */
@Value.Immutable
public abstract class CreateImageRequest {
  CreateImageRequest() {}

  /** The source instance. */
  public abstract InstanceId instanceId();

  /** The image name. */
  public abstract String name();

  /** The description. */
  public abstract Optional<String> description();

  /** Whether to skip the reboot (crash-consistent snapshots). */
  @Value.Default
  public boolean noReboot() {
    return false;
  }

  /** Tags for the image (TagSpecifications {@code image}). */
  public abstract List<Tag> imageTags();

  /** Tags for every snapshot made (TagSpecifications {@code snapshot}). */
  public abstract List<Tag> snapshotTags();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CreateImageRequest}. */
  public static final class Builder extends ImmutableCreateImageRequest.Builder {
    Builder() {}
  }
}
