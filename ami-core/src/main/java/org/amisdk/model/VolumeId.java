package org.amisdk.model;

import java.util.random.RandomGenerator;

/** The id of an EBS volume, e.g. {@code vol-0123456789abcdef0} or the legacy {@code vol-1a2b3c4d}. */
public final class VolumeId extends ResourceId {
  private VolumeId(String id) {
    super(id);
  }

  /**
   * Parses {@code vol-} plus 8 or 17 lowercase hex digits.
   *
   * @throws Ec2Exception {@code InvalidVolumeID.Malformed} when {@code text} is not of that form
   */
  public static VolumeId parse(String text) {
    return new VolumeId(checked("vol", Ec2ErrorCode.INVALID_VOLUME_ID_MALFORMED, text));
  }

  /** A fresh 17-hex-digit id drawn from {@code random}. */
  public static VolumeId random(RandomGenerator random) {
    return new VolumeId(fresh("vol", random));
  }
}
