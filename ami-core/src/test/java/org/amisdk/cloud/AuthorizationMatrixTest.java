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
 * with, as an account without permission, and as a stranger on a public image (section 5: the
 * owner's implicit permission, explicit and public permissions; section 10: AuthFailure and
 * not-found codes). A refused call must leave the owner's view of the world unchanged.
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
   * volume of the owner in its zone, and another volume attached to it.
   */
  record Target(ImageId image, SnapshotId snapshot, InstanceId instance, VolumeId volume, VolumeId attached) {}

  private static final String NOT_FOUND = "InvalidAMIID.NotFound";
  private static final String SNAP_NOT_FOUND = "InvalidSnapshot.NotFound";
  private static final String AUTH = "AuthFailure";
  private static final String VOLUME_NOT_FOUND = "InvalidVolume.NotFound";

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
      if (role == Role.SHARED || role == Role.PUBLIC) {
        world.alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
            .addLaunchPermissionAdd(grantee).build());
        world.alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(snapshot)
            .addAdd(grantee).build());
      }
      InstanceId instance = world.alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").build())
          .get(0).instanceId();
      VolumeId volume = world.alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build()).volumeId();
      VolumeId attached = world.alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build())
          .volumeId();
      world.clock.advance(World.LONG_ENOUGH);
      world.alice.attachVolume(attached, instance, "/dev/sdg");
      world.clock.advance(World.LONG_ENOUGH);
      Map<String, Object> before = ownerView(world);
      String outcome;
      try {
        operation.call().accept(caller, new Target(image, snapshot, instance, volume, attached));
        outcome = OK;
      } catch (Ec2Exception refusal) {
        outcome = refusal.errorCode();
        assertEquals(before, ownerView(world), "a refusal changed nothing");
      }
      assertEquals(operation.expected(role), outcome);
    }
  }

  /** Everything the owner can see of images, permissions, snapshots, volumes and instances. */
  private static Map<String, Object> ownerView(World world) {
    Ec2 owner = world.alice;
    var images = owner.describeImages(describe().addOwners("self").includeDisabled(true).build()).images();
    var permissions = images.stream()
        .map(i -> owner.describeImageAttribute(i.imageId(), ImageAttributeName.LAUNCH_PERMISSION).launchPermissions()).toList();
    var snapshots = owner.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots();
    var snapshotPermissions = snapshots.stream()
        .map(s -> owner.describeSnapshotCreateVolumePermissions(s.snapshotId())).toList();
    return Map.of("images", images, "permissions", permissions, "snapshots", snapshots, "snapshotPermissions", snapshotPermissions,
        "volumes", owner.describeVolumes(List.of()), "instances", owner.describeInstances(List.of()));
  }
}
