package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeType;
import org.immutables.value.Value;

/**
 * CreateVolume in an Availability Zone of the region: empty of a size, or from a snapshot
 * (restored lazily), of a type with the IOPS and throughput it allows, encrypted with an optional
 * KMS key. The figures keep {@code VolumeLimits} (in {@code org.amisdk.model}); the zone is required, as in EC2.
 */
@Value.Immutable
public abstract class CreateVolumeRequest {
  CreateVolumeRequest() {}

  /** The Availability Zone, one of {@link Ec2#describeAvailabilityZones()}; required. */
  public abstract Optional<String> availabilityZone();

  /** The size in GiB; at least the snapshot's. */
  public abstract Optional<Integer> size();

  /** The snapshot to restore. */
  public abstract Optional<SnapshotId> snapshotId();

  /** The type; EC2's default is gp2. */
  @Value.Default
  public VolumeType volumeType() {
    return VolumeType.GP2;
  }

  /** Provisioned IOPS: required for io1 and io2, optional for gp3 (3,000 when absent), refused otherwise. */
  public abstract Optional<Integer> iops();

  /** Provisioned throughput in MiB/s: gp3 only (125 when absent). */
  public abstract Optional<Integer> throughput();

  /** Whether the volume is encrypted (always, from an encrypted snapshot). */
  @Value.Default
  public boolean encrypted() {
    return false;
  }

  /** The KMS key of an encrypted volume; refused without {@link #encrypted()}. */
  public abstract Optional<String> kmsKeyId();

  /** Tags for the volume. */
  public abstract List<Tag> tags();

  /**
   * A client token ("Ensuring idempotency in Amazon EC2 API requests"): a retry with the same token
   * and parameters returns the first call's volume and changes nothing; at most 64 ASCII characters.
   */
  public abstract Optional<String> clientToken();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CreateVolumeRequest}. */
  public static final class Builder extends ImmutableCreateVolumeRequest.Builder {
    Builder() {}
  }
}
