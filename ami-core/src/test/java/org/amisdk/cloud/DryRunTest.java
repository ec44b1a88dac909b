package org.amisdk.cloud;

import static org.amisdk.cloud.World.BOB;
import static org.amisdk.cloud.World.CAROL;
import static org.amisdk.cloud.World.refused;
import static org.amisdk.cloud.World.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VolumeId;
import org.amisdk.model.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * DryRun (EC2 API reference, "DryRun": "Checks whether you have the required permissions for the
 * action, without actually making the request"): per mutating action, the owner's dry run answers
 * {@code DryRunOperation}, and another account's answers {@code UnauthorizedOperation} where it
 * sees the resource but may not act on it, or the call's own refusal (not found) where the
 * resource is hidden from it; the world, compared whole as {@link AtomicityTest} does, is unchanged.
 */
class DryRunTest {
  private static final String DRY = Ec2ErrorCode.DRY_RUN_OPERATION;
  private static final String UNAUTHORIZED = Ec2ErrorCode.UNAUTHORIZED_OPERATION;

  @TempDir
  static Path dir;

  /** {@link AtomicityTest}'s world, with the image and snapshots shared with Bob, and an archived snapshot. */
  record Shared(AtomicityTest.Setup s, SnapshotId archived) {}

  /** One action: the call, and what a dry run by Bob (to whom the image and snapshots are shared) answers. */
  record Action(String name, BiConsumer<Ec2, Shared> call, String asBob) {}

  private static Path target(String name) {
    return dir.resolve(name + "-" + System.nanoTime() + ".raw");
  }

  static List<Action> actions() {
    return List.of(
        new Action("RegisterImage", (c, w) -> c.registerImage(register("dry", w.s().free()).build()), DRY),
        new Action("DeregisterImage", (c, w) -> c.deregisterImage(DeregisterImageRequest.builder().imageId(w.s().image()).build()),
            UNAUTHORIZED),
        new Action("ModifyImageAttribute", (c, w) -> c.modifyImageAttribute(ModifyImageAttributeRequest.builder()
            .imageId(w.s().image()).description("changed").build()), UNAUTHORIZED),
        new Action("ResetImageAttribute", (c, w) -> c.resetImageAttribute(w.s().image(), ImageAttributeName.LAUNCH_PERMISSION),
            UNAUTHORIZED),
        new Action("EnableImageDeprecation", (c, w) -> c.enableImageDeprecation(w.s().image(),
            w.s().world().clock.instant().plus(Duration.ofDays(1))), UNAUTHORIZED),
        new Action("DisableImageDeprecation", (c, w) -> c.disableImageDeprecation(w.s().image()), UNAUTHORIZED),
        new Action("DisableImage", (c, w) -> c.disableImage(w.s().image()), UNAUTHORIZED),
        new Action("EnableImageDeregistrationProtection", (c, w) -> c.enableImageDeregistrationProtection(w.s().image(), true),
            UNAUTHORIZED),
        new Action("DisableImageDeregistrationProtection", (c, w) -> c.disableImageDeregistrationProtection(w.s().image()),
            UNAUTHORIZED),
        new Action("EnableImageBlockPublicAccess (the caller's own setting)", (c, w) -> c.enableImageBlockPublicAccess(), DRY),
        new Action("DisableImageBlockPublicAccess", (c, w) -> c.disableImageBlockPublicAccess(), DRY),
        new Action("CreateTags (each account tags what it sees)", (c, w) -> c.createTags(List.of(w.s().image()),
            List.of(Tag.of("dry", "run"))), DRY),
        new Action("DeleteTags", (c, w) -> c.deleteTags(List.of(w.s().image()), List.of("k0")), DRY),
        new Action("CopyImage", (c, w) -> c.copyImage(CopyImageRequest.builder().sourceImageId(w.s().image())
            .sourceRegion(World.REGION).name("dry-copy").build()), DRY),
        new Action("CreateSnapshot (volumes are private)", (c, w) -> c.createSnapshot(CreateSnapshotRequest.builder()
            .volumeId(w.s().volume()).build()), Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND),
        new Action("DeleteSnapshot", (c, w) -> c.deleteSnapshot(w.s().free()), UNAUTHORIZED),
        new Action("CopySnapshot", (c, w) -> c.copySnapshot(CopySnapshotRequest.builder().sourceSnapshotId(w.s().free())
            .sourceRegion(World.REGION).build()), DRY),
        new Action("ModifySnapshotAttribute", (c, w) -> c.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder()
            .snapshotId(w.s().free()).addAdd(new LaunchPermission.Account(CAROL)).build()), UNAUTHORIZED),
        new Action("ModifySnapshotTier", (c, w) -> c.modifySnapshotTier(w.s().free()), UNAUTHORIZED),
        new Action("RestoreSnapshotTier", (c, w) -> c.restoreSnapshotTier(w.archived(), Optional.empty(), true), UNAUTHORIZED),
        new Action("CreateVolume", (c, w) -> c.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(w.s().free()).build()), DRY),
        new Action("DeleteVolume", (c, w) -> c.deleteVolume(w.s().volume()), Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND),
        new Action("WriteVolume", (c, w) -> c.writeVolume(w.s().volume(), 0, new byte[512], 0, 512),
            Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND),
        new Action("ImportSnapshot", (c, w) -> {
          try {
            c.importSnapshot(Files.write(target("import"), new byte[4096]), "dry");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, DRY),
        new Action("ExportSnapshot (no file is written)", (c, w) -> {
          Path file = target("export");
          try {
            c.exportSnapshot(w.s().free(), file);
          } catch (RuntimeException refused) {
            assertFalse(Files.exists(file), "a refused export wrote " + file);
            throw refused;
          }
        }, DRY),
        new Action("ExportVolume", (c, w) -> c.exportVolume(w.s().volume(), target("volume")), Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND),
        new Action("RunInstances", (c, w) -> c.runInstances(RunInstancesRequest.builder().imageId(w.s().image())
            .instanceType("t3.micro").maxCount(2).build()), DRY),
        new Action("StopInstances", (c, w) -> c.stopInstances(List.of(w.s().instance())), Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND),
        new Action("StartInstances", (c, w) -> c.startInstances(List.of(w.s().instance())), Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND),
        new Action("RebootInstances", (c, w) -> c.rebootInstances(List.of(w.s().instance())), Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND),
        new Action("TerminateInstances", (c, w) -> c.terminateInstances(List.of(w.s().instance())),
            Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND),
        new Action("CreateImage", (c, w) -> c.createImage(CreateImageRequest.builder().instanceId(w.s().instance())
            .name("dry-image").build()), Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND));
  }

  private static Shared shared() {
    AtomicityTest.Setup s = AtomicityTest.setup();
    World world = s.world();
    SnapshotId archived = world.snapshot(world.alice);
    LaunchPermission bob = new LaunchPermission.Account(BOB);
    world.alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(s.image()).addLaunchPermissionAdd(bob).build());
    for (SnapshotId snapshot : List.of(s.snapshot(), s.free(), archived)) {
      world.alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(snapshot).addAdd(bob).build());
    }
    world.alice.modifySnapshotTier(archived);
    world.clock.advance(Duration.ofDays(2));
    return new Shared(s, archived);
  }

  @TestFactory
  Stream<DynamicTest> dryRun_byOwner_wouldSucceed_changesNothing() {
    return actions().stream().map(action -> DynamicTest.dynamicTest(action.name(), () -> check(action, true)));
  }

  @TestFactory
  Stream<DynamicTest> dryRun_byAnotherAccount_unauthorizedOrHidden_changesNothing() {
    return actions().stream().map(action -> DynamicTest.dynamicTest(action.name(), () -> check(action, false)));
  }

  private static void check(Action action, boolean owner) throws Exception {
    Shared shared = shared();
    try (World world = shared.s().world()) {
      List<Object> before = AtomicityTest.fingerprint(world);
      Ec2 caller = owner ? world.alice : world.bob;
      refused(owner ? DRY : action.asBob(), () -> action.call().accept(caller.dryRun(), shared));
      assertEquals(before, AtomicityTest.fingerprint(world), action.name() + ": the dry run changed the world");
      if (owner) {
        action.call().accept(world.alice, shared); // what the dry run predicted: the call itself succeeds
      }
    }
  }

  @Test
  void dryRun_ofAnImageTheCallerMayNotLaunch_isUnauthorized() throws Exception {
    AtomicityTest.Setup s = AtomicityTest.setup();
    try (World world = s.world()) {
      refused(UNAUTHORIZED, () -> world.carol.dryRun().runInstances(RunInstancesRequest.builder().imageId(s.image())
          .instanceType("t3.micro").build()));
    }
  }

  @Test
  void dryRun_ofAttachVolumeAndOfTheRecycleBin_wouldSucceed_changesNothing() throws Exception {
    AtomicityTest.Setup s = AtomicityTest.setup();
    try (World world = s.world()) {
      VolumeId spare = world.alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build())
          .volumeId();
      world.clock.advance(Duration.ofMinutes(1)); // the volume is available
      RetentionRuleRequest rule = RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 7);
      List<Object> before = AtomicityTest.fingerprint(world);
      refused(DRY, () -> world.alice.dryRun().attachVolume(spare, s.instance(), "/dev/sdz"));
      refused(DRY, () -> world.alice.dryRun().recycleBin().createRule(rule));
      refused(Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND, () -> world.bob.dryRun().attachVolume(spare, s.instance(), "/dev/sdz"));
      assertEquals(before, AtomicityTest.fingerprint(world), "the dry runs changed nothing");
      assertEquals(List.of(), world.alice.recycleBin().listRules(RecycleBinResourceType.EBS_SNAPSHOT));
      world.alice.attachVolume(spare, s.instance(), "/dev/sdz"); // what the dry run predicted: the call succeeds
      world.alice.recycleBin().createRule(rule);
    }
  }

  @Test
  void dryRun_surfacesTheCallsOtherRefusals() throws Exception {
    AtomicityTest.Setup s = AtomicityTest.setup();
    try (World world = s.world()) {
      Ec2 dry = world.alice.dryRun();
      List<Object> before = AtomicityTest.fingerprint(world);
      refused(Ec2ErrorCode.INVALID_SNAPSHOT_IN_USE, () -> dry.deleteSnapshot(s.snapshot()));
      refused(Ec2ErrorCode.INCORRECT_STATE, () -> dry.enableImage(s.image()));
      refused(Ec2ErrorCode.INVALID_AMI_NAME_DUPLICATE, () -> dry.registerImage(register("base", s.free()).build()));
      refused(Ec2ErrorCode.TAG_LIMIT_EXCEEDED, () -> dry.createTags(List.of(s.image()),
          Stream.iterate(0, i -> i + 1).limit(51).map(i -> Tag.of("t" + i, "v")).toList()));
      assertEquals(before, AtomicityTest.fingerprint(world));
    }
  }

  @Test
  void dryRun_ofReads_answersDryRunOperation_ebsDirectHasNone() throws Exception {
    AtomicityTest.Setup s = AtomicityTest.setup();
    try (World world = s.world()) {
      Ec2 dry = world.alice.dryRun();
      refused(DRY, () -> dry.describeImages(World.describe().addOwners("self").build()));
      refused(DRY, () -> dry.describeInstances(List.of(s.instance())));
      refused(Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND,
          () -> dry.describeInstances(List.of(org.amisdk.model.InstanceId.parse("i-0123456789abcdef0"))));
      assertThrows(UnsupportedOperationException.class, () -> dry.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()));
      assertSame(dry, dry.dryRun());
      assertEquals(world.alice.account(), dry.account());
      assertEquals(world.alice.region(), dry.region());
    }
  }
}
