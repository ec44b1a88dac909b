package org.amisdk.cloud;

import static org.amisdk.cloud.World.BOB;
import static org.amisdk.cloud.World.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ImageId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.VolumeId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every image operation tried as the owner, as an account the image (and its snapshot) is shared
 * with, as an account without permission, and as a stranger on a public image (docs/ec2-coverage.md:
 * the owner's implicit permission, explicit and public permissions; AuthFailure and not-found
 * codes); the same for the owner's volumes and instance, and for its Recycle Bin: a
 * binned image or snapshot, even one shared before it was deleted, is listed and restored by its
 * owner only, and retention rules belong to one account (the Recycle Bin user guide: rules apply
 * to the resources of the account that created them). A refused call must leave the owner's view
 * of the world unchanged.
 */
class AuthorizationMatrixTest {
  private static final String OK = "ok";

  /** The caller's position towards the image. */
  enum Role { OWNER, SHARED, STRANGER, PUBLIC }

  /** What one operation does, and the expected outcome per role: {@code ok} or EC2's error code. */
  record Operation(String name, BiConsumer<Ec2, Target> call, String owner, String shared, String stranger, String onPublic) {
    String expected(Role role) {
      return switch (role) {
        case OWNER -> owner;
        case SHARED -> shared;
        case STRANGER -> stranger;
        case PUBLIC -> onPublic;
      };
    }
  }

  /**
   * The image under test and its root snapshot; an instance of the owner launched from it, a
   * volume of the owner in its zone, and another volume attached to it; the owner's client, an
   * image and a snapshot of the owner in its Recycle Bin (shared as the target is, then deleted),
   * one of its retention rules, a snapshot of the owner no rule of its retains, and an available
   * volume of the caller in the instance's zone.
   */
  record Target(ImageId image, SnapshotId snapshot, InstanceId instance, VolumeId volume, VolumeId attached, Ec2 owner,
      ImageId binnedImage, SnapshotId binnedSnapshot, String rule, SnapshotId spare, VolumeId callerVolume) {}

  /** What a listing operation throws when the resource it looks for is not listed: its outcome is {@link #UNLISTED}. */
  private static final class Unlisted extends RuntimeException {
    Unlisted() {
      super(null, null, false, false);
    }
  }

  private static final String UNLISTED = "unlisted";
  /** The tag the owner's retention rules retain. */
  private static final Tag KEEP = Tag.of("keep", "yes");

  /** Throws {@link Unlisted} unless {@code listed}. */
  private static void listed(boolean listed) {
    if (!listed) {
      throw new Unlisted();
    }
  }

  private static final String NOT_FOUND = "InvalidAMIID.NotFound";
  private static final String SNAP_NOT_FOUND = "InvalidSnapshot.NotFound";
  private static final String AUTH = "AuthFailure";
  private static final String VOLUME_NOT_FOUND = "InvalidVolume.NotFound";
  private static final String INSTANCE_NOT_FOUND = "InvalidInstanceID.NotFound";
  private static final String RULE_NOT_FOUND = "ResourceNotFoundException";

