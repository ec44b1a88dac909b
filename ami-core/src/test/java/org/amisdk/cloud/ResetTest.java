package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.amisdk.model.ImageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalCloud#reset}: every region is as in a fresh cloud, its stored bytes freed, durably. */
class ResetTest {
  @TempDir
  Path dir;

  private static void fill(World world) {
    ImageId image = world.image(world.alice, "to-reset");
    world.alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").build());
    world.bob.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
    world.alice.enableImageBlockPublicAccess();
    String pending = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()).snapshotId().toString();
    world.alice.putSnapshotBlock(pending, 0, DirectApiTest.block(1), DirectApiTest.checksum(DirectApiTest.block(1)));
    world.cloud.client(World.CAROL, World.OTHER_REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("eu-west-1a").size(1).build());
  }

  private static void assertEmpty(LocalCloud cloud) {
    for (var region : List.of(World.REGION, World.OTHER_REGION)) {
      for (var account : List.of(World.ALICE, World.BOB, World.CAROL)) {
        Ec2 client = cloud.client(account, region);
        assertEquals(List.of(), client.describeImages(DescribeImagesRequest.builder().build()).images());
        assertEquals(List.of(), client.describeSnapshots(DescribeSnapshotsRequest.builder().build()).snapshots());
        assertEquals(List.of(), client.describeVolumes(List.of()));
        assertEquals(List.of(), client.describeInstances(List.of()));
        assertEquals("block-new-sharing", client.getImageBlockPublicAccessState(), "as for a new account");
      }
    }
  }

  @Test
  void reset_emptiesEveryRegion_andFreesEveryStoredBlock() throws Exception {
    try (World world = new World()) {
      fill(world);
      world.cloud.reset();
      assertEmpty(world.cloud);
      CloudImpl impl = (CloudImpl) world.cloud;
      assertEquals(0, impl.storage.stats().blocks(), "no stored block is left");
      assertEquals(List.of(), impl.storage.volumes());
      assertTrue(world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()).snapshotId() != null,
          "the cloud is usable afterwards");
    }
  }

  @Test
  void reset_ofADurableCloud_survivesReopening() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
      String done = alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()).snapshotId().toString();
      alice.putSnapshotBlock(done, 0, DirectApiTest.block(2), DirectApiTest.checksum(DirectApiTest.block(2)));
      alice.completeSnapshot(done, 1);
      alice.registerImage(World.register("durable", org.amisdk.model.SnapshotId.parse(done)).build());
      alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build());
      cloud.reset();
    }
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      assertEmpty(cloud);
      assertEquals(0, ((CloudImpl) cloud).storage.stats().blocks());
    }
  }
}
