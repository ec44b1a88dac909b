package org.amisdk.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rules several value types share. */
final class Rules {
  /** At most this many user tags per resource. */
  static final int MAX_USER_TAGS = 50;

  private Rules() {}

  static String notEmpty(String field, String text) {
    if (text.isEmpty()) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_PARAMETER_VALUE, field + " is empty: it needs at least one character");
    }
    return text;
  }

  static long inRange(String field, long value, long min, long max, String errorCode) {
    if (value < min || value > max) {
      throw new Ec2Exception(errorCode, String.format("%s %d is out of range: it must be %d to %d", field, value, min, max));
    }
    return value;
  }

  /**
   * At most 50 user tags ({@code aws:} tags do not count), each key once; {@code kind} and {@code
   * id} name the resource in the message ("image ami-…"), joined only when one is needed.
   */
  static void tags(String kind, Object id, List<Tag> tags) {
    if (tags.isEmpty()) {
      return;
    }
    String subject = kind + " " + id;
    Set<String> keys = new HashSet<>();
    int user = 0;
    for (Tag tag : tags) {
      if (!keys.add(tag.key())) {
        throw new Ec2Exception(Ec2ErrorCode.INVALID_PARAMETER_VALUE, String.format(
            "tag key \"%s\" appears twice on %s: each key is unique on a resource", Text.shorten(tag.key()), subject));
      }
      user += tag.isReserved() ? 0 : 1;
    }
    if (user > MAX_USER_TAGS) {
      throw new Ec2Exception(Ec2ErrorCode.TAG_LIMIT_EXCEEDED, String.format(
          "%s has %d user tags: at most %d are allowed", subject, user, MAX_USER_TAGS));
    }
  }
}
