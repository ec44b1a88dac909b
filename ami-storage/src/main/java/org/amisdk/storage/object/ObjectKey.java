package org.amisdk.storage.object;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key of an object: a canonical, validated string whose {@link #toString()} parses back
 * with {@link #of}.
 *
 * <p>A key is 1 to {@value #MAX_BYTES} UTF-8 bytes, made of segments separated by {@code /};
 * no segment is empty (so no leading, trailing or doubled {@code /}), {@code .} or {@code ..};
 * no character is a control character, a backslash or an unpaired surrogate. Keys order as S3
 * orders them: by their UTF-8 bytes, unsigned.
 */
public final class ObjectKey implements Comparable<ObjectKey> {

  /** The longest key, in UTF-8 bytes (as in S3). */
  public static final int MAX_BYTES = 1024;

  private final String value;
  private final byte[] utf8;

  private ObjectKey(String value, byte[] utf8) {
    this.value = value;
    this.utf8 = utf8;
  }

  /**
   * Parses a key.
   *
   * @throws IllegalArgumentException if {@code value} breaks a rule of the class comment
   */
  public static ObjectKey of(String value) {
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException("object key " + quote(value) + " is invalid: " + problem);
    }
    return new ObjectKey(value, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Checks a listing prefix: any key's beginning, empty included, with no control character. */
  static String checkPrefix(String prefix) {
    if (prefix.length() > MAX_BYTES || prefix.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new IllegalArgumentException("object key prefix is longer than " + MAX_BYTES + " bytes");
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (isForbidden(prefix.charAt(i))) {
        throw new IllegalArgumentException("object key prefix " + quote(prefix)
            + " is invalid: it holds a control character or a backslash at index " + i);
      }
    }
    return prefix;
  }

  private static String problem(String value) {
    if (value == null || value.isEmpty()) {
      return "it is empty";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isForbidden(c)) {
        return "it holds a control character or a backslash at index " + i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return "it holds an unpaired surrogate at index " + i;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return "it holds an unpaired surrogate at index " + i;
      }
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return "it is longer than " + MAX_BYTES + " UTF-8 bytes";
    }
    if (value.startsWith("/")) {
      return "it starts with '/'";
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isEmpty()) {
        return "it has an empty segment (a trailing or doubled '/')";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "it has a '" + segment + "' segment";
      }
    }
    return null;
  }

  private static boolean isForbidden(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\\';
  }

  private static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    int shown = Math.min(value.length(), 80);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.append(value.length() > shown ? "…'" : "'").toString();
  }

  /** The key as a string. */
  public String value() {
    return value;
  }

  /** The key's segments, the parts between {@code /}. */
  public String[] segments() {
    return value.split("/");
  }

  /** Whether this key begins with {@code prefix}. */
  public boolean startsWith(String prefix) {
    return value.startsWith(prefix);
  }

  /** The key's length in UTF-8 bytes. */
  public int utf8Length() {
    return utf8.length;
  }

  @Override
  public int compareTo(ObjectKey other) {
    return Arrays.compareUnsigned(utf8, other.utf8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectKey other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
