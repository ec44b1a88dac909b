package org.amisdk.examples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Where a test sends an example's report: nowhere, or into a buffer it reads back. */
final class Printed {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  static PrintStream discard() {
    return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
  }

  PrintStream stream() {
    return stream;
  }

  String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
