package org.amisdk.model;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * The EBS volume of a block device mapping: from a snapshot and/or of a size, of a volume type,
 * with the IOPS and throughput that type allows.
 *
 * <p>Rules: a snapshot or a size is given; size, IOPS, throughput and KMS key keep {@link
 * VolumeLimits} (refused with {@code InvalidBlockDeviceMapping}). An absent volume type counts as
 * EC2's default, gp2.
 */
@Value.Immutable
public abstract class EbsBlockDevice {
  EbsBlockDevice() {}

  /** The snapshot the volume is created from. */
  public abstract Optional<SnapshotId> snapshotId();

  /** The volume size in GiB. */
  public abstract Optional<Integer> volumeSize();

  /** The volume type; EC2's default is gp2. */
  public abstract Optional<VolumeType> volumeType();

  /** Provisioned IOPS (io1, io2, gp3). */
  public abstract Optional<Integer> iops();

  /** Provisioned throughput in MiB/s (gp3). */
  public abstract Optional<Integer> throughput();

  /** Whether the volume is encrypted; absent when not stated (EC2 requires it omitted for volumes from snapshots in requests). */
  public abstract Optional<Boolean> encrypted();

  /** The KMS key of an encrypted volume. */
  public abstract Optional<String> kmsKeyId();

  /** Whether the volume is deleted when the instance terminates. */
  public abstract Optional<Boolean> deleteOnTermination();

  /** The volume type, with EC2's default gp2 when none is given. */
  public final VolumeType effectiveVolumeType() {
    return volumeType().orElse(VolumeType.GP2);
  }

  /** A builder; give at least a snapshot id or a volume size. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link EbsBlockDevice}. */
  public static final class Builder extends ImmutableEbsBlockDevice.Builder {
    Builder() {}
  }

  /**
   * Checks the device can make a volume on its own: it names a snapshot or a size. An image's
   * mappings and a launch's new devices must; a launch's override of one of the image's devices
   * need not (it changes only the fields it gives).
   *
   * @throws Ec2Exception {@code InvalidBlockDeviceMapping} when it names neither
   */
  public void checkComplete() {
    if (snapshotId().isEmpty() && volumeSize().isEmpty()) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING,
          "EBS device has neither SnapshotId nor VolumeSize: it needs at least one");
    }
  }

  @Value.Check
  void check() {
    VolumeLimits.check(effectiveVolumeType(), volumeSize(), iops(), throughput(), encrypted().orElse(false), kmsKeyId(),
        VolumeLimits.Codes.MAPPING);
  }
}
