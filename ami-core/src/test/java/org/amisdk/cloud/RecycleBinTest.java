package org.amisdk.cloud;

import static org.amisdk.cloud.World.ALICE;
import static org.amisdk.cloud.World.BOB;
import static org.amisdk.cloud.World.describe;
import static org.amisdk.cloud.World.refused;
import static org.amisdk.cloud.World.register;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ImageId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeId;
import org.amisdk.pricing.CostLine;
import org.amisdk.pricing.CostReport;
import org.amisdk.pricing.PriceTable;
import org.amisdk.storage.block.BlockAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Recycle Bin, rule by rule, as the EC2 user guide ("Recover deleted Amazon EBS snapshots and
 * EBS-backed AMIs with Recycle Bin", "Considerations for Recycle Bin") and the rbin API reference
 * state them.
 */
class RecycleBinTest {
  private static final RetentionRuleRequest SNAPSHOTS_7_DAYS = RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 7);
  private static final RetentionRuleRequest IMAGES_7_DAYS = RetentionRuleRequest.regionLevel(RecycleBinResourceType.EC2_IMAGE, 7);

  @TempDir
  Path dir;

  /** The first 4 KiB of {@code snapshot}, read through a volume created from it. */
  private static byte[] head(World world, Ec2 owner, SnapshotId snapshot) {
    VolumeId volume = owner.createVolume(CreateVolumeRequest.builder().availabilityZone(owner.describeAvailabilityZones().get(0).zoneName()).snapshotId(snapshot).build()).volumeId();
    byte[] bytes = new byte[4096];
    owner.readVolume(volume, 0, bytes, 0, bytes.length);
    owner.deleteVolume(volume);
    return bytes;
  }

  private static boolean described(Ec2 client, SnapshotId snapshot) {
    try {
      client.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(snapshot).build());
      return true;
    } catch (Ec2Exception e) {
      assertEquals(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND, e.errorCode());
      return false;
    }
  }

  private static Set<BlockAddress> blocksOf(World world, SnapshotId snapshot) {
    return world.cloud.inventory().snapshots().stream().filter(f -> f.snapshot().snapshotId().equals(snapshot))
        .findFirst().orElseThrow().blocks();
  }

  // ---- snapshots

  /** "Resources that match a retention rule are retained in the Recycle Bin upon deletion"; a restore brings back the snapshot with its data. */
  @Test
  void regionLevelRule_deletedSnapshot_leavesDescribe_isListed_andRestoresWithItsBlocks() throws Exception {
    try (World world = new World()) {
      SnapshotId snapshot = world.snapshot(world.alice);
      byte[] before = head(world, world.alice, snapshot);
      world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS);
      Instant deleted = world.clock.instant();
      world.alice.deleteSnapshot(snapshot);

      assertFalse(described(world.alice, snapshot), "a binned snapshot is not in DescribeSnapshots");
      refused(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND,
          () -> world.alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(snapshot).build()));
      List<RecycleBinSnapshot> listed = world.alice.recycleBin().listSnapshotsInRecycleBin(List.of());
      assertEquals(1, listed.size());
      assertEquals(snapshot, listed.get(0).snapshotId());
      assertEquals(deleted, listed.get(0).recycleBinEnterTime());
      assertEquals(deleted.plus(Duration.ofDays(7)), listed.get(0).recycleBinExitTime());

      assertEquals(snapshot, world.alice.recycleBin().restoreSnapshotFromRecycleBin(snapshot).snapshotId());
      assertTrue(described(world.alice, snapshot));
      assertArrayEquals(before, head(world, world.alice, snapshot), "the restored snapshot has its bytes");
      assertEquals(List.of(), world.alice.recycleBin().listSnapshotsInRecycleBin(List.of()));
    }
  }

  /** A tag-level rule retains only resources "tagged with at least one of the tag key and value pairs"; others are deleted at once. */
  @Test
  void tagLevelRule_retainsOnlySnapshotsWithOneOfItsTags() throws Exception {
    try (World world = new World()) {
      SnapshotId tagged = world.snapshot(world.alice);
      SnapshotId untagged = world.snapshot(world.alice);
      world.alice.createTags(List.of(tagged), List.of(Tag.of("keep", "yes")));
      world.alice.recycleBin().createRule(RetentionRuleRequest.tagLevel(RecycleBinResourceType.EBS_SNAPSHOT, 3,
          List.of(Tag.of("keep", "yes"), Tag.of("other", "x"))));
      world.alice.deleteSnapshot(tagged);
      world.alice.deleteSnapshot(untagged);
      assertEquals(List.of(tagged), world.alice.recycleBin().listSnapshotsInRecycleBin(List.of()).stream()
          .map(RecycleBinSnapshot::snapshotId).toList());
      refused(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND, () -> world.alice.recycleBin().restoreSnapshotFromRecycleBin(untagged));
    }
  }

  /** A Region-level rule with exclusion tags does not retain resources carrying one of them. */
  @Test
  void regionLevelRule_withExclusionTags_doesNotRetainExcludedSnapshots() throws Exception {
    try (World world = new World()) {
      SnapshotId excluded = world.snapshot(world.alice);
      SnapshotId kept = world.snapshot(world.alice);
      world.alice.createTags(List.of(excluded), List.of(Tag.of("scratch", "true")));
      world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS.excluding(List.of(Tag.of("scratch", "true"))));
      world.alice.deleteSnapshot(excluded);
      world.alice.deleteSnapshot(kept);
      assertEquals(List.of(kept), world.alice.recycleBin().listSnapshotsInRecycleBin(List.of()).stream()
          .map(RecycleBinSnapshot::snapshotId).toList());
    }
  }

  /** "If a resource matches more than one retention rule upon deletion, then the retention rule with the longest retention period takes precedence." */
  @Test
  void severalMatchingRules_theLongestRetentionWins() throws Exception {
    try (World world = new World()) {
      SnapshotId snapshot = world.snapshot(world.alice);
      world.alice.createTags(List.of(snapshot), List.of(Tag.of("tier", "gold")));
      world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS);
      world.alice.recycleBin().createRule(RetentionRuleRequest.tagLevel(RecycleBinResourceType.EBS_SNAPSHOT, 30,
          List.of(Tag.of("tier", "gold"))));
      world.alice.recycleBin().createRule(RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 2));
      Instant deleted = world.clock.instant();
      world.alice.deleteSnapshot(snapshot);
      assertEquals(deleted.plus(Duration.ofDays(30)),
          world.alice.recycleBin().listSnapshotsInRecycleBin(List.of(snapshot)).get(0).recycleBinExitTime());
    }
  }

  /** "If the retention period expires and the resource is not restored, the resource is permanently deleted": its blocks are freed. */
  @Test
  void afterTheRetentionPeriod_theSnapshotIsGoneForGood_andItsBlocksFreed() throws Exception {
    try (World world = new World()) {
      SnapshotId snapshot = world.snapshot(world.alice);
      Set<BlockAddress> blocks = blocksOf(world, snapshot);
      assertFalse(blocks.isEmpty());
      CloudImpl impl = (CloudImpl) world.cloud;
      world.alice.recycleBin().createRule(RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 1));
      world.alice.deleteSnapshot(snapshot);
      assertTrue(impl.blockStore.addresses().containsAll(blocks), "the bin keeps the blocks");

      world.clock.advance(Duration.ofDays(1).minusSeconds(1));
      assertEquals(1, world.alice.recycleBin().listSnapshotsInRecycleBin(List.of()).size(), "still in the bin a second before exit");
      world.clock.advance(Duration.ofSeconds(1));
      assertEquals(List.of(), world.alice.recycleBin().listSnapshotsInRecycleBin(List.of()), "not listed at its exit time");
      world.bob.recycleBin().createRule(IMAGES_7_DAYS); // any change in the region purges
      assertTrue(world.cloud.inventory().recycleBin().isEmpty());
      for (BlockAddress block : blocks) {
        assertFalse(impl.blockStore.addresses().contains(block), "block " + block + " is freed after the purge");
      }
      refused(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND, () -> world.alice.recycleBin().restoreSnapshotFromRecycleBin(snapshot));
    }
  }

  /** The purge commits even when the change that triggered it is refused. */
  @Test
  void purge_happensAlsoWhenTheTriggeringChangeIsRefused() throws Exception {
    try (World world = new World()) {
      SnapshotId snapshot = world.snapshot(world.alice);
      Set<BlockAddress> blocks = blocksOf(world, snapshot);
      CloudImpl impl = (CloudImpl) world.cloud;
      world.alice.recycleBin().createRule(RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 1));
      world.alice.deleteSnapshot(snapshot);
      world.clock.advance(Duration.ofDays(2));
      refused(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND, () -> world.alice.deleteSnapshot(snapshot));
      assertTrue(impl.blockStore.addresses().stream().noneMatch(blocks::contains), "the refused change still ran the purge");
    }
  }

  // ---- images

  /** A deregistered EBS-backed image is kept, leaves DescribeImages, and comes back with its launch permissions ("the sharing comes back on restore"). */
  @Test
  void deregisteredImage_isBinned_unseenByEveryone_andRestoredWithItsPermissionsAndTags() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "golden");
      world.alice.createTags(List.of(image), List.of(Tag.of("team", "a")));
      world.alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
          .addLaunchPermissionAdd(new LaunchPermission.Account(BOB)).build());
      world.alice.recycleBin().createRule(IMAGES_7_DAYS.withDescription("keep images a week"));
      Instant deregistered = world.clock.instant();
      world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(image).build());

      refused(Ec2ErrorCode.INVALID_AMI_ID_NOT_FOUND, () -> world.alice.describeImages(describe().addImageIds(image).build()));
      assertEquals(List.of(), World.ids(world.bob, describe().build()), "a binned image is not shared meanwhile");
      refused(Ec2ErrorCode.INVALID_AMI_ID_NOT_FOUND,
          () -> world.bob.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").build()));
      RecycleBinImage listed = world.alice.recycleBin().listImagesInRecycleBin(List.of(image)).get(0);
      assertEquals(new RecycleBinImage(image, java.util.Optional.of("golden"), java.util.Optional.empty(), deregistered,
          deregistered.plus(Duration.ofDays(7))), listed);

      world.alice.recycleBin().restoreImageFromRecycleBin(image);
      assertEquals(List.of(image), World.ids(world.bob, describe().build()), "the launch permission is back");
      assertEquals(List.of(Tag.of("team", "a")), world.alice.describeImages(describe().addImageIds(image).build())
          .images().get(0).tags());
      assertEquals(List.of(), world.alice.recycleBin().listImagesInRecycleBin(List.of()));
    }
  }

  /** "An AMI can be restored only after all its snapshots are restored": restoring the image first is refused and changes nothing. */
  @Test
  void restoreImage_whileItsSnapshotIsBinned_isRefused_untilTheSnapshotIsRestored() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "web");
      SnapshotId root = snapshotOf(world, image);
      world.alice.recycleBin().createRule(IMAGES_7_DAYS);
      world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS);
      List<DeleteSnapshotResult> results = world.alice.deregisterImage(
          DeregisterImageRequest.builder().imageId(image).deleteAssociatedSnapshots(true).build());
      assertEquals(List.of(new DeleteSnapshotResult(root, DeleteSnapshotResult.SUCCESS)), results);
      assertEquals(1, world.alice.recycleBin().listSnapshotsInRecycleBin(List.of(root)).size());

      Ec2Exception refusal = refused(Ec2ErrorCode.INCORRECT_STATE, () -> world.alice.recycleBin().restoreImageFromRecycleBin(image));
      assertTrue(refusal.getMessage().contains(root.toString()), refusal.getMessage());
      assertEquals(1, world.alice.recycleBin().listImagesInRecycleBin(List.of()).size(), "the refused restore left the image binned");

      world.alice.recycleBin().restoreSnapshotFromRecycleBin(root);
      world.alice.recycleBin().restoreImageFromRecycleBin(image);
      assertEquals(List.of(image), World.ids(world.alice, describe().addImageIds(image).build()));
      refused(Ec2ErrorCode.INVALID_SNAPSHOT_IN_USE, () -> world.alice.deleteSnapshot(root));
    }
  }

  /** "If its snapshots are purged, the AMI cannot be recovered." */
  @Test
  void restoreImage_whoseSnapshotIsGoneForGood_isRefused() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "web");
      SnapshotId root = snapshotOf(world, image);
      world.alice.recycleBin().createRule(IMAGES_7_DAYS);
      world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(image).deleteAssociatedSnapshots(true).build());
      Ec2Exception refusal = refused(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND,
          () -> world.alice.recycleBin().restoreImageFromRecycleBin(image));
      assertTrue(refusal.getMessage().contains(root.toString()), refusal.getMessage());
    }
  }

  /** A snapshot that only a binned image maps is not in use by a registered image, so EC2 lets it be deleted (which makes the image unrecoverable). */
  @Test
  void deleteSnapshot_mappedOnlyByABinnedImage_isAllowed() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "web");
      SnapshotId root = snapshotOf(world, image);
      world.alice.recycleBin().createRule(IMAGES_7_DAYS);
      world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(image).build());
      world.alice.deleteSnapshot(root);
      assertFalse(described(world.alice, root));
      refused(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND, () -> world.alice.recycleBin().restoreImageFromRecycleBin(image));
    }
  }

  /** A binned image's name is free for a new image (modelled); restoring the binned one while the name is taken is refused. */
  @Test
  void binnedImageName_isFree_andRestoreIsRefusedWhileTheNameIsTaken() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "app");
      world.alice.recycleBin().createRule(IMAGES_7_DAYS);
      world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(image).build());
      ImageId again = world.alice.registerImage(register("app", world.snapshot(world.alice)).build());
      refused(Ec2ErrorCode.INVALID_AMI_NAME_DUPLICATE, () -> world.alice.recycleBin().restoreImageFromRecycleBin(image));
      world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(again).build());
      world.alice.recycleBin().restoreImageFromRecycleBin(image);
      assertEquals(List.of(image), World.ids(world.alice, describe().addOwners("self").build()));
    }
  }

  /** "Only EBS-backed AMIs go to the bin"; an image's rule does not retain snapshots, nor a snapshot rule images. */
  @Test
  void rulesRetainOnlyTheirResourceType() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "app");
      world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS);
      world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(image).build());
      assertEquals(List.of(), world.alice.recycleBin().listImagesInRecycleBin(List.of()));
      refused(Ec2ErrorCode.INVALID_AMI_ID_NOT_FOUND, () -> world.alice.recycleBin().restoreImageFromRecycleBin(image));
    }
  }

  // ---- accounts

  /** Rules and bins are per account: another account neither lists, restores, reads nor changes them, and its deletions are not retained by them. */
  @Test
  void anotherAccount_cannotListRestoreOrManage_andIsNotRetainedByTheOwnersRules() throws Exception {
    try (World world = new World()) {
      SnapshotId snapshot = world.snapshot(world.alice);
      ImageId image = world.image(world.alice, "app");
      RetentionRule rule = world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS);
      world.alice.recycleBin().createRule(IMAGES_7_DAYS);
      world.alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(snapshot)
          .addAdd(new LaunchPermission.Account(BOB)).build());
      world.alice.deleteSnapshot(snapshot);
      world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(image).build());

      RecycleBin bob = world.bob.recycleBin();
      assertEquals(List.of(), bob.listSnapshotsInRecycleBin(List.of()));
      assertEquals(List.of(), bob.listSnapshotsInRecycleBin(List.of(snapshot)));
      assertEquals(List.of(), bob.listImagesInRecycleBin(List.of(image)));
      refused(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND, () -> bob.restoreSnapshotFromRecycleBin(snapshot));
      refused(Ec2ErrorCode.INVALID_AMI_ID_NOT_FOUND, () -> bob.restoreImageFromRecycleBin(image));
      refused(Ec2ErrorCode.RBIN_RESOURCE_NOT_FOUND, () -> bob.getRule(rule.identifier()));
      refused(Ec2ErrorCode.RBIN_RESOURCE_NOT_FOUND, () -> bob.deleteRule(rule.identifier()));
      refused(Ec2ErrorCode.RBIN_RESOURCE_NOT_FOUND, () -> bob.updateRule(rule.identifier(), SNAPSHOTS_7_DAYS));
      assertEquals(List.of(), bob.listRules(RecycleBinResourceType.EBS_SNAPSHOT));

      SnapshotId bobs = world.snapshot(world.bob);
      world.bob.deleteSnapshot(bobs);
      assertEquals(List.of(), bob.listSnapshotsInRecycleBin(List.of()), "alice's rule does not retain bob's snapshot");
      assertEquals(1, world.alice.recycleBin().listSnapshotsInRecycleBin(List.of()).size());
      assertEquals(List.of(), world.cloud.client(ALICE, World.OTHER_REGION).recycleBin().listSnapshotsInRecycleBin(List.of()),
          "the bin is per region");
    }
  }

  // ---- rules

  /** CreateRule, GetRule, ListRules, UpdateRule and DeleteRule; the resource type of a rule cannot change (rbin UpdateRule). */
  @Test
  void rules_createGetListUpdateDelete() throws Exception {
    try (World world = new World()) {
      RecycleBin bin = world.alice.recycleBin();
      RetentionRule images = bin.createRule(IMAGES_7_DAYS.withDescription("images"));
      RetentionRule snapshots = bin.createRule(SNAPSHOTS_7_DAYS);
      assertTrue(images.identifier().matches("[0-9a-zA-Z]{11}"), images.identifier());
      assertEquals("available", images.status());
      assertEquals(images, bin.getRule(images.identifier()));
      assertEquals(List.of(images), bin.listRules(RecycleBinResourceType.EC2_IMAGE));
      assertEquals(List.of(snapshots), bin.listRules(RecycleBinResourceType.EBS_SNAPSHOT));

      RetentionRuleRequest longer = RetentionRuleRequest.regionLevel(RecycleBinResourceType.EC2_IMAGE, 90);
      assertEquals(new RetentionRule(images.identifier(), longer), bin.updateRule(images.identifier(), longer));
      assertEquals(90, bin.getRule(images.identifier()).spec().retentionDays());
      refused(Ec2ErrorCode.RBIN_VALIDATION, () -> bin.updateRule(images.identifier(), SNAPSHOTS_7_DAYS));

      bin.deleteRule(images.identifier());
      refused(Ec2ErrorCode.RBIN_RESOURCE_NOT_FOUND, () -> bin.getRule(images.identifier()));
      assertEquals(List.of(), bin.listRules(RecycleBinResourceType.EC2_IMAGE));
      refused(Ec2ErrorCode.RBIN_VALIDATION, () -> bin.getRule("short"));
    }
  }

  /** Retention is 1 to 365 days for snapshots and AMIs (user guide), at most 50 tags, exclusion tags only on Region-level rules. */
  @Test
  void ruleValidation_refusesBadRetentionTagsAndCombinations() {
    refused(Ec2ErrorCode.RBIN_VALIDATION, () -> RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 0));
    refused(Ec2ErrorCode.RBIN_VALIDATION, () -> RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 366));
    refused(Ec2ErrorCode.RBIN_VALIDATION, () -> RetentionRuleRequest.tagLevel(RecycleBinResourceType.EBS_SNAPSHOT, 1, List.of()));
    List<Tag> many = java.util.stream.IntStream.range(0, 51).mapToObj(i -> Tag.of("k" + i, "v")).toList();
    refused(Ec2ErrorCode.RBIN_VALIDATION, () -> RetentionRuleRequest.tagLevel(RecycleBinResourceType.EBS_SNAPSHOT, 1, many));
    refused(Ec2ErrorCode.RBIN_VALIDATION, () -> RetentionRuleRequest.tagLevel(RecycleBinResourceType.EBS_SNAPSHOT, 1,
        List.of(Tag.of("a", "b"))).excluding(List.of(Tag.of("c", "d"))));
    refused(Ec2ErrorCode.RBIN_VALIDATION, () -> SNAPSHOTS_7_DAYS.withDescription("d".repeat(256)));
    assertEquals(RetentionRuleRequest.MAX_RETENTION_DAYS,
        RetentionRuleRequest.regionLevel(RecycleBinResourceType.EC2_IMAGE, 365).retentionDays());
  }

  /** rbin's quota: 250 retention rules per Region. */
  @Test
  void ruleQuota_250PerAccountAndRegion() throws Exception {
    try (World world = new World()) {
      for (int i = 0; i < LocalRecycleBin.MAX_RULES; i++) {
        world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS);
      }
      refused(Ec2ErrorCode.RBIN_QUOTA_EXCEEDED, () -> world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS));
      world.bob.recycleBin().createRule(SNAPSHOTS_7_DAYS);
    }
  }

  /** ListImagesInRecycleBin takes up to 20 image ids. */
  @Test
  void listImagesInRecycleBin_refusesMoreThan20Ids() throws Exception {
    try (World world = new World()) {
      List<ImageId> ids = java.util.stream.IntStream.range(0, 21)
          .mapToObj(i -> ImageId.parse(String.format("ami-%017x", i))).toList();
      refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> world.alice.recycleBin().listImagesInRecycleBin(ids));
    }
  }

  // ---- billing and durability

  /** "Snapshots in the Recycle Bin are billed at the same rate as regular snapshots": the report charges them as recycle-bin lines. */
  @Test
  void costReport_chargesBinnedSnapshots_atTheSnapshotRate_namingThemRecycleBin() throws Exception {
    try (World world = new World()) {
      SnapshotId snapshot = world.snapshot(world.alice);
      CostLine live = line(CostReport.of(world.cloud, PriceTable.standard()), snapshot);
      assertEquals("snapshot", live.kind());
      world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS);
      world.alice.deleteSnapshot(snapshot);
      CostLine binned = line(CostReport.of(world.cloud, PriceTable.standard()), snapshot);
      assertEquals("recycle-bin", binned.kind());
      assertEquals(live.monthly(), binned.monthly());
      assertEquals(live.billableBytes(), binned.billableBytes());
      assertTrue(binned.monthly().signum() > 0);
      world.clock.advance(Duration.ofDays(8));
      assertTrue(CostReport.of(world.cloud, PriceTable.standard()).lines().stream().noneMatch(l -> l.resource().equals(snapshot.toString())),
          "past its exit time nothing is charged");
    }
  }

  private static CostLine line(CostReport report, SnapshotId snapshot) {
    return report.lines().stream().filter(l -> l.resource().equals(snapshot.toString())).findFirst().orElseThrow();
  }

  /** Rules and binned things survive a reopen of a durable cloud, and the binned snapshot's bytes are not swept as orphans. */
  @Test
  void durableCloud_keepsRulesAndBinnedImagesAndSnapshots_acrossReopen() throws IOException {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    ImageId image;
    SnapshotId root;
    byte[] before;
    RetentionRule rule;
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).ids(new SplittableRandom(3)).open()) {
      World world = new World(cloud, clock);
      image = world.image(world.alice, "durable");
      root = snapshotOf(world, image);
      before = head(world, world.alice, root);
      rule = world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS);
      world.alice.recycleBin().createRule(IMAGES_7_DAYS);
      world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(image).deleteAssociatedSnapshots(true).build());
    }
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).ids(new SplittableRandom(4)).open()) {
      World world = new World(cloud, clock);
      assertEquals(rule, world.alice.recycleBin().getRule(rule.identifier()));
      assertEquals(1, world.alice.recycleBin().listImagesInRecycleBin(List.of()).size());
      world.alice.recycleBin().restoreSnapshotFromRecycleBin(root);
      world.alice.recycleBin().restoreImageFromRecycleBin(image);
      assertArrayEquals(before, head(world, world.alice, root), "the bytes survived the reopen's orphan sweep");
      assertEquals(List.of(image), World.ids(world.alice, describe().addImageIds(image).build()));
    }
  }

  /** {@code reset()} empties the bin and the rules too, and frees the binned snapshots' blocks. */
  @Test
  void reset_emptiesTheBinAndTheRules_andFreesTheBlocks() throws Exception {
    try (World world = new World()) {
      SnapshotId snapshot = world.snapshot(world.alice);
      Set<BlockAddress> blocks = blocksOf(world, snapshot);
      world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS);
      world.alice.deleteSnapshot(snapshot);
      world.cloud.reset();
      assertEquals(List.of(), world.alice.recycleBin().listSnapshotsInRecycleBin(List.of()));
      assertEquals(List.of(), world.alice.recycleBin().listRules(RecycleBinResourceType.EBS_SNAPSHOT));
      assertTrue(((CloudImpl) world.cloud).blockStore.addresses().stream().noneMatch(blocks::contains));
    }
  }

  // ---- refusals change nothing

  /** Refused Recycle Bin calls leave the inventory (bin included), the block store and the rules as they were. */
  @Test
  void refusedRestores_leaveTheWorldAsItWas() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "web");
      SnapshotId root = snapshotOf(world, image);
      world.alice.recycleBin().createRule(IMAGES_7_DAYS);
      world.alice.recycleBin().createRule(SNAPSHOTS_7_DAYS);
      world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(image).deleteAssociatedSnapshots(true).build());
      CloudImpl impl = (CloudImpl) world.cloud;
      List<Object> before = List.of(world.cloud.inventory(), impl.blockStore.addresses(),
          world.alice.recycleBin().listImagesInRecycleBin(List.of()), world.alice.recycleBin().listSnapshotsInRecycleBin(List.of()),
          world.alice.recycleBin().listRules(RecycleBinResourceType.EC2_IMAGE));
      refused(Ec2ErrorCode.INCORRECT_STATE, () -> world.alice.recycleBin().restoreImageFromRecycleBin(image));
      refused(Ec2ErrorCode.INVALID_AMI_ID_NOT_FOUND, () -> world.bob.recycleBin().restoreImageFromRecycleBin(image));
      refused(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND, () -> world.bob.recycleBin().restoreSnapshotFromRecycleBin(root));
      refused(Ec2ErrorCode.RBIN_VALIDATION, () -> world.alice.recycleBin().updateRule(
          world.alice.recycleBin().listRules(RecycleBinResourceType.EC2_IMAGE).get(0).identifier(), SNAPSHOTS_7_DAYS));
      assertEquals(before, List.of(world.cloud.inventory(), impl.blockStore.addresses(),
          world.alice.recycleBin().listImagesInRecycleBin(List.of()), world.alice.recycleBin().listSnapshotsInRecycleBin(List.of()),
          world.alice.recycleBin().listRules(RecycleBinResourceType.EC2_IMAGE)));
    }
  }

  private static SnapshotId snapshotOf(World world, ImageId image) {
    var mapping = (org.amisdk.model.BlockDeviceMapping.Ebs) world.alice.describeImages(describe().addImageIds(image).build())
        .images().get(0).blockDeviceMappings().get(0);
    return mapping.ebs().snapshotId().orElseThrow();
  }

  /** Restoring what never was in the bin is not found, with EC2's code for the resource. */
  @Test
  void restoreOfAnIdNeverBinned_isNotFound() throws Exception {
    try (World world = new World()) {
      refused(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND, () -> world.alice.recycleBin().restoreSnapshotFromRecycleBin(
          SnapshotId.parse("snap-0123456789abcdef0")));
      refused(Ec2ErrorCode.INVALID_AMI_ID_NOT_FOUND, () -> world.alice.recycleBin().restoreImageFromRecycleBin(
          ImageId.parse("ami-0123456789abcdef0")));
    }
  }
}
