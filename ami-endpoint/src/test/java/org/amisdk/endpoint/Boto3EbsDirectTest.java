package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
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
import org.junit.jupiter.api.Test;

/**
 * boto3 (Debian's python3-boto3, run by {@code /usr/bin/python3}) against the HTTP server on
 * 127.0.0.1: EBS direct put/list/get with boto3's {@code ebs} client and the test-control requests
 * ({@code src/test/python/boto3_ebs_direct.py}); what the script made is then checked through the
 * native API. Skipped, saying so, where boto3 is not installed.
 */
class Boto3EbsDirectTest {
  private static final AccountId ACCOUNT = AccountId.parse("111122223333");

  @Test
  void boto3_putsListsAndGetsBlocks_andDrivesTestControl() throws Exception {
    Boto3Scripts.assumeInstalled();
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (LocalCloud cloud = LocalCloud.builder().clock(clock).build();
        EndpointServer server = LocalEndpoint.serveWithTestControl(cloud, 0)) {
      JsonNode made = Boto3Scripts.run("boto3_ebs_direct.py", server.url().toString(), ACCOUNT.toString());
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
