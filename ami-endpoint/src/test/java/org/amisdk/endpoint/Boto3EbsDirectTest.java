package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.amisdk.model.SnapshotId;
import org.amisdk.cloud.BlockPage;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.DescribeSnapshotsRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.cloud.SnapshotBlocks;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotState;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * boto3 (Debian's python3-boto3, run by {@code /usr/bin/python3}) against the HTTP server on
 * 127.0.0.1: EBS direct put/list/get with boto3's {@code ebs} client and the test-control requests
 * ({@code src/test/python/boto3_ebs_direct.py}); what the script made is then checked through the
 * native API. Skipped, saying so, where boto3 is not installed.
 */
class Boto3EbsDirectTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Path SCRIPT = Path.of("src/test/python/boto3_ebs_direct.py");
  private static final AccountId ACCOUNT = AccountId.parse("111122223333");

  private static boolean boto3Installed() throws Exception {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return false;
    }
    Process probe = new ProcessBuilder(PYTHON, "-c", "import boto3").redirectErrorStream(true).start();
    probe.getInputStream().readAllBytes();
    return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
  }

  @Test
  void boto3_putsListsAndGetsBlocks_andDrivesTestControl() throws Exception {
    Assumptions.assumeTrue(boto3Installed(),
        "skipped: " + PYTHON + " cannot import boto3 (install Debian's python3-boto3 to run this test)");
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (LocalCloud cloud = LocalCloud.builder().clock(clock).build();
        EndpointServer server = LocalEndpoint.serveWithTestControl(cloud, 0)) {
      ProcessBuilder run = new ProcessBuilder(PYTHON, SCRIPT.toString(), server.url().toString(), ACCOUNT.toString());
      Map<String, String> env = run.environment();
      env.keySet().removeIf(name -> name.startsWith("AWS_") || name.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
      env.put("NO_PROXY", "127.0.0.1,localhost");
      env.put("AWS_CONFIG_FILE", "/dev/null");
      env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      Process script = run.redirectErrorStream(true).start();
      String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(script.waitFor(120, TimeUnit.SECONDS), "the script finished");
      assertEquals(0, script.exitValue(), output);

      String last = output.strip().lines().reduce((a, b) -> b).orElseThrow();
      JsonNode made = new ObjectMapper().readTree(last);
      Ec2 owner = cloud.client(ACCOUNT, Region.US_EAST_1);
      String snapshot = made.get("SnapshotId").asText();
      assertEquals(SnapshotState.COMPLETED, owner.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(SnapshotId.parse(snapshot))
          .build()).snapshots().get(0).state(), "boto3's snapshot is completed in the catalog");
      List<SnapshotBlocks.Block> blocks = owner.listSnapshotBlocks(snapshot, BlockPage.first()).blocks();
      assertEquals(List.of(0L, 3L), blocks.stream().map(SnapshotBlocks.Block::blockIndex).toList());
      byte[] sevens = new byte[EbsWorld.BLOCK];
      java.util.Arrays.fill(sevens, (byte) 7);
      assertArrayEquals(sevens, owner.getSnapshotBlock(snapshot, 0, blocks.get(0).blockToken()).data());
      assertEquals(List.of("seeded-by-boto3"), owner.describeImages(DescribeImagesRequest.builder().addOwners("self").build())
          .images().stream().map(i -> i.name().orElseThrow()).toList(), "seeded for the account");
      assertEquals(Instant.parse("2026-01-01T01:00:00Z"), clock.instant(), "the manual clock moved an hour");
      assertEquals(clock.instant().toString(), made.get("Now").asText());
    }
  }
}
