package org.amisdk.storage.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The bytes a file system allocated to a file, to see that zero ranges stayed holes. */
public final class AllocatedBytes {
  private AllocatedBytes() {}

  /** The bytes allocated to {@code file}, from {@code stat}; skips the calling test without it. */
  public static long of(Path file) throws IOException {
    Process stat;
    try {
      stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("no stat command to count allocated blocks: " + e.getMessage());
      throw e;
    }
    String[] answer = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
    Assumptions.assumeTrue(answer.length == 2 && answer[0].matches("\\d+"), "stat answered " + String.join(" ", answer));
    return Long.parseLong(answer[0]) * Long.parseLong(answer[1]);
  }
}
