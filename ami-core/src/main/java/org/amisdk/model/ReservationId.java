package org.amisdk.model;

import java.util.random.RandomGenerator;

/** The id of a reservation, the instances one RunInstances launched, e.g. {@code r-0123456789abcdef0}. */
public final class ReservationId extends ResourceId {
  private ReservationId(String id) {
    super(id);
  }

  /**
   * Parses {@code r-} plus 8 or 17 lowercase hex digits.
   *
   * @throws Ec2Exception {@code InvalidReservationID.Malformed} when {@code text} is not of that form
   */
  public static ReservationId parse(String text) {
    return new ReservationId(checked("r", Ec2ErrorCode.INVALID_RESERVATION_ID_MALFORMED, text));
  }

  /** A fresh 17-hex-digit id drawn from {@code random}. */
  public static ReservationId random(RandomGenerator random) {
    return new ReservationId(fresh("r", random));
  }
}
