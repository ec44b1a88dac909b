package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 3: a shared team image launches for the account it is shared with, with every tool, and for no other. */
class DevEnvironmentTest {

  @Test
  void sharedImage_launchesWithAllTools_forTheSharedAccountOnly(@TempDir Path directory) throws IOException {
    DevEnvironment.Result result = DevEnvironment.run(directory, Printed.discard());

    assertEquals(5, result.toolsFound());
    assertEquals(Duration.ofSeconds(20), result.readyAfter(), "an EBS-backed boot takes the realistic 20 s on the clock");
    assertEquals("AuthFailure", result.outsiderRefusal());
  }
}
