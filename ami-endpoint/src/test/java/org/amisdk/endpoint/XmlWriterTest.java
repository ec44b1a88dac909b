package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;

/** The XML writer's hand-made fast paths give exactly what the general code gives. */
class XmlWriterTest {
  private static final DateTimeFormatter EC2_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  @Test
  void timesAreEc2sFormWithMillisecondsInUtc() {
    assertEquals("2026-01-01T00:00:00.000Z", XmlWriter.time(Instant.parse("2026-01-01T00:00:00Z")));
    assertEquals("1999-12-31T23:59:59.999Z", XmlWriter.time(Instant.parse("1999-12-31T23:59:59.999999999Z")));
    Property.check("a time is written as the formatter writes it", 2000, random -> {
      Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 400_000_000_000L), random.nextInt(1_000_000_000));
      assertEquals(EC2_TIME.format(instant), XmlWriter.time(instant), instant.toString());
    });
  }

  @Test
  void textIsEscapedWhereverTheFirstSpecialCharacterIs() {
    String written = new XmlWriter("R").text("a", "plain").text("b", "x<y & \"z\">\r\u0001\t\n").finish("R");
    assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<R xmlns=\"" + XmlWriter.NAMESPACE + "\"><a>plain</a>"
        + "<b>x&lt;y &amp; &quot;z&quot;&gt;&#13;\uFFFD\t\n</b></R>", written);
  }
}
