package org.amisdk.model;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * The EBS volume of a block device mapping: from a snapshot and/or of a size, of a volume type,
 * with the IOPS and throughput that type allows.
 *
 * <p>Rules (EC2's current limits): a snapshot or a size is given; the size fits the type (gp2
 * 1–16,384 GiB, gp3 1–65,536, io1 4–16,384, io2 4–65,536, st1/sc1 125–16,384, standard
 * 1–1,024); IOPS are required for io1 (100–64,000) and io2 (100–256,000), optional for gp3
 * (3,000–80,000) and refused for the other types; throughput is gp3 only (125–2,000 MiB/s); a KMS
 * key needs {@code encrypted} true. An absent volume type counts as EC2's default, gp2.
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
    String bad = Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING;
    VolumeType type = effectiveVolumeType();
    String name = type.wireValue();
    volumeSize().ifPresent(size -> Rules.inRange(name + " volume size (GiB)", size, minSize(type), maxSize(type), bad));
    if (iops().isPresent()) {
      if (maxIops(type) == 0) {
        throw new Ec2Exception(bad, String.format(
            "%s iops %d is refused: iops can be given only for io1, io2 and gp3 volumes", name, iops().get()));
      }
      Rules.inRange(name + " iops", iops().get(), minIops(type), maxIops(type), bad);
    } else if (type == VolumeType.IO1 || type == VolumeType.IO2) {
      throw new Ec2Exception(bad, name + " volume has no iops: iops are required for io1 and io2 volumes");
    }
    if (throughput().isPresent()) {
      if (type != VolumeType.GP3) {
        throw new Ec2Exception(bad, String.format(
            "%s throughput %d is refused: throughput can be given only for gp3 volumes", name, throughput().get()));
      }
      Rules.inRange("gp3 throughput (MiB/s)", throughput().get(), 125, 2000, bad);
    }
    if (kmsKeyId().isPresent() && !encrypted().orElse(false)) {
      throw new Ec2Exception(bad, String.format(
          "KMS key \"%s\" is given for an unencrypted volume: KmsKeyId needs Encrypted true", Text.shorten(kmsKeyId().get())));
    }
    kmsKeyId().ifPresent(key -> Text.atMost("KMS key id", Rules.notEmpty("KMS key id", key), 2048, bad));
  }

  static int minSize(VolumeType type) {
    return switch (type) {
      case IO1, IO2 -> 4;
      case ST1, SC1 -> 125;
      default -> 1;
    };
  }

  static int maxSize(VolumeType type) {
    return switch (type) {
      case GP3, IO2 -> 65_536;
      case STANDARD -> 1_024;
      default -> 16_384;
    };
  }

  static int minIops(VolumeType type) {
    return type == VolumeType.GP3 ? 3_000 : 100;
  }

  /** The largest IOPS for {@code type}, or 0 when the type takes no IOPS. */
  static int maxIops(VolumeType type) {
    return switch (type) {
      case GP3 -> 80_000;
      case IO1 -> 64_000;
      case IO2 -> 256_000;
      default -> 0;
    };
  }
}
