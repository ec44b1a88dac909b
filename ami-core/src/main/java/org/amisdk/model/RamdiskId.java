package org.amisdk.model;

import java.util.random.RandomGenerator;

/** The id of a RAM-disk image (ARI), used by paravirtual machine images, e.g. {@code ari-0123456789abcdef0} or the legacy {@code ari-1a2b3c4d}. */
public final class RamdiskId extends ResourceId {
  private RamdiskId(String id) {
    super(id);
  }

  /**
   * Parses {@code ari-} plus 8 or 17 lowercase hex digits.
   *
   * @throws Ec2Exception {@code InvalidAMIID.Malformed} when {@code text} is not of that form
   */
  public static RamdiskId parse(String text) {
    return new RamdiskId(checked("ari", Ec2ErrorCode.INVALID_AMI_ID_MALFORMED, text));
  }

  /** A fresh 17-hex-digit id drawn from {@code random}. */
  public static RamdiskId random(RandomGenerator random) {
    return new RamdiskId(fresh("ari", random));
  }
}