  private static List<Operation> operations() {
    return List.of(
        new Operation("describeImages by id", (c, t) -> c.describeImages(describe().addImageIds(t.image()).build()),
            OK, OK, NOT_FOUND, OK),
        new Operation("describeImageAttribute description",
            (c, t) -> c.describeImageAttribute(t.image(), ImageAttributeName.DESCRIPTION), OK, OK, NOT_FOUND, OK),
        new Operation("describeImageAttribute launchPermission",
            (c, t) -> c.describeImageAttribute(t.image(), ImageAttributeName.LAUNCH_PERMISSION), OK, AUTH, NOT_FOUND, AUTH),
        new Operation("modifyImageAttribute description", (c, t) -> c.modifyImageAttribute(ModifyImageAttributeRequest.builder()
            .imageId(t.image()).description("changed").build()), OK, AUTH, NOT_FOUND, AUTH),
        new Operation("modifyImageAttribute launchPermission", (c, t) -> c.modifyImageAttribute(ModifyImageAttributeRequest.builder()
            .imageId(t.image()).addLaunchPermissionAdd(new LaunchPermission.Account(World.CAROL)).build()),
            OK, AUTH, NOT_FOUND, AUTH),
        new Operation("resetImageAttribute", (c, t) -> c.resetImageAttribute(t.image(), ImageAttributeName.LAUNCH_PERMISSION),
            OK, AUTH, NOT_FOUND, AUTH),
        new Operation("enableImageDeprecation", (c, t) -> c.enableImageDeprecation(t.image(),
            java.time.Instant.parse("2027-01-01T00:00:00Z")), OK, AUTH, NOT_FOUND, AUTH),
        new Operation("disableImageDeprecation", (c, t) -> c.disableImageDeprecation(t.image()), OK, AUTH, NOT_FOUND, AUTH),
        new Operation("disableImage", (c, t) -> c.disableImage(t.image()), OK, AUTH, NOT_FOUND, AUTH),
        new Operation("enableImageDeregistrationProtection", (c, t) -> c.enableImageDeregistrationProtection(t.image(), false),
            OK, AUTH, NOT_FOUND, AUTH),
        new Operation("deregisterImage", (c, t) -> c.deregisterImage(DeregisterImageRequest.builder().imageId(t.image())
            .build()), OK, AUTH, NOT_FOUND, AUTH),
        new Operation("createTags", (c, t) -> c.createTags(List.of(t.image()), List.of(Tag.of("k", "v"))),
            OK, OK, NOT_FOUND, OK),
        new Operation("runInstances", (c, t) -> c.runInstances(RunInstancesRequest.builder().imageId(t.image())
            .instanceType("t3.micro").build()), OK, OK, AUTH, OK),
        new Operation("copyImage", (c, t) -> c.copyImage(CopyImageRequest.builder().sourceImageId(t.image())
            .sourceRegion(World.REGION).name("copy-of-target").build()), OK, OK, NOT_FOUND, OK),
        new Operation("createVolume from its snapshot", (c, t) -> c.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a")
            .snapshotId(t.snapshot()).build()), OK, OK, SNAP_NOT_FOUND, OK),
        new Operation("attachVolume of the owner's volume to its instance", (c, t) -> c.attachVolume(t.volume(), t.instance(),
            "/dev/sdf"), OK, VOLUME_NOT_FOUND, VOLUME_NOT_FOUND, VOLUME_NOT_FOUND),
        new Operation("detachVolume of the owner's attached volume", (c, t) -> c.detachVolume(DetachVolumeRequest.builder()
            .volumeId(t.attached()).build()), OK, VOLUME_NOT_FOUND, VOLUME_NOT_FOUND, VOLUME_NOT_FOUND),
        new Operation("detachVolume naming the owner's instance", (c, t) -> c.detachVolume(DetachVolumeRequest.builder()
            .volumeId(t.attached()).instanceId(t.instance()).force(true).build()), OK, VOLUME_NOT_FOUND, VOLUME_NOT_FOUND,
            VOLUME_NOT_FOUND),
        new Operation("attachVolume of the caller's own volume to the owner's instance", (c, t) -> c.attachVolume(t.callerVolume(),
            t.instance(), "/dev/sdh"), OK, INSTANCE_NOT_FOUND, INSTANCE_NOT_FOUND, INSTANCE_NOT_FOUND),
        new Operation("deleteVolume of the owner's volume", (c, t) -> c.deleteVolume(t.volume()),
            OK, VOLUME_NOT_FOUND, VOLUME_NOT_FOUND, VOLUME_NOT_FOUND),
        new Operation("deleteVolume of the owner's attached volume", (c, t) -> c.deleteVolume(t.attached()),
            "VolumeInUse", VOLUME_NOT_FOUND, VOLUME_NOT_FOUND, VOLUME_NOT_FOUND),
        new Operation("terminateInstances of the owner's instance", (c, t) -> c.terminateInstances(List.of(t.instance())),
            OK, INSTANCE_NOT_FOUND, INSTANCE_NOT_FOUND, INSTANCE_NOT_FOUND),
        new Operation("listImagesInRecycleBin lists the owner's binned image", (c, t) -> listed(c.recycleBin()
            .listImagesInRecycleBin(List.of(t.binnedImage())).stream().anyMatch(i -> i.imageId().equals(t.binnedImage()))),
            OK, UNLISTED, UNLISTED, UNLISTED),
        new Operation("listSnapshotsInRecycleBin lists the owner's binned snapshot", (c, t) -> listed(c.recycleBin()
            .listSnapshotsInRecycleBin(List.of()).stream().anyMatch(s -> s.snapshotId().equals(t.binnedSnapshot()))),
            OK, UNLISTED, UNLISTED, UNLISTED),
        new Operation("restoreImageFromRecycleBin of the owner's binned image", (c, t) -> c.recycleBin()
            .restoreImageFromRecycleBin(t.binnedImage()), OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        new Operation("restoreSnapshotFromRecycleBin of the owner's binned snapshot", (c, t) -> c.recycleBin()
            .restoreSnapshotFromRecycleBin(t.binnedSnapshot()), OK, SNAP_NOT_FOUND, SNAP_NOT_FOUND, SNAP_NOT_FOUND),
        new Operation("describeImages of the owner's binned image", (c, t) -> c.describeImages(describe()
            .addImageIds(t.binnedImage()).build()), NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        new Operation("createVolume from the owner's binned snapshot", (c, t) -> c.createVolume(CreateVolumeRequest.builder()
            .availabilityZone("us-east-1a").snapshotId(t.binnedSnapshot()).build()), SNAP_NOT_FOUND, SNAP_NOT_FOUND, SNAP_NOT_FOUND,
            SNAP_NOT_FOUND),
        new Operation("getRule of the owner's rule", (c, t) -> c.recycleBin().getRule(t.rule()),
            OK, RULE_NOT_FOUND, RULE_NOT_FOUND, RULE_NOT_FOUND),
        new Operation("updateRule of the owner's rule", (c, t) -> c.recycleBin().updateRule(t.rule(),
            RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 1)), OK, RULE_NOT_FOUND, RULE_NOT_FOUND, RULE_NOT_FOUND),
        new Operation("deleteRule of the owner's rule", (c, t) -> c.recycleBin().deleteRule(t.rule()),
            OK, RULE_NOT_FOUND, RULE_NOT_FOUND, RULE_NOT_FOUND),
        new Operation("listRules lists the owner's rule", (c, t) -> listed(c.recycleBin().listRules(RecycleBinResourceType.EBS_SNAPSHOT)
            .stream().anyMatch(r -> r.identifier().equals(t.rule()))), OK, UNLISTED, UNLISTED, UNLISTED),
        new Operation("a Region-level rule of the caller retains the owner's deleted snapshot", (c, t) -> {
          c.recycleBin().createRule(RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 30));
          t.owner().deleteSnapshot(t.spare());
          boolean inCallers = c.recycleBin().listSnapshotsInRecycleBin(List.of(t.spare())).size() == 1;
          assertEquals(inCallers, t.owner().recycleBin().listSnapshotsInRecycleBin(List.of(t.spare())).size() == 1,
              "a deleted snapshot is in its owner's bin or none");
          listed(inCallers);
        }, OK, UNLISTED, UNLISTED, UNLISTED),
        new Operation("deleteSnapshot", (c, t) -> c.deleteSnapshot(t.snapshot()),
            "InvalidSnapshot.InUse", AUTH, SNAP_NOT_FOUND, AUTH),
        new Operation("modifySnapshotAttribute", (c, t) -> c.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder()
            .snapshotId(t.snapshot()).addAdd(new LaunchPermission.Account(World.CAROL)).build()),
            OK, AUTH, SNAP_NOT_FOUND, AUTH));
  }

  @TestFactory
  Stream<DynamicTest> everyOperationForEveryRole() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Operation operation : operations()) {
      for (Role role : Role.values()) {
        tests.add(DynamicTest.dynamicTest(operation.name() + " as " + role + " -> " + operation.expected(role),
            () -> check(operation, role)));
      }
    }
    return tests.stream();
  }

  private static void check(Operation operation, Role role) throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "target");
      SnapshotId snapshot = ((BlockDeviceMapping.Ebs) world.alice.describeImages(describe().addImageIds(image).build())
          .images().get(0).blockDeviceMappings().get(0)).ebs().snapshotId().get();
      Ec2 caller = switch (role) {
        case OWNER -> world.alice;
        case SHARED -> world.bob;
        case STRANGER, PUBLIC -> world.carol;
      };
      LaunchPermission grantee = role == Role.SHARED ? new LaunchPermission.Account(BOB) : LaunchPermission.EVERYONE;
      if (role == Role.PUBLIC) {
        world.alice.disableImageBlockPublicAccess(); // on for a new account, as in EC2
      }
      world.alice.recycleBin().createRule(RetentionRuleRequest.tagLevel(RecycleBinResourceType.EC2_IMAGE, 7, List.of(KEEP)));
      String rule = world.alice.recycleBin().createRule(RetentionRuleRequest.tagLevel(RecycleBinResourceType.EBS_SNAPSHOT, 7,
          List.of(KEEP))).identifier();
      ImageId binnedImage = world.alice.registerImage(World.register("binned", snapshot).build());
      SnapshotId binnedSnapshot = world.snapshot(world.alice);
      SnapshotId spare = world.snapshot(world.alice);
      world.alice.createTags(List.of(binnedImage, binnedSnapshot), List.of(KEEP));
      if (role == Role.SHARED || role == Role.PUBLIC) {
        for (ImageId shared : List.of(image, binnedImage)) {
          world.alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(shared)
              .addLaunchPermissionAdd(grantee).build());
        }
        for (SnapshotId shared : List.of(snapshot, binnedSnapshot)) {
          world.alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(shared)
              .addAdd(grantee).build());
        }
      }
      world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(binnedImage).build());
      world.alice.deleteSnapshot(binnedSnapshot);
      InstanceId instance = world.alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").build())
          .get(0).instanceId();
      VolumeId volume = world.alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build()).volumeId();
      VolumeId attached = world.alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build())
          .volumeId();
      VolumeId callerVolume = caller.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build())
          .volumeId();
      world.clock.advance(World.LONG_ENOUGH);
      world.alice.attachVolume(attached, instance, "/dev/sdg");
      world.clock.advance(World.LONG_ENOUGH);
      Map<String, Object> before = ownerView(world);
      String outcome;
      try {
        operation.call().accept(caller, new Target(image, snapshot, instance, volume, attached, world.alice, binnedImage,
            binnedSnapshot, rule, spare, callerVolume));
        outcome = OK;
      } catch (Unlisted unlisted) {
        outcome = UNLISTED;
      } catch (Ec2Exception refusal) {
        outcome = refusal.errorCode();
        assertEquals(before, ownerView(world), "a refusal changed nothing");
      }
      assertEquals(operation.expected(role), outcome);
    }
  }

  /** Everything the owner can see of images, permissions, snapshots, volumes, instances, its Recycle Bin and rules. */
  private static Map<String, Object> ownerView(World world) {
    Ec2 owner = world.alice;
    var images = owner.describeImages(describe().addOwners("self").includeDisabled(true).build()).images();
    var permissions = images.stream()
        .map(i -> owner.describeImageAttribute(i.imageId(), ImageAttributeName.LAUNCH_PERMISSION).launchPermissions()).toList();
    var snapshots = owner.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots();
    var snapshotPermissions = snapshots.stream()
        .map(s -> owner.describeSnapshotCreateVolumePermissions(s.snapshotId())).toList();
    RecycleBin bin = owner.recycleBin();
    return Map.of("images", images, "permissions", permissions, "snapshots", snapshots, "snapshotPermissions", snapshotPermissions,
        "volumes", owner.describeVolumes(List.of()), "instances", owner.describeInstances(List.of()),
        "binnedImages", bin.listImagesInRecycleBin(List.of()), "binnedSnapshots", bin.listSnapshotsInRecycleBin(List.of()),
        "rules", List.of(bin.listRules(RecycleBinResourceType.EC2_IMAGE), bin.listRules(RecycleBinResourceType.EBS_SNAPSHOT)));
  }
}
