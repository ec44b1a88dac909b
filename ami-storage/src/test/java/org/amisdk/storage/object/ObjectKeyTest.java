package org.amisdk.storage.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;

class ObjectKeyTest {

  private static void assertRefused(String key, String reason) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectKey.of(key));
    assertTrue(e.getMessage().startsWith("object key "), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void dotDotSegment_isRefused() {
    assertRefused("..", "'..' segment");
    assertRefused("a/../b", "'..' segment");
    assertRefused("a/..", "'..' segment");
    assertRefused("./a", "'.' segment");
  }

  @Test
  void leadingSlash_isRefused() {
    assertRefused("/etc/passwd", "starts with '/'");
  }

  @Test
  void emptyOrDoubledOrTrailingSlash_isRefused() {
    assertRefused("", "empty");
    assertRefused("a//b", "empty segment");
    assertRefused("a/", "empty segment");
  }

  @Test
  void controlCharactersAndBackslash_areRefused() {
    assertRefused("a\u0000b", "control character");
    assertRefused("a\nb", "control character");
    assertRefused("a\u007fb", "control character");
    assertRefused("a\u0085b", "control character");
    assertRefused("a\\..\\b", "backslash");
    assertRefused("a\uD800b", "unpaired surrogate");
  }

  @Test
  void keyLongerThan1024Utf8Bytes_isRefused() {
    assertEquals(1024, ObjectKey.of("k".repeat(1024)).utf8Length());
    assertRefused("k".repeat(1025), "longer than 1024");
    assertRefused("é".repeat(513), "longer than 1024"); // 1,026 bytes in 513 characters
  }

  @Test
  void parsesBack_andOrdersByUtf8Bytes() {
    String alphabet = "az/.-_é名\uD83D\uDE00\uFFFD";
    Property.check("object keys parse back and order by UTF-8 bytes", 500, random -> {
      ObjectKey a = randomKey(random, alphabet);
      ObjectKey b = randomKey(random, alphabet);
      if (a == null || b == null) {
        return;
      }
      assertEquals(a, ObjectKey.of(a.toString()));
      int bytes = Arrays.compareUnsigned(a.value().getBytes(StandardCharsets.UTF_8),
          b.value().getBytes(StandardCharsets.UTF_8));
      assertEquals(Integer.signum(bytes), Integer.signum(a.compareTo(b)));
    });
  }

  private static ObjectKey randomKey(java.util.SplittableRandom random, String alphabet) {
    StringBuilder key = new StringBuilder();
    int length = 1 + random.nextInt(12);
    while (key.length() < length) {
      int i = random.nextInt(alphabet.length());
      char c = alphabet.charAt(i);
      if (Character.isHighSurrogate(c)) {
        key.append(c).append(alphabet.charAt(i + 1));
      } else if (!Character.isLowSurrogate(c)) {
        key.append(c);
      }
    }
    try {
      return ObjectKey.of(key.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
