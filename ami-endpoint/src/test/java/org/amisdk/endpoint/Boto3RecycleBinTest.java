package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.amisdk.cloud.CreateSnapshotRequest;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.cloud.RecycleBinResourceType;
import org.amisdk.cloud.RetentionRule;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * boto3 (Debian's python3-boto3, run by {@code /usr/bin/python3}) against the HTTP server on
 * 127.0.0.1: the rbin rule API and the EC2 Recycle Bin actions with boto3's own clients
 * ({@code src/test/python/boto3_recycle_bin.py}); what the script made is then checked through the
 * native API. Skipped, saying so, where boto3 is not installed.
 */
class Boto3RecycleBinTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Path SCRIPT = Path.of("src/test/python/boto3_recycle_bin.py");
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
  void boto3_managesRules_andRestoresABinnedSnapshot() throws Exception {
    Assumptions.assumeTrue(boto3Installed(),
        "skipped: " + PYTHON + " cannot import boto3 (install Debian's python3-boto3 to run this test)");
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (LocalCloud cloud = LocalCloud.builder().clock(clock).build();
        EndpointServer server = LocalEndpoint.serve(cloud, 0)) {
      Ec2 owner = cloud.client(ACCOUNT, Region.US_EAST_1);
      var volume = owner.createVolume(CreateVolumeRequest.builder().size(1).build());
      owner.writeVolume(volume.volumeId(), 0, new byte[] {1, 2, 3}, 0, 3);
      SnapshotId snapshot = owner.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build()).snapshotId();
      clock.advance(Duration.ofHours(1));

      ProcessBuilder run = new ProcessBuilder(PYTHON, SCRIPT.toString(), server.url().toString(), ACCOUNT.toString(),
          snapshot.toString());
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
      String rule = new ObjectMapper().readTree(last).get("Rule").asText();
      List<RetentionRule> rules = owner.recycleBin().listRules(RecycleBinResourceType.EBS_SNAPSHOT);
      assertEquals(List.of(rule), rules.stream().map(RetentionRule::identifier).toList());
      assertEquals(14, rules.get(0).spec().retentionDays(), "boto3's UpdateRule is in the catalog");
      assertEquals(List.of(), owner.recycleBin().listRules(RecycleBinResourceType.EC2_IMAGE), "boto3's DeleteRule too");
      assertEquals(List.of(), owner.recycleBin().listSnapshotsInRecycleBin(List.of()), "the snapshot was restored");
    }
  }
}
