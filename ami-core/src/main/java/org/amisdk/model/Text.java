package org.amisdk.model;

/** Small text helpers for rules and messages. */
final class Text {
  private static final int SHOWN = 80;

  private Text() {}

  /** {@code text} cut to a readable length for an error message (input may be untrusted). */
  static String shorten(String text) {
    return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...(" + text.length() + " chars)";
  }

  /** The length in Unicode characters (code points), as EC2 counts tag keys and values. */
  static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  /** Refuses, with {@code errorCode}, a text longer than {@code max} characters. */
  static String atMost(String field, String text, int max, String errorCode) {
    if (length(text) > max) {
      throw new Ec2Exception(errorCode, String.format(
          "%s \"%s\" is %d characters long; at most %d are allowed", field, shorten(text), length(text), max));
    }
    return text;
  }
}
