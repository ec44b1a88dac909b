package org.amisdk.model;

import java.util.Optional;

/**
 * EC2's limits on an EBS volume's size, IOPS, throughput and KMS key per volume type (current
 * limits): size gp2 1–16,384 GiB, gp3 1–65,536, io1 4–16,384, io2 4–65,536, st1/sc1 125–16,384,
 * standard 1–1,024; IOPS required for io1 (100–64,000) and io2 (100–256,000), optional for gp3
 * (3,000–80,000, default 3,000), refused for the other types; throughput gp3 only (125–2,000
 * MiB/s); a KMS key only with encryption. CreateVolume also bounds IOPS per GiB (gp3 500, io1
 * 50, io2 1,000, every io2 volume being Block Express; gp3's baseline 3,000 is always allowed)
 * and gp3 throughput by 0.25 MiB/s per IOPS, as the Amazon EBS User Guide's "Amazon EBS volume
 * types" states.
 */
public final class VolumeLimits {
  /** gp3's baseline IOPS, given when none is asked. */
  public static final int GP3_BASELINE_IOPS = 3_000;
  /** gp3's baseline throughput in MiB/s. */
  public static final int GP3_BASELINE_THROUGHPUT = 125;

  private VolumeLimits() {}

  /**
   * The error codes a refusal carries: a block device mapping refuses everything with {@code
   * InvalidBlockDeviceMapping}; CreateVolume distinguishes a value out of range ({@code
   * InvalidParameterValue}), a parameter the type does not take or lacks ({@code
   * InvalidParameterCombination}, as EC2 answers "The parameter iops must be specified for io1
   * volumes") and a KMS key without encryption ({@code InvalidParameterDependency}).
   */
  public record Codes(String outOfRange, String notForType, String missing, String dependency) {
    /** Every refusal of a block device mapping. */
    public static final Codes MAPPING = of(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING);
    /** CreateVolume's refusals. */
    public static final Codes CREATE_VOLUME = new Codes(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
        Ec2ErrorCode.INVALID_PARAMETER_COMBINATION, Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
        Ec2ErrorCode.INVALID_PARAMETER_DEPENDENCY);

    private static Codes of(String code) {
      return new Codes(code, code, code, code);
    }
  }

  /**
   * Checks a volume's figures against its type's limits; {@code size} absent (a snapshot's size,
   * not yet known) skips the size and per-GiB checks.
   *
   * @throws Ec2Exception with one of {@code codes} naming the figure, the rule and the value
   */
  public static void check(VolumeType type, Optional<Integer> size, Optional<Integer> iops, Optional<Integer> throughput,
      boolean encrypted, Optional<String> kmsKeyId, Codes codes) {
    String name = type.wireValue();
    size.ifPresent(s -> Rules.inRange(name + " volume size (GiB)", s, minSize(type), maxSize(type), codes.outOfRange()));
    if (iops.isPresent()) {
      if (maxIops(type) == 0) {
        throw new Ec2Exception(codes.notForType(), String.format(
            "%s iops %d is refused: iops can be given only for io1, io2 and gp3 volumes", name, iops.get()));
      }
      Rules.inRange(name + " iops", iops.get(), minIops(type), maxIops(type), codes.outOfRange());
    } else if (type == VolumeType.IO1 || type == VolumeType.IO2) {
      throw new Ec2Exception(codes.missing(), "The parameter iops must be specified for " + name + " volumes.");
    }
    if (throughput.isPresent()) {
      if (type != VolumeType.GP3) {
        throw new Ec2Exception(codes.notForType(), String.format(
            "%s throughput %d is refused: throughput can be given only for gp3 volumes", name, throughput.get()));
      }
      Rules.inRange("gp3 throughput (MiB/s)", throughput.get(), 125, 2000, codes.outOfRange());
    }
    if (kmsKeyId.isPresent() && !encrypted) {
      throw new Ec2Exception(codes.dependency(), String.format(
          "KMS key \"%s\" is given for an unencrypted volume: KmsKeyId needs Encrypted true", Text.shorten(kmsKeyId.get())));
    }
    kmsKeyId.ifPresent(key -> Text.atMost("KMS key id", Rules.notEmpty("KMS key id", key), 2048, codes.outOfRange()));
  }

  /**
   * Checks a volume's ratios once its size is known: IOPS per GiB (gp3's baseline 3,000 always
   * allowed) and, for gp3, at most 0.25 MiB/s of throughput per IOPS ({@code iops} absent counts
   * as the baseline).
   *
   * @throws Ec2Exception {@code code} naming the figures and the ratio
   */
  public static void checkRatios(VolumeType type, int size, Optional<Integer> iops, Optional<Integer> throughput, String code) {
    if (iops.isPresent() && iops.get() > Math.max(type == VolumeType.GP3 ? GP3_BASELINE_IOPS : 0, (long) iopsPerGiB(type) * size)) {
      throw new Ec2Exception(code, String.format("%s iops %d is too many for %d GiB: at most %d iops per GiB",
          type.wireValue(), iops.get(), size, iopsPerGiB(type)));
    }
    int provisioned = iops.orElse(GP3_BASELINE_IOPS);
    if (throughput.isPresent() && throughput.get() * 4L > provisioned) {
      throw new Ec2Exception(code, String.format(
          "gp3 throughput %d MiB/s is too high for %d iops: at most 0.25 MiB/s per iops", throughput.get(), provisioned));
    }
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
    return type == VolumeType.GP3 ? GP3_BASELINE_IOPS : 100;
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

  private static int iopsPerGiB(VolumeType type) {
    return switch (type) {
      case GP3 -> 500;
      case IO1 -> 50;
      default -> 1_000;
    };
  }
}
