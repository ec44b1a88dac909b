package org.amisdk.model;

import org.immutables.value.Value;

/**
 * A tag: a case-sensitive key of 1 to 128 Unicode characters and a value of at most 256.
 *
 * <p>The sources disagree on the key limit (the user guide says 128, the EC2 API model 127); this
 * model takes the user guide's 128. Keys starting with {@code aws:} are reserved for AWS: {@link
 * #of} refuses them, while {@link #reported} accepts them, for tags read back from EC2.
 */
@Value.Immutable
public abstract class Tag {
  /** The longest key, in Unicode characters. */
  public static final int MAX_KEY_LENGTH = 128;
  /** The longest value, in Unicode characters. */
  public static final int MAX_VALUE_LENGTH = 256;
  /** The prefix reserved for tags that AWS sets. */
  public static final String RESERVED_PREFIX = "aws:";

  Tag() {}

  /** The key. */
  @Value.Parameter
  public abstract String key();

  /** The value, possibly empty. */
  @Value.Parameter
  public abstract String value();

  /** Whether this is a system tag ({@code aws:} prefix), which users cannot create or change. */
  public final boolean isReserved() {
    return key().startsWith(RESERVED_PREFIX);
  }

  /**
   * A user tag.
   *
   * @throws Ec2Exception {@code InvalidTagKey.Malformed} for an empty, too long or {@code aws:}
   *     key; {@code InvalidParameterValue} for a too long value
   */
  public static Tag of(String key, String value) {
    if (key != null && key.startsWith(RESERVED_PREFIX)) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_TAG_KEY_MALFORMED, String.format(
          "tag key \"%s\" is reserved: keys starting with aws: are set by AWS only", Text.shorten(key)));
    }
    return reported(key, value);
  }

  /**
   * A tag as EC2 reports it, including system tags with the reserved {@code aws:} prefix.
   *
   * @throws Ec2Exception as {@link #of}, except that {@code aws:} keys are accepted
   */
  public static Tag reported(String key, String value) {
    if (value == null) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "tag value is null: a tag needs a value, possibly empty");
    }
    if (key == null || key.isEmpty()) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_TAG_KEY_MALFORMED, "tag key is empty: a tag key has 1 to 128 characters");
    }
    return ImmutableTag.of(key, value);
  }

  @Value.Check
  void check() {
    Text.atMost("tag key", key(), MAX_KEY_LENGTH, Ec2ErrorCode.INVALID_TAG_KEY_MALFORMED);
    Text.atMost("tag value", value(), MAX_VALUE_LENGTH, Ec2ErrorCode.INVALID_PARAMETER_VALUE);
  }
}
