package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;

class WildcardTest {

  @Test
  void star_matchesZeroOrMoreCharacters() {
    Wildcard w = Wildcard.of("web-12*");
    assertTrue(w.matches("web-12"));
    assertTrue(w.matches("web-1234"));
    assertFalse(w.matches("web-1"));
    assertFalse(w.matches("xweb-12"));
  }

  @Test
  void questionMark_matchesZeroOrOneCharacter_asTheEc2UserGuideSays() {
    // UG Using_Filtering: "database?" matches "database" and "database" plus one character
    Wildcard w = Wildcard.of("database?");
    assertTrue(w.matches("database"));
    assertTrue(w.matches("database1"));
    assertFalse(w.matches("database12"));
    Wildcard four = Wildcard.of("database????");
    assertTrue(four.matches("database"));
    assertTrue(four.matches("database1234"));
    assertFalse(four.matches("database12345"));
  }

  @Test
  void backslash_escapesWildcards() {
    assertTrue(Wildcard.of("a\\*b").matches("a*b"));
    assertFalse(Wildcard.of("a\\*b").matches("axxb"));
    assertTrue(Wildcard.of("what\\?").matches("what?"));
    assertFalse(Wildcard.of("what\\?").matches("what"));
    assertTrue(Wildcard.of("back\\\\slash").matches("back\\slash"));
    assertTrue(Wildcard.of("a\\b").matches("a\\b")); // a backslash before anything else is itself
  }

  @Test
  void matching_isCaseSensitive() {
    assertFalse(Wildcard.of("Web*").matches("web-1"));
  }

  @Test
  void literalPrefix_stopsAtFirstWildcard_andUnescapes() {
    assertEquals("web-12", Wildcard.of("web-12*").literalPrefix());
    assertEquals("a*b", Wildcard.of("a\\*b?c").literalPrefix());
    assertTrue(Wildcard.of("plain").isLiteral());
    assertFalse(Wildcard.of("pl?in").isLiteral());
  }

  @Test
  void pathologicalPattern_isLinear() {
    // a backtracking regex needs exponential time here; the automaton answers at once
    String value = "a".repeat(5_000) + "b";
    assertFalse(Wildcard.of("*a*a*a*a*a*a*a*a*a*a*c").matches(value));
  }

  @Test
  void matches_agreesWithARegexModel() {
    Property.check("wildcard agrees with regex model", 2_000, random -> {
      String alphabet = "ab*?\\";
      StringBuilder pattern = new StringBuilder();
      for (int i = random.nextInt(0, 8); i > 0; i--) {
        pattern.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      StringBuilder value = new StringBuilder();
      for (int i = random.nextInt(0, 8); i > 0; i--) {
        value.append("ab*?\\".charAt(random.nextInt(5)));
      }
      boolean expected = toRegex(pattern.toString()).matcher(value).matches();
      assertEquals(expected, Wildcard.of(pattern.toString()).matches(value.toString()),
          () -> "pattern '" + pattern + "' value '" + value + "'");
    });
  }

  /** The reference: EC2's rules written as a regex, independent of the automaton. */
  private static Pattern toRegex(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length() && "*?\\".indexOf(pattern.charAt(i + 1)) >= 0) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '*') {
        regex.append("(?s:.*)");
      } else if (c == '?') {
        regex.append("(?s:.?)");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
