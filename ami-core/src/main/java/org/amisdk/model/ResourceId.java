package org.amisdk.model;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An EC2 resource id: a prefix, a hyphen and 8 (legacy) or 17 lowercase hex digits, e.g. {@code
 * ami-0abcdef1234567890}. Its {@link #toString()} is the id and parses back to an equal id.
 */
public abstract sealed class ResourceId
    permits ImageId, KernelId, RamdiskId, SnapshotId, VolumeId, InstanceId, ReservationId {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private final String id;

  ResourceId(String id) {
    this.id = id;
  }

  /**
   * Parses an id of any kind by its prefix ({@code ami-}, {@code aki-}, {@code ari-}, {@code snap-},
   * {@code vol-}, {@code i-}), as CreateTags takes them.
   *
   * @throws Ec2Exception {@code InvalidID} for an unknown prefix; the kind's {@code *.Malformed}
   *     code when the rest is not of EC2's form
   */
  public static ResourceId parse(String text) {
    Objects.requireNonNull(text, "id");
    int hyphen = text.indexOf('-');
    String prefix = hyphen < 0 ? "" : text.substring(0, hyphen);
    return switch (prefix) {
      case "ami" -> ImageId.parse(text);
      case "aki" -> KernelId.parse(text);
      case "ari" -> RamdiskId.parse(text);
      case "snap" -> SnapshotId.parse(text);
      case "vol" -> VolumeId.parse(text);
      case "i" -> InstanceId.parse(text);
      default -> throw Ec2Exception.of(Ec2ErrorCode.INVALID_ID, "The ID '%s' is not valid", Text.shorten(text));
    };
  }

  /** The text after the prefix's hyphen: 8 or 17 lowercase hex digits. */
  public final String hex() {
    return id.substring(id.indexOf('-') + 1);
  }

  @Override
  public final boolean equals(Object other) {
    return other != null && other.getClass() == getClass() && ((ResourceId) other).id.equals(id);
  }

  @Override
  public final int hashCode() {
    return 31 * getClass().hashCode() + id.hashCode(); // no varargs array: ids are hashed by the million
  }

  @Override
  public final String toString() {
    return id;
  }

  /** Checks {@code text} is {@code prefix-} plus 8 or 17 lowercase hex digits; returns it. */
  static String checked(String prefix, String errorCode, String text) {
    Objects.requireNonNull(text, "id");
    if (!isId(prefix, text)) {
      throw new Ec2Exception(errorCode, String.format(
          "Invalid id: \"%s\" (expecting \"%s-...\"): an id is %s- followed by 8 or 17 lowercase hex digits",
          Text.shorten(text), prefix, prefix));
    }
    return text;
  }

  /** Whether {@code text} is {@code prefix-} plus 8 or 17 lowercase hex digits; no regex, as a catalog parses ids by the million. */
  private static boolean isId(String prefix, String text) {
    int digits = text.length() - prefix.length() - 1;
    if ((digits != 8 && digits != 17) || !text.startsWith(prefix) || text.charAt(prefix.length()) != '-') {
      return false;
    }
    for (int i = prefix.length() + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  /** A fresh long-form id: {@code prefix-} plus 17 hex digits drawn from {@code random}. */
  static String fresh(String prefix, RandomGenerator random) {
    char[] hex = new char[17];
    for (int i = 0; i < hex.length; i++) {
      hex[i] = DIGITS[random.nextInt(16)];
    }
    return prefix + "-" + new String(hex);
  }
}
