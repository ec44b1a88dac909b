package org.amisdk.model;

import java.util.random.RandomGenerator;

/** The id of a kernel image (AKI), used by paravirtual machine images, e.g. {@code aki-0123456789abcdef0} or the legacy {@code aki-1a2b3c4d}. */
public final class KernelId extends ResourceId {
  private KernelId(String id) {
    super(id);
  }

  /**
   * Parses {@code aki-} plus 8 or 17 lowercase hex digits.
   *
   * @throws Ec2Exception {@code InvalidAMIID.Malformed} when {@code text} is not of that form
   */
  public static KernelId parse(String text) {
    return new KernelId(checked("aki", Ec2ErrorCode.INVALID_AMI_ID_MALFORMED, text));
  }

  /** A fresh 17-hex-digit id drawn from {@code random}. */
  public static KernelId random(RandomGenerator random) {
    return new KernelId(fresh("aki", random));
  }
}
