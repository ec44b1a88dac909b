package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.junit.jupiter.api.Test;

/**
 * boto3 (Debian's python3-boto3, run by {@code /usr/bin/python3}) against the HTTP server on
 * 127.0.0.1: the rbin rule API and the EC2 Recycle Bin actions with boto3's own clients
 * ({@code src/test/python/boto3_recycle_bin.py}); what the script made is then checked through the
 * native API. Skipped, saying so, where boto3 is not installed.
 */
class Boto3RecycleBinTest {
  private static final AccountId ACCOUNT = AccountId.parse("111122223333");

  @Test
  void boto3_managesRules_andRestoresABinnedSnapshot() throws Exception {
    Boto3Scripts.assumeInstalled();
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (LocalCloud cloud = LocalCloud.builder().clock(clock).build();
        EndpointServer server = LocalEndpoint.serve(cloud, 0)) {
      Ec2 owner = cloud.client(ACCOUNT, Region.US_EAST_1);
      var volume = owner.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
      owner.writeVolume(volume.volumeId(), 0, new byte[] {1, 2, 3}, 0, 3);
      SnapshotId snapshot = owner.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build()).snapshotId();
      clock.advance(Duration.ofHours(1));

      JsonNode made = Boto3Scripts.run("boto3_recycle_bin.py", server.url().toString(), ACCOUNT.toString(),
          snapshot.toString());
      String rule = made.get("Rule").asText();
      List<RetentionRule> rules = owner.recycleBin().listRules(RecycleBinResourceType.EBS_SNAPSHOT);
      assertEquals(List.of(rule), rules.stream().map(RetentionRule::identifier).toList());
      assertEquals(14, rules.get(0).spec().retentionDays(), "boto3's UpdateRule is in the catalog");
      assertEquals(List.of(), owner.recycleBin().listRules(RecycleBinResourceType.EC2_IMAGE), "boto3's DeleteRule too");
      assertEquals(List.of(), owner.recycleBin().listSnapshotsInRecycleBin(List.of()), "the snapshot was restored");
    }
  }
}
