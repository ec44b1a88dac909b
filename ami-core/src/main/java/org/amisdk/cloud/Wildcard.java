package org.amisdk.cloud;

import java.util.Arrays;

/**
 * A filter value as EC2 matches it: case-sensitive, {@code *} matches zero or more characters,
 * {@code ?} matches zero or one character (EC2's documented meaning, not the shell's exactly-one),
 * and a backslash makes the next {@code *}, {@code ?} or backslash literal.
 *
 * <p>Matching simulates the pattern as a small automaton, so it takes time proportional to the
 * pattern length times the value length, whatever the pattern: no regex backtracking.
 */
final class Wildcard {
  private static final char ANY_RUN = '\uE000';
  private static final char ANY_ONE = '\uE001';

  private final String pattern;
  /** The pattern's tokens: a literal character, or one of the two private-use markers above. */
  private final char[] tokens;
  /** Whether each token is a wildcard marker (a literal may itself be a private-use character). */
  private final boolean[] wild;
  private final String literalPrefix;
  private final boolean literal;

  private Wildcard(String pattern) {
    this.pattern = pattern;
    char[] chars = new char[pattern.length()];
    boolean[] marks = new boolean[pattern.length()];
    int n = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length() && isEscapable(pattern.charAt(i + 1))) {
        chars[n++] = pattern.charAt(++i);
      } else if (c == '*' || c == '?') {
        chars[n] = c == '*' ? ANY_RUN : ANY_ONE;
        marks[n++] = true;
      } else {
        chars[n++] = c;
      }
    }
    this.tokens = Arrays.copyOf(chars, n);
    this.wild = Arrays.copyOf(marks, n);
    int prefix = 0;
    while (prefix < n && !wild[prefix]) {
      prefix++;
    }
    this.literalPrefix = new String(tokens, 0, prefix);
    this.literal = prefix == n;
  }

  /** Compiles a filter value. */
  static Wildcard of(String pattern) {
    if (pattern == null) {
      throw new NullPointerException("filter value");
    }
    return new Wildcard(pattern);
  }

  private static boolean isEscapable(char c) {
    return c == '*' || c == '?' || c == '\\';
  }

  /** Whether {@code value} matches the whole pattern. */
  boolean matches(String value) {
    if (literal) {
      return literalPrefix.equals(value);
    }
    if (!value.startsWith(literalPrefix)) {
      return false;
    }
    int n = tokens.length;
    // states[i]: the first i tokens have consumed the characters read so far
    boolean[] states = new boolean[n + 1];
    boolean[] next = new boolean[n + 1];
    states[0] = true;
    closeOverEmpty(states);
    for (int c = 0; c < value.length(); c++) {
      char ch = value.charAt(c);
      Arrays.fill(next, false);
      boolean any = false;
      for (int i = 0; i < n; i++) {
        if (!states[i]) {
          continue;
        }
        if (wild[i]) {
          if (tokens[i] == ANY_RUN) {
            next[i] = true; // the run goes on
          }
          next[i + 1] = true; // the wildcard takes this character and ends
          any = true;
        } else if (tokens[i] == ch) {
          next[i + 1] = true;
          any = true;
        }
      }
      if (!any) {
        return false;
      }
      closeOverEmpty(next);
      boolean[] swap = states;
      states = next;
      next = swap;
    }
    return states[n];
  }

  /** Both wildcards may match nothing: a state before one also holds after it. */
  private void closeOverEmpty(boolean[] states) {
    for (int i = 0; i < tokens.length; i++) {
      if (states[i] && wild[i]) {
        states[i + 1] = true;
      }
    }
  }

  /** The characters every match starts with: the pattern up to its first wildcard, unescaped. */
  String literalPrefix() {
    return literalPrefix;
  }

  /** Whether the pattern has no wildcard, so it matches exactly one value. */
  boolean isLiteral() {
    return literal;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
