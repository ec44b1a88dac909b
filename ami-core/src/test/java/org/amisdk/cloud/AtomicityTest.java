package org.amisdk.cloud;

import static org.amisdk.cloud.World.describe;
import static org.amisdk.cloud.World.refused;
import static org.amisdk.cloud.World.register;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeId;
import org.amisdk.model.VolumeType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refused calls change nothing: for every mutating action, a refused variant leaves the world as it
 * was, compared whole (the inventory of every region and account, and every stored snapshot, volume
 * and block of the block store) before and after.
 */
class AtomicityTest {
  @TempDir
  Path dir;

  /** What a refused call is given: a world with an image, its snapshot, a volume and a running instance. */
  record Setup(World world, ImageId image, SnapshotId snapshot, SnapshotId free, VolumeId volume, InstanceId instance) {}

  record Refusal(String action, String code, Consumer<Setup> call) {}

  private static List<Tag> tags(int count) {
    return tags("k", count);
  }

  private static List<Tag> tags(String prefix, int count) {
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tags.add(Tag.of(prefix + i, "v"));
    }
    return tags;
  }

  private static final String LONG = "d".repeat(256);

  static List<Refusal> refusals() {
    return List.of(
        new Refusal("RegisterImage", Ec2ErrorCode.INVALID_AMI_NAME_DUPLICATE,
            s -> s.world().alice.registerImage(register("base", s.free()).build())),
        new Refusal("DeregisterImage", Ec2ErrorCode.INVALID_AMI_ID_NOT_FOUND,
            s -> s.world().bob.deregisterImage(DeregisterImageRequest.builder().imageId(s.image()).build())),
        new Refusal("ModifyImageAttribute", Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            s -> s.world().alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(s.image()).description(LONG).build())),
        new Refusal("ResetImageAttribute", Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            s -> s.world().alice.resetImageAttribute(s.image(), ImageAttributeName.DESCRIPTION)),
        new Refusal("EnableImageDeprecation", Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            s -> s.world().alice.enableImageDeprecation(s.image(), java.time.Instant.MAX)),
        new Refusal("EnableImage", Ec2ErrorCode.INCORRECT_STATE, s -> s.world().alice.enableImage(s.image())),
        new Refusal("CreateTags", Ec2ErrorCode.TAG_LIMIT_EXCEEDED,
            s -> s.world().alice.createTags(List.of(s.volume(), s.image()), tags(51))),
        new Refusal("DeleteTags", Ec2ErrorCode.INVALID_TAG_KEY_MALFORMED,
            s -> s.world().alice.deleteTags(List.of(s.image()), List.of("aws:x"))),
        new Refusal("CopyImage (CopyImageTags + 51 tags)", Ec2ErrorCode.TAG_LIMIT_EXCEEDED,
            s -> s.world().alice.copyImage(CopyImageRequest.builder().sourceImageId(s.image()).sourceRegion(World.REGION)
                .name("copy").copyImageTags(true).imageTags(tags("copied", 50)).build())),
        new Refusal("CreateSnapshot", Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            s -> s.world().alice.createSnapshot(CreateSnapshotRequest.builder().volumeId(s.volume()).description(LONG).build())),
        new Refusal("DeleteSnapshot", Ec2ErrorCode.INVALID_SNAPSHOT_IN_USE, s -> s.world().alice.deleteSnapshot(s.snapshot())),
        new Refusal("CopySnapshot", Ec2ErrorCode.INVALID_PARAMETER_DEPENDENCY,
            s -> s.world().alice.copySnapshot(CopySnapshotRequest.builder().sourceSnapshotId(s.free()).sourceRegion(World.REGION)
                .kmsKeyId("alias/x").build())),
        new Refusal("ModifySnapshotAttribute", Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
            s -> s.world().alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(s.free())
                .addAdd(LaunchPermission.EVERYONE).addRemove(LaunchPermission.EVERYONE).build())),
        new Refusal("ModifySnapshotTier", Ec2ErrorCode.INCORRECT_STATE, s -> s.world().alice.modifySnapshotTier(s.snapshot())),
        new Refusal("RestoreSnapshotTier", Ec2ErrorCode.INCORRECT_STATE,
            s -> s.world().alice.restoreSnapshotTier(s.free(), java.util.Optional.empty(), true)),
        new Refusal("CreateVolume", Ec2ErrorCode.TAG_LIMIT_EXCEEDED,
            s -> s.world().alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(s.free()).tags(tags(51)).build())),
        new Refusal("CreateVolume (no zone)", Ec2ErrorCode.MISSING_PARAMETER,
            s -> s.world().alice.createVolume(CreateVolumeRequest.builder().size(1).build())),
        new Refusal("CreateVolume (a zone of another region)", Ec2ErrorCode.INVALID_ZONE_NOT_FOUND,
            s -> s.world().alice.createVolume(CreateVolumeRequest.builder().availabilityZone("eu-west-1a").size(1).build())),
        new Refusal("CreateVolume (gp2 with iops)", Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
            s -> s.world().alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(10).iops(3000).build())),
        new Refusal("CreateVolume (io1 without iops)", Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
            s -> s.world().alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(10)
                .volumeType(VolumeType.IO1).build())),
        new Refusal("CreateVolume (gp3 iops over 500 per GiB, from a snapshot)", Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            s -> s.world().alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(s.free())
                .volumeType(VolumeType.GP3).iops(3001).build())),
        new Refusal("CreateVolume (KMS key, not encrypted)", Ec2ErrorCode.INVALID_PARAMETER_DEPENDENCY,
            s -> s.world().alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1)
                .kmsKeyId("alias/x").build())),
        new Refusal("AttachVolume (device in use)", Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            s -> s.world().alice.attachVolume(s.volume(), s.instance(), "/dev/xvda")),
        new Refusal("AttachVolume (another account's volume)", Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND,
            s -> s.world().bob.attachVolume(s.volume(), s.instance(), "/dev/sdf")),
        new Refusal("AttachVolume (volume in use)", Ec2ErrorCode.VOLUME_IN_USE,
            s -> s.world().alice.attachVolume(root(s), s.instance(), "/dev/sdf")),
        new Refusal("DetachVolume (not attached)", Ec2ErrorCode.INCORRECT_STATE,
            s -> s.world().alice.detachVolume(DetachVolumeRequest.builder().volumeId(s.volume()).build())),
        new Refusal("DetachVolume (root of a running instance, forced)", Ec2ErrorCode.INCORRECT_STATE,
            s -> s.world().alice.detachVolume(DetachVolumeRequest.builder().volumeId(root(s)).force(true).build())),
        new Refusal("DeleteVolume", Ec2ErrorCode.VOLUME_IN_USE,
            s -> s.world().alice.deleteVolume(s.world().alice.describeInstances(List.of(s.instance())).get(0)
                .blockDeviceMappings().get(0).volumeId())),
        new Refusal("ImportSnapshot", Ec2ErrorCode.INVALID_PARAMETER_VALUE, s -> {
          try {
            Path raw = Files.write(Files.createTempFile("raw", ".img"), new byte[4096]);
            s.world().alice.importSnapshot(raw, LONG);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }),
        new Refusal("RunInstances", Ec2ErrorCode.TAG_LIMIT_EXCEEDED,
            s -> s.world().alice.runInstances(RunInstancesRequest.builder().imageId(s.image()).instanceType("t3.micro")
                .minCount(3).maxCount(3).tags(tags(51)).build())),
        new Refusal("StopInstances (one unknown)", Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND,
            s -> s.world().alice.stopInstances(List.of(s.instance(), InstanceId.parse("i-0123456789abcdef0")))),
        new Refusal("TerminateInstances (one unknown)", Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND,
            s -> s.world().alice.terminateInstances(List.of(s.instance(), InstanceId.parse("i-0123456789abcdef0")))),
        new Refusal("CreateImage (256-character description)", Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            s -> s.world().alice.createImage(CreateImageRequest.builder().instanceId(s.instance()).name("from-instance")
                .description(LONG).build())),
        new Refusal("CreateImage (51 snapshot tags)", Ec2ErrorCode.TAG_LIMIT_EXCEEDED,
            s -> s.world().alice.createImage(CreateImageRequest.builder().instanceId(s.instance()).name("from-instance")
                .snapshotTags(tags(51)).build())),
        new Refusal("RestoreImageFromRecycleBin (a live image)", Ec2ErrorCode.INVALID_AMI_ID_NOT_FOUND,
            s -> s.world().alice.recycleBin().restoreImageFromRecycleBin(s.image())),
        new Refusal("RestoreSnapshotFromRecycleBin (a live snapshot)", Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND,
            s -> s.world().alice.recycleBin().restoreSnapshotFromRecycleBin(s.free())),
        new Refusal("UpdateRule (an unknown rule)", Ec2ErrorCode.RBIN_RESOURCE_NOT_FOUND,
            s -> s.world().alice.recycleBin().updateRule("abcdefghijk",
                RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 1))),
        new Refusal("DeleteRule (an unknown rule)", Ec2ErrorCode.RBIN_RESOURCE_NOT_FOUND,
            s -> s.world().alice.recycleBin().deleteRule("abcdefghijk")));
  }

  /** The root volume of the setup's running instance. */
  private static VolumeId root(Setup s) {
    return s.world().alice.describeInstances(List.of(s.instance())).get(0).blockDeviceMappings().get(0).volumeId();
  }

  static Setup setup() {
    World world = new World();
    SnapshotId snapshot = world.snapshot(world.alice);
    ImageId image = world.alice.registerImage(register("base", snapshot).build());
    world.clock.advance(World.LONG_ENOUGH);
    SnapshotId free = world.snapshot(world.alice);
    VolumeId volume = world.alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build()).volumeId();
    world.alice.createTags(List.of(image), tags(2));
    InstanceId instance = world.alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
        .build()).get(0).instanceId();
    world.clock.advance(World.LONG_ENOUGH);
    return new Setup(world, image, snapshot, free, volume, instance);
  }

  /** Everything the world holds: the inventory of every region, and the block store's snapshots, volumes and blocks. */
  static List<Object> fingerprint(World world) throws IOException {
    CloudImpl impl = (CloudImpl) world.cloud;
    return List.of(world.cloud.inventory(), impl.storage.snapshots(), impl.storage.volumes(), impl.blockStore.addresses(),
        world.alice.describeImages(describe().addOwners("self").build()).images());
  }

  @TestFactory
  Stream<DynamicTest> refusedCall_leavesTheWorldAsItWas() {
    return refusals().stream().map(refusal -> DynamicTest.dynamicTest(refusal.action(), () -> {
      Setup setup = setup();
      try (World world = setup.world()) {
        List<Object> before = fingerprint(world);
        refused(refusal.code(), () -> refusal.call().accept(setup));
        assertEquals(before, fingerprint(world), refusal.action() + " changed the world although it was refused");
      }
    }));
  }
}
