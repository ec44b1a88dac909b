package org.amisdk.model;

import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** An AWS account id: exactly 12 decimal digits, e.g. {@code 123456789012}. */
public final class AccountId {
  private static final Pattern DIGITS = Pattern.compile("[0-9]{12}");
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
    if (!DIGITS.matcher(text).matches()) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_USER_ID_MALFORMED, String.format(
          "account id \"%s\" is malformed: an account id is exactly 12 decimal digits", Text.shorten(text)));
    }
    return new AccountId(text);
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
