package org.amisdk.model;

import java.util.random.RandomGenerator;

/** The id of an instance, e.g. {@code i-0123456789abcdef0} or the legacy {@code i-1a2b3c4d}. */
public final class InstanceId extends ResourceId {
  private InstanceId(String id) {
    super(id);
  }

  /**
   * Parses {@code i-} plus 8 or 17 lowercase hex digits.
   *
   * @throws Ec2Exception {@code InvalidInstanceID.Malformed} when {@code text} is not of that form
   */
  public static InstanceId parse(String text) {
    return new InstanceId(checked("i", Ec2ErrorCode.INVALID_INSTANCE_ID_MALFORMED, text));
  }

  /** A fresh 17-hex-digit id drawn from {@code random}. */
  public static InstanceId random(RandomGenerator random) {
    return new InstanceId(fresh("i", random));
  }
}
