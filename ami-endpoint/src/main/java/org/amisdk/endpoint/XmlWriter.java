package org.amisdk.endpoint;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.amisdk.model.WireValue;

/**
 * Writes one EC2 XML answer: nested elements with escaped text, in the order written. Absent
 * optional values write nothing, as EC2 leaves out members it has no value for. Not thread-safe.
 */
final class XmlWriter {
  /** EC2's namespace for API version 2016-11-15. */
  static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final StringBuilder out = new StringBuilder(512);

  /** Starts the document with root {@code <name xmlns=EC2's namespace>}. */
  XmlWriter(String root) {
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root).append(" xmlns=\"").append(NAMESPACE).append("\">");
  }

  private XmlWriter() {}

  /** A document with no namespace, for EC2's error shape. */
  static XmlWriter bare(String root) {
    XmlWriter writer = new XmlWriter();
    writer.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root).append('>');
    return writer;
  }

  /** Opens {@code <name>}. */
  XmlWriter start(String name) {
    out.append('<').append(name).append('>');
    return this;
  }

  /** Closes {@code </name>}. */
  XmlWriter end(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  /** {@code <name>text</name>}. */
  XmlWriter text(String name, String text) {
    out.append('<').append(name).append('>');
    escape(text);
    out.append("</").append(name).append('>');
    return this;
  }

  /** {@code <name>value</name>} for any value written with {@code toString()}. */
  XmlWriter value(String name, Object value) {
    if (value instanceof WireValue wire) {
      return text(name, wire.wireValue());
    }
    return text(name, value instanceof Instant instant ? time(instant) : String.valueOf(value));
  }

  /** The element when {@code value} is present. */
  XmlWriter optional(String name, Optional<?> value) {
    value.ifPresent(v -> value(name, v));
    return this;
  }

  /** {@code <name>} with EC2's time form, e.g. {@code 2026-01-01T00:00:00.000Z}. */
  XmlWriter time(String name, Instant instant) {
    return text(name, time(instant));
  }

  /** EC2's time form. */
  static String time(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    if (t.getYear() < 1000 || t.getYear() > 9999) {
      return TIME.format(instant);
    }
    char[] text = new char[24]; // by hand: the formatter was a tenth of an in-process describe (measured)
    digits(text, 0, t.getYear(), 4);
    text[4] = '-';
    digits(text, 5, t.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, t.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, t.getHour(), 2);
    text[13] = ':';
    digits(text, 14, t.getMinute(), 2);
    text[16] = ':';
    digits(text, 17, t.getSecond(), 2);
    text[19] = '.';
    digits(text, 20, t.getNano() / 1_000_000, 3);
    text[23] = 'Z';
    return new String(text);
  }

  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** Closes the root and returns the document. */
  String finish(String root) {
    return out.append("</").append(root).append('>').toString();
  }

  private void escape(String text) {
    int plain = 0;
    while (plain < text.length() && isPlain(text.charAt(plain))) {
      plain++;
    }
    out.append(text, 0, plain); // most text needs no escape: copied at once
    for (int i = plain; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\r' -> out.append("&#13;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            out.append('\uFFFD'); // not representable in XML 1.0
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  private static boolean isPlain(char c) {
    return c >= 0x20 && c != '<' && c != '>' && c != '&' && c != '"' || c == '\n' || c == '\t';
  }
}
