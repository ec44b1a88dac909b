package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client tokens ("Ensuring idempotency in Amazon EC2 API requests"; EBS direct APIs, StartSnapshot
 * {@code ClientToken}): a retry with the same token and parameters returns the first result and
 * changes nothing, other parameters are refused; tokens are per account and region, and a durable
 * cloud keeps them across a reopen (from its journal, and from a checkpoint).
 */
class ClientTokensTest {
  @TempDir
  Path dir;

  private static StartSnapshotRequest start(String token, int size) {
    return StartSnapshotRequest.builder().volumeSize(size).clientToken(token).build();
  }

  private static DirectApiException conflict(org.junit.jupiter.api.function.Executable call) {
    DirectApiException refusal = assertThrows(DirectApiException.class, call);
    assertEquals(DirectApiException.CONFLICT, refusal.errorCode(), refusal.getMessage());
    return refusal;
  }

  private static int snapshotsOf(Ec2 client) {
    return client.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots().size();
  }

  /** 0: journal only; 200 bytes: checkpoints are written, so the tokens are read back from one. */
  @ParameterizedTest
  @ValueSource(longs = {0, 200})
  void startSnapshotToken_survivesAReopen_sameSnapshot_otherParametersConflict(long checkpointBytes) throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    LocalCloud.Builder builder = LocalCloud.builder().directory(dir).clock(clock);
    if (checkpointBytes > 0) {
      builder.checkpointBytes(checkpointBytes);
    }
    SnapshotId first;
    try (LocalCloud cloud = builder.open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      first = alice.startSnapshot(start("t-1", 2)).snapshotId();
      for (int i = 0; i < 20; i++) { // enough commits for a checkpoint when one is due at 200 bytes
        alice.startSnapshot(start("other-" + i, 1));
      }
    }
    try (var files = java.nio.file.Files.list(dir.resolve("catalog").resolve(World.REGION.code()))) {
      assertEquals(checkpointBytes > 0, files.anyMatch(f -> f.getFileName().toString().startsWith("checkpoint-")));
    }
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      assertEquals(first, alice.startSnapshot(start("t-1", 2)).snapshotId(), "the retry after the reopen returns the first snapshot");
      assertEquals(21, snapshotsOf(alice), "and starts nothing");
      DirectApiException refusal = conflict(() -> alice.startSnapshot(start("t-1", 3)));
      assertTrue(refusal.getMessage().contains(first.toString()), refusal.getMessage());
      assertEquals(21, snapshotsOf(alice));
      Ec2 bob = cloud.client(World.BOB, World.REGION);
      assertNotEquals(first, bob.startSnapshot(start("t-1", 2)).snapshotId(), "a token is per account");
      Ec2 elsewhere = cloud.client(World.ALICE, World.OTHER_REGION);
      assertNotEquals(first, elsewhere.startSnapshot(start("t-1", 2)).snapshotId(), "and per region");
    }
  }

  @Test
  void startSnapshotToken_afterTheSnapshotIsDeleted_conflicts_andAResetForgetsTokens() throws Exception {
    try (World world = new World()) {
      SnapshotId id = world.alice.startSnapshot(start("gone", 1)).snapshotId();
      world.alice.deleteSnapshot(id);
      conflict(() -> world.alice.startSnapshot(start("gone", 1)));
      world.cloud.reset();
      assertNotEquals(id, world.alice.startSnapshot(start("gone", 1)).snapshotId(), "a reset world has no tokens");
    }
  }

  @Test
  void startSnapshotToken_malformed_refused() throws Exception {
    try (World world = new World()) {
      for (String token : new String[] {"", "a b", "x".repeat(256)}) {
        DirectApiException refusal = assertThrows(DirectApiException.class, () -> world.alice.startSnapshot(start(token, 1)));
        assertEquals(DirectApiException.VALIDATION, refusal.errorCode());
        assertEquals(Optional.of("INVALID_PARAMETER_VALUE"), refusal.reason());
      }
      assertEquals(0, snapshotsOf(world.alice));
      world.alice.startSnapshot(start("x".repeat(255), 1));
    }
  }

  // ---- EC2: RunInstances, CreateVolume, CopyImage

  private static RunInstancesRequest.Builder run(ImageId image, String token) {
    return RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").maxCount(2).clientToken(token);
  }

  private static CreateVolumeRequest.Builder volume(String token) {
    return CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(4).clientToken(token);
  }

  private static CopyImageRequest.Builder copy(ImageId image, String token) {
    return CopyImageRequest.builder().sourceImageId(image).sourceRegion(World.REGION).name("copied").clientToken(token);
  }

  private static List<InstanceId> ids(List<Instance> instances) {
    return instances.stream().map(Instance::instanceId).toList();
  }

  private static int instancesOf(Ec2 client) {
    return client.describeInstances(DescribeInstancesRequest.builder().build()).instances().size();
  }

  private static int volumesOf(Ec2 client) {
    return client.describeVolumes(DescribeVolumesRequest.builder().build()).volumes().size();
  }

  @Test
  void runInstances_retrySameToken_sameReservationAndInstances_nothingLaunched_otherParametersMismatch() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "tokens");
      List<Instance> first = world.alice.runInstances(run(image, "run-1").build());
      world.clock.advance(World.LONG_ENOUGH);
      List<Instance> retry = world.alice.runInstances(run(image, "run-1").build());
      assertEquals(ids(first), ids(retry));
      assertEquals(first.get(0).reservationId(), retry.get(0).reservationId());
      assertEquals(org.amisdk.model.InstanceState.RUNNING, retry.get(0).state(), "the result shows the instances as they are now");
      assertEquals(2, instancesOf(world.alice), "the retry launched nothing");
      assertEquals(ids(first), ids(world.alice.runInstances(run(image, "run-1").availabilityZone("us-east-1b").build())),
          "the zone may differ on a retry (EC2: parameters other than the Region or Availability Zone)");
      World.refused(Ec2ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH,
          () -> world.alice.runInstances(run(image, "run-1").instanceType("t3.small").build()));
      World.refused(Ec2ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH, () -> world.alice.runInstances(run(image, "run-1").maxCount(3).build()));
      assertEquals(2, instancesOf(world.alice));
      world.alice.terminateInstances(ids(first));
      assertEquals(ids(first), ids(world.alice.runInstances(run(image, "run-1").build())), "terminated, the retry still answers them");
      assertEquals(2, instancesOf(world.alice));
      world.alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
          .addLaunchPermissionAdd(new org.amisdk.model.LaunchPermission.Account(World.BOB)).build());
      assertTrue(java.util.Collections.disjoint(ids(first), ids(world.bob.runInstances(run(image, "run-1").build()))),
          "a token is per account");
      assertEquals(4, ids(world.alice.runInstances(run(image, "run-2").build())).size() + ids(first).size());
    }
  }

  @Test
  void createVolume_retrySameToken_sameVolume_otherParametersMismatch_deletedIsNotFound() throws Exception {
    try (World world = new World()) {
      Volume first = world.alice.createVolume(volume("vol-1").build());
      assertEquals(first.volumeId(), world.alice.createVolume(volume("vol-1").build()).volumeId());
      assertEquals(first.volumeId(), world.alice.createVolume(volume("vol-1").availabilityZone("us-east-1b").build()).volumeId());
      assertEquals(1, volumesOf(world.alice));
      World.refused(Ec2ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH, () -> world.alice.createVolume(volume("vol-1").size(5).build()));
      World.refused(Ec2ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH, () -> world.alice.createVolume(volume("vol-1").encrypted(true).build()));
      assertEquals(1, volumesOf(world.alice));
      world.alice.deleteVolume(first.volumeId());
      world.clock.advance(World.LONG_ENOUGH);
      World.refused(Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND, () -> world.alice.createVolume(volume("vol-1").build()));
      assertEquals(0, volumesOf(world.alice), "the retry of a deleted volume's token creates none");
    }
  }

  @Test
  void copyImage_retrySameToken_sameImage_otherParametersMismatch() throws Exception {
    try (World world = new World()) {
      ImageId source = world.image(world.alice, "source");
      Ec2 destination = world.cloud.client(World.ALICE, World.OTHER_REGION);
      ImageId first = destination.copyImage(copy(source, "copy-1").build());
      world.clock.advance(World.LONG_ENOUGH);
      assertEquals(first, destination.copyImage(copy(source, "copy-1").build()));
      World.refused(Ec2ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH, () -> destination.copyImage(copy(source, "copy-1").name("other").build()));
      assertEquals(List.of(first), World.ids(destination, World.describe().addOwners("self").build()), "one copy made");
      assertNotEquals(first, world.alice.copyImage(copy(source, "copy-1").build()), "a token is per region: this one is us-east-1's");
    }
  }

  @Test
  void oneToken_forAnotherAction_mismatches_andAMalformedTokenIsRefused() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "tokens");
      world.alice.createVolume(volume("shared").build());
      World.refused(Ec2ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH, () -> world.alice.runInstances(run(image, "shared").build()));
      for (String token : new String[] {"", "x".repeat(65), "caf\u00e9"}) {
        World.refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> world.alice.createVolume(volume(token).build()));
        World.refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> world.alice.runInstances(run(image, token).build()));
        World.refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> world.alice.copyImage(copy(image, token).build()));
      }
      assertEquals(0, instancesOf(world.alice));
      assertEquals(1, volumesOf(world.alice));
      world.alice.createVolume(volume("x".repeat(64)).build());
    }
  }

  @Test
  void ec2Tokens_surviveAReopen() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    ImageId image;
    List<InstanceId> launched;
    VolumeId volume;
    ImageId copied;
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).timings(LifecycleTimings.realistic()).open()) {
      World world = new World(cloud, clock);
      image = world.image(world.alice, "durable");
      launched = ids(world.alice.runInstances(run(image, "run").build()));
      volume = world.alice.createVolume(volume("vol").build()).volumeId();
      copied = world.alice.copyImage(copy(image, "copy").build());
    }
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).timings(LifecycleTimings.realistic()).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      assertEquals(launched, ids(alice.runInstances(run(image, "run").build())));
      assertEquals(volume, alice.createVolume(volume("vol").build()).volumeId());
      assertEquals(copied, alice.copyImage(copy(image, "copy").build()));
      assertEquals(2, instancesOf(alice));
      assertEquals(3, volumesOf(alice), "the two instances' root volumes and the one created: the retries made none");
      World.refused(Ec2ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH, () -> alice.createVolume(volume("vol").size(9).build()));
    }
  }
}
