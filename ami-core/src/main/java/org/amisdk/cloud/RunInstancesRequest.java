package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.ImageId;
import org.amisdk.model.Tag;
import org.immutables.value.Value;
/** RunInstances: launches {@code maxCount} instances of an image. */
@Value.Immutable
public abstract class RunInstancesRequest {
  RunInstancesRequest() {}

  /** The image. */
  public abstract ImageId imageId();

  /** The instance type, e.g. {@code t3.micro}. */
  public abstract String instanceType();

  /** The fewest instances to launch. */
  @Value.Default
  public int minCount() {
    return 1;
  }

  /** The instances to launch. */
  @Value.Default
  public int maxCount() {
    return 1;
  }

  /** Overrides of the image's mappings, by device name. */
  public abstract List<BlockDeviceMapping> blockDeviceMappings();

  /** Placement's Availability Zone, one of the region's; absent for the region's first zone. */
  public abstract Optional<String> availabilityZone();

  /** Tags for the instances. */
  public abstract List<Tag> tags();

  /**
   * A client token ("Ensuring idempotency in Amazon EC2 API requests"): a retry with the same token
   * and parameters returns the first call's reservation and changes nothing; at most 64 ASCII characters.
   */
  public abstract Optional<String> clientToken();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RunInstancesRequest}. */
  public static final class Builder extends ImmutableRunInstancesRequest.Builder {
    Builder() {}
  }
}
