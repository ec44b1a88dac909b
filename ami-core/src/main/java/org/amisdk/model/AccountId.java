package org.amisdk.model;

import java.util.Objects;
import java.util.random.RandomGenerator;

/** An AWS account id: exactly 12 decimal digits, e.g. {@code 123456789012}. */
public final class AccountId {
  private final String id;

  private AccountId(String id) {
    this.id = id;
  }

  /**
   * Parses 12 decimal digits.
   *
   * @throws Ec2Exception {@code InvalidUserID.Malformed} when {@code text} is not 12 digits
   */
  public static AccountId parse(String text) {
    Objects.requireNonNull(text, "account id");
    if (!isTwelveDigits(text)) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_USER_ID_MALFORMED, String.format(
          "account id \"%s\" is malformed: an account id is exactly 12 decimal digits", Text.shorten(text)));
    }
    return new AccountId(text);
  }

  /** Whether {@code text} is 12 decimal digits; no regex, as a catalog parses account ids by the million. */
  private static boolean isTwelveDigits(String text) {
    if (text.length() != 12) {
      return false;
    }
    for (int i = 0; i < 12; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** A fresh account id drawn from {@code random}. */
  public static AccountId random(RandomGenerator random) {
    return new AccountId(String.format("%012d", random.nextLong(1_000_000_000_000L)));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AccountId that && that.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** The 12 digits; parses back to an equal id. */
  @Override
  public String toString() {
    return id;
  }
}
