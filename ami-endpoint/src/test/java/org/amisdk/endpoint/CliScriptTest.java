package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.LifecycleTimings;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The AWS CLI v2 and boto3 (Debian's packages {@code awscli} and {@code python3-boto3}) against
 * a real server on 127.0.0.1: runs {@code src/test/scripts/cli.sh}. Skipped, saying so, on a
 * machine without them; {@code .ci/run} installs them.
 */
class CliScriptTest {
  private static final Path AWS = Path.of("/usr/bin/aws");
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @Test
  void awsCliAndBoto3_runTheImageLifecycle_againstTheHttpServer() throws Exception {
    boolean boto3 = Files.isExecutable(PYTHON) && run(PYTHON.toString(), "-c", "import boto3") == 0;
    if (!Files.isExecutable(AWS) || !boto3) {
      String message = "skipped: the AWS CLI (/usr/bin/aws, Debian package awscli) or boto3 (/usr/bin/python3 with "
          + "python3-boto3) is not installed";
      System.out.println("CliScriptTest " + message);
      Assumptions.abort(message);
    }
    try (LocalCloud cloud = LocalCloud.builder().timings(LifecycleTimings.instant()).build();
        EndpointServer server = LocalEndpoint.serve(cloud, 0)) {
      Path log = Files.createTempFile("amisdk-cli", ".log");
      Process script = new ProcessBuilder("bash", "src/test/scripts/cli.sh", server.url().toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean finished = script.waitFor(5, TimeUnit.MINUTES);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      System.out.print(output);
      assertTrue(finished, "the script finished within 5 minutes: " + output);
      assertEquals(0, script.exitValue(), output);
      assertTrue(output.contains("cli: all steps passed"), output);
      // what the scripts left, seen through the native API: each copy in us-west-2, nothing in us-east-1
      AccountId account = AccountId.parse("111111111111");
      assertEquals(2, cloud.client(account, Region.US_WEST_2).describeImages(
          DescribeImagesRequest.builder().addOwners("self").build()).images().size());
      assertEquals(0, cloud.client(account, Region.US_EAST_1).describeImages(
          DescribeImagesRequest.builder().addOwners("self").build()).images().size());
    }
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }
}
