package org.amisdk.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * EC2's timestamp texts. Image times are strings EC2 writes itself ({@code
 * 2021-09-29T11:04:43.305Z}; {@code LastLaunchedTime} without fractions, {@code
 * 2025-10-31T18:15:54Z}); snapshot times are timestamps the CLI v2 prints with microseconds and an
 * offset ({@code 2023-06-12T15:20:20.580000+00:00}). Reading accepts any ISO 8601 offset form.
 */
final class Times {
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'+00:00'").withZone(ZoneOffset.UTC);
  private static final int MAX_LENGTH = 40;

  private Times() {}

  /** An image time, to the millisecond ({@code 2021-09-29T11:04:43.305Z}); finer digits only when the time has them. */
  static String image(Instant time) {
    return time.getNano() % 1_000_000 == 0 ? MILLIS.format(time) : DateTimeFormatter.ISO_INSTANT.format(time);
  }

  /** {@code LastLaunchedTime}: whole seconds without a fraction, as EC2 writes it, else as {@link #image}. */
  static String lastLaunched(Instant time) {
    return time.getNano() == 0 ? SECONDS.format(time) : image(time);
  }

  /** A snapshot time as the CLI v2 prints it ({@code 2023-06-12T15:20:20.580000+00:00}); nanoseconds only when the time has them. */
  static String snapshot(Instant time) {
    return (time.getNano() % 1_000 == 0 ? MICROS : NANOS).format(time);
  }

  /** Parses an ISO 8601 date-time with an offset, years 0000–9999; null if it is not one. */
  static Instant parse(String text) {
    if (text.length() > MAX_LENGTH || text.length() < 4 || !Character.isDigit(text.charAt(0))) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }
}
