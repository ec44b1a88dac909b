package org.amisdk.json;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The sample round-trip comparison itself: it must fail when a known key is lost or changed. */
class JsonTreesTest {
  private static void same(String original, String written) {
    JsonTrees.assertSameKnown(JsonTrees.parse(original), JsonTrees.parse(written), "$");
  }

  @Test
  void unknownKey_mayBeDropped_knownKeyMayNot() {
    same("{\"Name\": \"a\", \"NextToken\": \"\"}", "{\"Name\": \"a\"}");
    assertThrows(AssertionError.class, () -> same("{\"Name\": \"a\", \"Description\": \"d\"}", "{\"Name\": \"a\"}"));
  }

  @Test
  void changedValue_orAddedKey_fails() {
    assertThrows(AssertionError.class, () -> same("{\"Name\": \"a\"}", "{\"Name\": \"b\"}"));
    assertThrows(AssertionError.class, () -> same("{\"VolumeSize\": 8}", "{\"VolumeSize\": 9}"));
    assertThrows(AssertionError.class, () -> same("{\"Name\": \"a\"}", "{\"Name\": \"a\", \"Public\": false}"));
    assertThrows(AssertionError.class, () -> same("{\"Tags\": [1, 2]}", "{\"Tags\": [1]}"));
  }

  @Test
  void sameInstant_inAnotherForm_isEqual_anotherInstantIsNot() {
    same("{\"StartTime\": \"2017-02-28T01:35:12.000Z\"}", "{\"StartTime\": \"2017-02-28T01:35:12.000000+00:00\"}");
    assertThrows(AssertionError.class,
        () -> same("{\"StartTime\": \"2017-02-28T01:35:12.000Z\"}", "{\"StartTime\": \"2017-02-28T01:35:13.000000+00:00\"}"));
  }
}
