package org.amisdk.model;

import java.util.random.RandomGenerator;

/** The id of a machine image (AMI), e.g. {@code ami-0123456789abcdef0} or the legacy {@code ami-1a2b3c4d}. */
public final class ImageId extends ResourceId {
  private ImageId(String id) {
    super(id);
  }

  /**
   * Parses {@code ami-} plus 8 or 17 lowercase hex digits.
   *
   * @throws Ec2Exception {@code InvalidAMIID.Malformed} when {@code text} is not of that form
   */
  public static ImageId parse(String text) {
    return new ImageId(checked("ami", Ec2ErrorCode.INVALID_AMI_ID_MALFORMED, text));
  }

  /** A fresh 17-hex-digit id drawn from {@code random}. */
  public static ImageId random(RandomGenerator random) {
    return new ImageId(fresh("ami", random));
  }
}
