package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the boto3 scripts of {@code src/test/python} with Debian's {@code /usr/bin/python3}, against
 * a server on 127.0.0.1 only: no AWS configuration, credentials file, proxy or instance metadata
 * of the machine is used. A test that needs boto3 is skipped, saying so, where it is missing.
 */
final class Boto3Scripts {
  private static final String PYTHON = "/usr/bin/python3";

  private Boto3Scripts() {}

  /** Skips the calling test when {@code /usr/bin/python3} cannot import boto3. */
  static void assumeInstalled() throws Exception {
    boolean installed = false;
    if (Files.isExecutable(Path.of(PYTHON))) {
      Process probe = new ProcessBuilder(PYTHON, "-c", "import boto3").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      installed = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }
    Assumptions.assumeTrue(installed,
        "skipped: " + PYTHON + " cannot import boto3 (install Debian's python3-boto3 to run this test)");
  }

  /** Runs {@code script} with {@code args}, asserts that it succeeded, and returns its last output line read as JSON. */
  static JsonNode run(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON, "src/test/python/" + script));
    command.addAll(List.of(args));
    ProcessBuilder run = new ProcessBuilder(command);
    Map<String, String> env = run.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_") || name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    env.put("NO_PROXY", "127.0.0.1,localhost");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    Process process = run.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the script " + script + " finished");
    assertEquals(0, process.exitValue(), output);
    return new ObjectMapper().readTree(output.strip().lines().reduce((a, b) -> b).orElseThrow());
  }
}
