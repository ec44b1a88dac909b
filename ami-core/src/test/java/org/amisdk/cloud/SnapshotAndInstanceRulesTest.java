package org.amisdk.cloud;

import static org.amisdk.cloud.World.ALICE;
import static org.amisdk.cloud.World.BOB;
import static org.amisdk.cloud.World.describe;
import static org.amisdk.cloud.World.refused;
import static org.amisdk.cloud.World.register;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.InstanceState;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.StorageTier;
import org.amisdk.model.Tag;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeId;
import org.amisdk.storage.OperationCancelledException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Example tests of EC2's snapshot, volume and instance rules (the EC2 and EBS User Guides and the API reference); each names its rule. */
class SnapshotAndInstanceRulesTest {
  private final World world = new World();
  private final Ec2 alice = world.alice;
  private final Ec2 bob = world.bob;

  @AfterEach
  void close() throws Exception {
    world.close();
  }

  private Snapshot describeSnapshot(Ec2 client, SnapshotId id) {
    return client.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(id).build()).snapshots().get(0);
  }

  // EC2 rule: pending with a Progress percentage, then completed at 100%
  @Test
  void createSnapshot_pendingWithProgressThenCompleted() {
    Volume volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
    Snapshot created = alice.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).description("nightly").build());
    assertEquals(SnapshotState.PENDING, created.state());
    assertEquals(Optional.of(0), created.progress());
    world.clock.advance(LifecycleTimings.realistic().snapshotBase().dividedBy(2));
    Snapshot halfway = describeSnapshot(alice, created.snapshotId());
    assertEquals(SnapshotState.PENDING, halfway.state());
    assertEquals(Optional.of(50), halfway.progress());
    world.clock.advance(World.LONG_ENOUGH);
    Snapshot done = describeSnapshot(alice, created.snapshotId());
    assertEquals(SnapshotState.COMPLETED, done.state());
    assertEquals(Optional.of(100), done.progress());
    assertEquals(Optional.of(volume.volumeId()), done.volumeId());
  }

  // EC2 rule: InvalidSnapshot.InUse while a registered or disabled image uses it
  @Test
  void deleteSnapshot_usedByRegisteredOrDisabledImage_inUse() {
    SnapshotId root = world.snapshot(alice);
    ImageId image = alice.registerImage(register("web-1", root).build());
    var refusal = refused("InvalidSnapshot.InUse", () -> alice.deleteSnapshot(root));
    assertEquals("The snapshot " + root + " is currently in use by " + image, refusal.getMessage());
    world.clock.advance(World.LONG_ENOUGH);
    alice.disableImage(image);
    refused("InvalidSnapshot.InUse", () -> alice.deleteSnapshot(root));
    alice.enableImage(image);
    alice.deregisterImage(DeregisterImageRequest.builder().imageId(image).build());
    alice.deleteSnapshot(root);
    refused("InvalidSnapshot.NotFound", () -> alice.deleteSnapshot(root));
  }

  // EC2 rule: DescribeSnapshots shows own, shared and public snapshots; a valid id one cannot access is left out
  @Test
  void describeSnapshots_visibilityOwnersAndRestorableBy() {
    SnapshotId mine = world.snapshot(alice);
    SnapshotId shared = world.snapshot(bob);
    SnapshotId hidden = world.snapshot(bob);
    bob.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(shared)
        .addAdd(new LaunchPermission.Account(ALICE)).build());
    assertEquals(List.of(mine, shared).stream().sorted(java.util.Comparator.comparing(Object::toString)).toList(),
        alice.describeSnapshots(DescribeSnapshotsRequest.builder().build()).snapshots().stream().map(Snapshot::snapshotId).toList());
    assertEquals(List.of(mine), alice.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build())
        .snapshots().stream().map(Snapshot::snapshotId).toList());
    // no existence oracle: another account's private snapshot id answers exactly as an unknown id
    var hiddenRefusal = refused("InvalidSnapshot.NotFound",
        () -> alice.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(hidden).build()));
    assertEquals("The snapshot '" + hidden + "' does not exist.", hiddenRefusal.getMessage());
    refused("InvalidSnapshot.NotFound", () -> alice.describeSnapshots(DescribeSnapshotsRequest.builder()
        .addSnapshotIds(SnapshotId.parse("snap-0123456789abcdef0")).build()));
    refused("InvalidSnapshotID.Malformed", () -> alice.describeSnapshots(DescribeSnapshotsRequest.builder()
        .addSnapshotIds(SnapshotId.parse("snap-nothex")).build()));
    refused("InvalidParameterValue", () -> alice.describeSnapshots(DescribeSnapshotsRequest.builder().maxResults(4).build()));
    refused("InvalidParameterCombination", () -> alice.describeSnapshots(DescribeSnapshotsRequest.builder()
        .addSnapshotIds(mine).maxResults(5).build()));
    assertEquals(List.of(mine), alice.describeSnapshots(DescribeSnapshotsRequest.builder()
        .addFilters(Filter.of("owner-id", ALICE.toString()), Filter.of("status", "completed")).build())
        .snapshots().stream().map(Snapshot::snapshotId).toList());
  }

  // EC2 rule: add and remove not in one call; encrypted snapshots never public
  @Test
  void modifySnapshotAttribute_rules() {
    SnapshotId plain = world.snapshot(alice);
    refused("InvalidParameterCombination", () -> alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder()
        .snapshotId(plain).addAdd(LaunchPermission.EVERYONE).addRemove(new LaunchPermission.Account(BOB)).build()));
    SnapshotId encrypted = alice.copySnapshot(CopySnapshotRequest.builder().sourceSnapshotId(plain)
        .sourceRegion(World.REGION).encrypted(true).build());
    refused("UnsupportedOperation", () -> alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder()
        .snapshotId(encrypted).addAdd(LaunchPermission.EVERYONE).build()));
    alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(plain)
        .addAdd(LaunchPermission.EVERYONE).build());
    assertEquals(List.of(LaunchPermission.EVERYONE), alice.describeSnapshotCreateVolumePermissions(plain));
    assertEquals(plain, describeSnapshot(bob, plain).snapshotId());
    refused("AuthFailure", () -> bob.deleteSnapshot(plain));
  }

  // EC2 rule: CopySnapshot needs a completed source; encryption is never removed
  @Test
  void copySnapshot_pendingSourceRefused_encryptedStaysEncrypted() {
    Volume volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
    Snapshot pending = alice.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());
    refused("IncorrectState", () -> alice.copySnapshot(CopySnapshotRequest.builder().sourceSnapshotId(pending.snapshotId())
        .sourceRegion(World.REGION).build()));
    world.clock.advance(World.LONG_ENOUGH);
    SnapshotId encrypted = alice.copySnapshot(CopySnapshotRequest.builder().sourceSnapshotId(pending.snapshotId())
        .sourceRegion(World.REGION).encrypted(true).build());
    world.clock.advance(World.LONG_ENOUGH);
    SnapshotId again = alice.copySnapshot(CopySnapshotRequest.builder().sourceSnapshotId(encrypted)
        .sourceRegion(World.REGION).build());
    assertTrue(describeSnapshot(alice, again).isEncrypted());
    assertEquals(Optional.of("[Copied " + encrypted + " from us-east-1]"), describeSnapshot(alice, again).description());
  }

  // EC2 rule: volumes need a size or a snapshot, at least the snapshot's size; from a snapshot they read its bytes at once
  @Test
  void createVolume_fromSnapshot_readsItsBytesAtOnce() {
    SnapshotId snapshot = world.snapshot(alice);
    refused("MissingParameter", () -> alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").build()));
    refused("InvalidSnapshot.NotFound", () -> bob.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(snapshot).build()));
    Volume volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(snapshot).build());
    assertEquals(1, volume.size());
    byte[] read = new byte[4096];
    alice.readVolume(volume.volumeId(), 0, read, 0, read.length);
    assertTrue(java.util.stream.IntStream.range(0, read.length).anyMatch(i -> read[i] != 0), "the snapshot's bytes are read back");
    refused("InvalidVolume.NotFound", () -> bob.deleteVolume(volume.volumeId()));
  }

  // the local data API: a raw image imported as a snapshot exports byte for byte
  @Test
  void importSnapshot_exportSnapshot_byteForByte(@TempDir Path dir) throws IOException {
    byte[] raw = new byte[3 * 524_288 + 1000];
    new SplittableRandom(3).nextBytes(raw);
    java.util.Arrays.fill(raw, 524_288, 2 * 524_288, (byte) 0);
    Path source = Files.write(dir.resolve("disk.img"), raw);
    Snapshot snapshot = alice.importSnapshot(source, "imported");
    assertEquals(SnapshotState.COMPLETED, snapshot.state());
    alice.exportSnapshot(snapshot.snapshotId(), dir.resolve("out.img"));
    assertArrayEquals(raw, Files.readAllBytes(dir.resolve("out.img")));
    Volume volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(snapshot.snapshotId()).build());
    alice.writeVolume(volume.volumeId(), 10, new byte[] {1, 2, 3}, 0, 3);
    alice.exportVolume(volume.volumeId(), dir.resolve("volume.img"));
    byte[] exported = Files.readAllBytes(dir.resolve("volume.img"));
    assertEquals(3, exported[12]);
  }

  // task: unknown instance type and architecture mismatch with EC2's messages
  @Test
  void runInstances_unknownTypeAndArchitectureMismatch_refusedWithEc2Messages() {
    ImageId image = world.image(alice, "web-1");
    var unknown = refused("InvalidParameterValue", () -> alice.runInstances(RunInstancesRequest.builder().imageId(image)
        .instanceType("x9.huge").build()));
    assertEquals("Invalid value 'x9.huge' for InstanceType.", unknown.getMessage());
    SnapshotId root = world.snapshot(alice);
    ImageId arm = alice.registerImage(register("arm-1", root).architecture(Architecture.ARM64).build());
    world.clock.advance(World.LONG_ENOUGH);
    var mismatch = refused("InvalidParameterValue", () -> alice.runInstances(RunInstancesRequest.builder().imageId(arm)
        .instanceType("t3.micro").build()));
    assertEquals("The architecture 'x86_64' of the specified instance type does not match the architecture 'arm64' of the specified AMI. "
        + "Specify an instance type and an AMI that have matching architectures, and try again.", mismatch.getMessage());
    assertEquals(1, alice.runInstances(RunInstancesRequest.builder().imageId(arm).instanceType("m7g.large").build()).size());
  }

  // EC2 rule: launching needs permission; pending and disabled images do not launch, deprecated ones do
  @Test
  void runInstances_permissionAndImageState() {
    SnapshotId root = world.snapshot(alice);
    ImageId image = alice.registerImage(register("web-1", root).build());
    RunInstancesRequest run = RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").build();
    refused("InvalidAMIID.Unavailable", () -> alice.runInstances(run));
    world.clock.advance(World.LONG_ENOUGH);
    refused("AuthFailure", () -> bob.runInstances(run)).getMessage();
    alice.enableImageDeprecation(image, world.clock.instant().plusSeconds(60));
    world.clock.advance(Duration.ofMinutes(2));
    alice.runInstances(run);
    assertEquals(Optional.of(world.clock.instant()), alice.describeImages(describe().addImageIds(image).build())
        .images().get(0).lastLaunchedTime());
    alice.disableImage(image);
    refused("InvalidAMIID.Unavailable", () -> alice.runInstances(run));
    refused("InvalidAMIID.NotFound", () -> alice.runInstances(RunInstancesRequest.builder().imageId(ImageId.parse("ami-0123456789abcdef0"))
        .instanceType("t3.micro").build()));
  }

  // EC2 rule: pending -> running on the clock; stop/start for EBS; terminate honours DeleteOnTermination
  @Test
  void instanceLifecycle_statesFollowClock_terminateHonoursDeleteOnTermination() {
    SnapshotId root = world.snapshot(alice);
    SnapshotId data = world.snapshot(alice);
    ImageId image = alice.registerImage(register("web-1", root).addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/sdf",
        EbsBlockDevice.builder().snapshotId(data).build())).build());
    world.clock.advance(World.LONG_ENOUGH);
    List<Instance> launched = alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
        .minCount(2).maxCount(2).addTags(Tag.of("role", "web")).build());
    assertEquals(2, launched.size());
    InstanceId id = launched.get(0).instanceId();
    assertEquals(InstanceState.PENDING, launched.get(0).state());
    Waiters waiters = Waiters.of(alice, world.clock::advance, Duration.ofSeconds(5), 10);
    assertEquals(InstanceState.RUNNING, waiters.waitUntilInstanceRunning(id).state());
    assertEquals(List.of(new InstanceStateChange(id, InstanceState.RUNNING, InstanceState.STOPPING)), alice.stopInstances(List.of(id)));
    world.clock.advance(World.LONG_ENOUGH);
    assertEquals(InstanceState.STOPPED, alice.describeInstances(List.of(id)).get(0).state());
    alice.startInstances(List.of(id));
    assertEquals(InstanceState.PENDING, alice.describeInstances(List.of(id)).get(0).state());
    world.clock.advance(World.LONG_ENOUGH);
    List<Instance.Attachment> devices = alice.describeInstances(List.of(id)).get(0).blockDeviceMappings();
    assertEquals(2, devices.size());
    alice.terminateInstances(List.of(id));
    refused("IncorrectInstanceState", () -> alice.rebootInstances(List.of(id)));
    world.clock.advance(World.LONG_ENOUGH);
    assertEquals(InstanceState.TERMINATED, alice.describeInstances(List.of(id)).get(0).state());
    refused("IncorrectInstanceState", () -> alice.startInstances(List.of(id)));
    VolumeId rootVolume = devices.get(0).deviceName().equals("/dev/xvda") ? devices.get(0).volumeId() : devices.get(1).volumeId();
    VolumeId dataVolume = rootVolume.equals(devices.get(0).volumeId()) ? devices.get(1).volumeId() : devices.get(0).volumeId();
    refused("InvalidVolume.NotFound", () -> alice.describeVolumes(List.of(rootVolume)));
    assertEquals("available", alice.describeVolumes(List.of(dataVolume)).get(0).state().wireValue());
    refused("InvalidInstanceID.NotFound", () -> bob.describeInstances(List.of(id)));
  }

  // EC2 rule: CreateImage makes one snapshot per EBS volume with EC2's description
  @Test
  void createImage_snapshotPerVolumeWithDescriptions() {
    ImageId source = world.image(alice, "web-1");
    Instance instance = alice.runInstances(RunInstancesRequest.builder().imageId(source).instanceType("t3.micro")
        .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/sdg", EbsBlockDevice.builder().volumeSize(2).build())).build()).get(0);
    refused("IncorrectInstanceState", () -> alice.createImage(CreateImageRequest.builder().instanceId(instance.instanceId())
        .name("baked").build()));
    world.clock.advance(World.LONG_ENOUGH);
    ImageId baked = alice.createImage(CreateImageRequest.builder().instanceId(instance.instanceId()).name("baked").noReboot(true)
        .addSnapshotTags(Tag.of("from", "bake")).build());
    Image image = Waiters.of(alice, world.clock::advance, Duration.ofSeconds(15), 40).waitUntilImageAvailable(baked);
    assertEquals(2, image.blockDeviceMappings().size());
    assertEquals(Optional.of(instance.instanceId()), image.sourceInstanceId());
    for (BlockDeviceMapping mapping : image.blockDeviceMappings()) {
      Snapshot snapshot = describeSnapshot(alice, ((BlockDeviceMapping.Ebs) mapping).ebs().snapshotId().get());
      assertEquals(Optional.of("Created by CreateImage(" + instance.instanceId() + ") for " + baked), snapshot.description());
      assertEquals(List.of(Tag.of("from", "bake")), snapshot.tags());
    }
  }

  // EC2 rule: archive only completed snapshots no image uses; archived ones cannot make volumes; temporary restores expire
  @Test
  void snapshotTiers_archiveRestoreTemporarilyThenBackToArchive() {
    SnapshotId used = world.snapshot(alice);
    alice.registerImage(register("web-1", used).build());
    refused("IncorrectState", () -> alice.modifySnapshotTier(used));
    SnapshotId snapshot = world.snapshot(alice);
    refused("AuthFailure", () -> {
      alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(snapshot)
          .addAdd(new LaunchPermission.Account(BOB)).build());
      bob.modifySnapshotTier(snapshot);
    });
    alice.modifySnapshotTier(snapshot);
    assertEquals(Optional.of("archival-in-progress"), alice.describeSnapshotTierStatus().stream()
        .filter(s -> s.snapshotId().equals(snapshot)).findFirst().get().lastTieringOperationStatus());
    refused("IncorrectState", () -> alice.modifySnapshotTier(snapshot));
    world.clock.advance(World.LONG_ENOUGH);
    assertEquals(StorageTier.ARCHIVE, describeSnapshot(alice, snapshot).storageTier().get());
    refused("IncorrectState", () -> alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(snapshot).build()));
    refused("InvalidParameterValue", () -> alice.restoreSnapshotTier(snapshot, Optional.of(181), false));
    SnapshotTierRestore restore = alice.restoreSnapshotTier(snapshot, Optional.of(2), false);
    assertEquals(Optional.of(2), restore.restoreDuration());
    world.clock.advance(World.LONG_ENOUGH);
    assertEquals(StorageTier.STANDARD, describeSnapshot(alice, snapshot).storageTier().get());
    alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(snapshot).build());
    world.clock.advance(Duration.ofDays(2));
    assertEquals(StorageTier.ARCHIVE, describeSnapshot(alice, snapshot).storageTier().get());
    alice.restoreSnapshotTier(snapshot, Optional.empty(), true);
    world.clock.advance(World.LONG_ENOUGH);
    assertEquals(StorageTier.STANDARD, describeSnapshot(alice, snapshot).storageTier().get());
    assertEquals(Optional.of("permanent-restore-completed"), alice.describeSnapshotTierStatus().stream()
        .filter(s -> s.snapshotId().equals(snapshot)).findFirst().get().lastTieringOperationStatus());
  }

  // the local data API: bytes outside the volume are refused
  @Test
  void writeVolume_outsideVolume_refused() {
    SnapshotId snapshot = world.snapshot(alice);
    Volume volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(snapshot).size(2).build());
    byte[] one = {1};
    refused("InvalidParameterValue", () -> alice.writeVolume(volume.volumeId(), 2L << 30, one, 0, 1));
    refused("InvalidParameterValue", () -> alice.writeVolume(volume.volumeId(), -1, one, 0, 1));
  }

  // EC2 rule: a volume may be larger than its snapshot; past the snapshot's bytes it reads zeros and takes writes
  @Test
  void createVolume_largerThanSnapshot_readsZerosBeyondIt_andSnapshotsAtItsOwnSize() {
    SnapshotId snapshot = world.snapshot(alice);
    Volume volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(snapshot).size(3).build());
    assertEquals(3, volume.size());
    byte[] read = new byte[4];
    alice.readVolume(volume.volumeId(), (2L << 30) + 100, read, 0, 4);
    assertArrayEquals(new byte[4], read);
    byte[] data = {7, 8, 9};
    alice.writeVolume(volume.volumeId(), (3L << 30) - 3, data, 0, 3);
    byte[] back = new byte[3];
    alice.readVolume(volume.volumeId(), (3L << 30) - 3, back, 0, 3);
    assertArrayEquals(data, back);
    Snapshot grown = alice.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());
    assertEquals(3, grown.volumeSize());
    world.clock.advance(World.LONG_ENOUGH);
    Volume restored = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(grown.snapshotId()).build());
    alice.readVolume(restored.volumeId(), (3L << 30) - 3, back, 0, 3);
    assertArrayEquals(data, back);
  }

  // the local data API: long operations report progress, and a cancelled import leaves no snapshot
  @Test
  void importSnapshot_reportsProgress_andACancelledOneLeavesNoSnapshot(@TempDir Path dir) throws IOException {
    byte[] disk = new byte[3 * 524_288 + 100];
    new SplittableRandom(5).nextBytes(disk);
    Path raw = Files.write(dir.resolve("disk.img"), disk);
    List<String> phases = new java.util.ArrayList<>();
    Snapshot imported = alice.importSnapshot(raw, "progress", (phase, done, total) -> phases.add(phase + " " + done + "/" + total));
    assertTrue(phases.contains("import " + disk.length + "/" + disk.length), phases.toString());
    int before = alice.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots().size();
    org.junit.jupiter.api.Assertions.assertThrows(OperationCancelledException.class,
        () -> alice.importSnapshot(raw, "cancelled", (phase, done, total) -> false));
    assertEquals(before, alice.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots().size());
    Path out = dir.resolve("out.img");
    org.junit.jupiter.api.Assertions.assertThrows(OperationCancelledException.class,
        () -> alice.exportSnapshot(imported.snapshotId(), out, (phase, done, total) -> false));
    assertTrue(Files.notExists(out));
    alice.exportSnapshot(imported.snapshotId(), out);
    assertArrayEquals(disk, Files.readAllBytes(out));
  }
}

