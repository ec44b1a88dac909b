package org.amisdk.audit;

import static org.amisdk.pricing.Worlds.ALICE;
import static org.amisdk.pricing.Worlds.BOB;
import static org.amisdk.pricing.Worlds.MALLORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.amisdk.cloud.CopyImageRequest;
import org.amisdk.cloud.CreateImageRequest;
import org.amisdk.cloud.CreateSnapshotRequest;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.DeregisterImageRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.cloud.ModifyImageAttributeRequest;
import org.amisdk.cloud.ModifySnapshotAttributeRequest;
import org.amisdk.cloud.RunInstancesRequest;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.Volume;
import org.amisdk.pricing.PriceTable;
import org.amisdk.pricing.Worlds;
import org.junit.jupiter.api.Test;

class AuditTest {
  private final ManualClock clock = Worlds.clock();
  private final LocalCloud cloud = Worlds.cloud(clock, 3);
  private final Ec2 alice = cloud.client(ALICE, Region.US_EAST_1);
  private final Ec2 bob = cloud.client(BOB, Region.US_EAST_1);
  private final PriceTable prices = Worlds.easyPrices();

  private List<Finding> audit(FindingKind kind) {
    return audit(AuditRules.defaults(), kind);
  }

  private List<Finding> audit(AuditRules rules, FindingKind kind) {
    return Audit.of(cloud, rules, prices).findings(kind);
  }

  private static void assertAmount(String expected, BigDecimal actual) {
    assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual.toPlainString());
  }

  private ImageId image(String name, int... blocks) {
    return Worlds.image(alice, name, Worlds.snapshotOf(alice, blocks).snapshotId());
  }

  private Instance run(Ec2 ec2, ImageId image) {
    return ec2.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").build()).get(0);
  }

  private void share(ImageId image, LaunchPermission... with) {
    alice.disableImageBlockPublicAccess(); // on for a new account, as in EC2: sharing publicly needs it off
    alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image).addLaunchPermissionAdd(with).build());
  }

  @Test
  void snapshotOfDeregisteredImage_isOrphaned_andSavesItsOwnBlocks() {
    Instance instance = run(alice, image("web-1", 1));
    Volume root = alice.describeVolumes(List.of(instance.blockDeviceMappings().get(0).volumeId())).get(0);
    Worlds.write(alice, root, 1, 2);                          // one block the base image does not have
    ImageId made = alice.createImage(CreateImageRequest.builder().instanceId(instance.instanceId()).name("web-2").build());
    alice.deregisterImage(DeregisterImageRequest.builder().imageId(made).build());

    List<Finding> found = audit(FindingKind.SNAPSHOT_OF_DEREGISTERED_IMAGE);
    assertEquals(1, found.size(), found.toString());
    assertTrue(found.get(0).why().contains("was made for image " + made + ", which is deregistered"), found.get(0).why());
    assertAmount("1", found.get(0).monthlySaving());          // 1 block at 1.00; block 1 stays with web-1
  }

  @Test
  void unreferencedSnapshot_isOrphaned_butOneAVolumeUsesIsNot() {
    Snapshot lonely = Worlds.snapshotOf(alice, 1, 2);
    Snapshot restored = Worlds.snapshotOf(alice, 3);
    alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(restored.snapshotId()).build());

    List<Finding> found = audit(FindingKind.UNREFERENCED_SNAPSHOT);
    assertEquals(List.of(lonely.snapshotId().toString()), found.stream().map(Finding::resource).toList());
    assertAmount("2", found.get(0).monthlySaving());
  }

  @Test
  void unusedImage_notLaunchedForNDays() {
    ImageId idle = image("idle", 1, 2);
    ImageId busy = image("busy", 3);
    clock.advance(Duration.ofDays(100));
    Instance instance = run(alice, busy);
    alice.terminateInstances(List.of(instance.instanceId()));

    List<Finding> found = audit(FindingKind.UNUSED_IMAGE);
    assertEquals(List.of(idle.toString()), found.stream().map(Finding::resource).toList());
    assertAmount("2", found.get(0).monthlySaving());
    assertTrue(found.get(0).why().endsWith("was never launched and made 100 days ago"), found.get(0).why());
  }

  @Test
  void supersededImage_hasANewerVersionOfItsNameFamily() {
    ImageId old = image("web-2024.01", 1, 2);
    clock.advance(Duration.ofDays(1));
    ImageId current = image("web-2024.02", 1, 3);
    image("db-1", 4);

    List<Finding> found = audit(FindingKind.SUPERSEDED_IMAGE);
    assertEquals(1, found.size(), found.toString());
    assertEquals(old.toString(), found.get(0).resource());
    assertTrue(found.get(0).why().contains("is superseded by " + current), found.get(0).why());
    assertAmount("1", found.get(0).monthlySaving());          // block 1 is shared with the current version
  }

  @Test
  void deprecatedImage_stillLaunched() {
    ImageId image = image("legacy", 1);
    ImageId unused = image("retired", 2);
    run(alice, image);
    alice.enableImageDeprecation(image, clock.instant().plus(Duration.ofHours(1)));
    alice.enableImageDeprecation(unused, clock.instant().plus(Duration.ofHours(1)));
    clock.advance(Duration.ofHours(2));

    List<Finding> found = audit(FindingKind.DEPRECATED_IMAGE_IN_USE);
    assertEquals(List.of(image.toString()), found.stream().map(Finding::resource).toList());
    assertEquals("medium", found.get(0).risk());
  }

  @Test
  void publicImage_andImageSharedOutsideTheAllowList() {
    ImageId open = image("open", 1);
    share(open, LaunchPermission.EVERYONE);
    ImageId shared = image("shared", 2);
    share(shared, new LaunchPermission.Account(BOB), new LaunchPermission.Account(MALLORY));

    assertEquals(List.of(open.toString()), audit(FindingKind.PUBLIC_IMAGE).stream().map(Finding::resource).toList());
    List<Finding> outside = audit(AuditRules.defaults().withAllowedAccounts(Set.of(BOB)), FindingKind.IMAGE_SHARED_OUTSIDE);
    assertEquals(1, outside.size(), outside.toString());
    assertTrue(outside.get(0).why().endsWith("outside the allow-list: " + MALLORY), outside.get(0).why());
    assertEquals(List.of(), audit(AuditRules.defaults().withAllowedAccounts(Set.of(BOB, MALLORY)), FindingKind.IMAGE_SHARED_OUTSIDE));

    String org = "arn:aws:organizations::111111111111:organization/o-abc123def4";
    share(image("org-wide", 3), new LaunchPermission.Organization(org));
    AuditRules accounts = AuditRules.defaults().withAllowedAccounts(Set.of(BOB, MALLORY));
    List<Finding> orgWide = audit(accounts, FindingKind.IMAGE_SHARED_OUTSIDE);
    assertEquals(1, orgWide.size(), orgWide.toString());
    assertTrue(orgWide.get(0).why().endsWith(": " + org), orgWide.get(0).why());
    assertEquals(List.of(), audit(accounts.withAllowedOrganizations(Set.of(org)), FindingKind.IMAGE_SHARED_OUTSIDE));
  }

  @Test
  void publicSnapshot_anyoneMayCreateAVolume() {
    Snapshot snapshot = Worlds.snapshotOf(alice, 1);
    Worlds.snapshotOf(alice, 2);
    alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(snapshot.snapshotId())
        .addAdd(LaunchPermission.EVERYONE).build());

    List<Finding> found = audit(FindingKind.PUBLIC_SNAPSHOT);
    assertEquals(List.of(snapshot.snapshotId().toString()), found.stream().map(Finding::resource).toList());
    assertEquals("high", found.get(0).risk());
  }

  @Test
  void encryptedSnapshotWithTheDefaultKey_underASharedImage_cannotBeShared() {
    Volume volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).encrypted(true).build());
    Worlds.write(alice, volume, 0, 1);
    Snapshot encrypted = alice.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());
    ImageId image = Worlds.image(alice, "secret", encrypted.snapshotId());
    image("plain", 2);
    assertEquals(List.of(), audit(FindingKind.UNSHAREABLE_ENCRYPTED_SNAPSHOT), "not shared yet");
    share(image, new LaunchPermission.Account(BOB));

    List<Finding> found = audit(FindingKind.UNSHAREABLE_ENCRYPTED_SNAPSHOT);
    assertEquals(List.of(encrypted.snapshotId().toString()), found.stream().map(Finding::resource).toList());
    assertTrue(found.get(0).why().contains("image " + image + " is shared with cannot launch it"), found.get(0).why());
  }

  @Test
  void launchingFromUnverifiedCommunityImage_isFlagged_unlessItsOwnerIsVerified() {
    ImageId community = image("community", 1);
    share(community, LaunchPermission.EVERYONE);
    Instance instance = run(bob, community);
    run(alice, community);                                     // the owner's own launch is no finding

    List<Finding> found = audit(FindingKind.LAUNCHED_FROM_UNVERIFIED);
    assertEquals(List.of(instance.instanceId().toString()), found.stream().map(Finding::resource).toList());
    assertEquals(BOB, found.get(0).account());
    assertEquals(List.of(), audit(AuditRules.defaults().withVerifiedOwners(Set.of(ALICE)), FindingKind.LAUNCHED_FROM_UNVERIFIED));
  }

  @Test
  void copyingAnUnverifiedCommunityImage_isFlagged() {
    Snapshot root = Worlds.snapshotOf(alice, 1);
    ImageId community = Worlds.image(alice, "community", root.snapshotId());
    share(community, LaunchPermission.EVERYONE);
    alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(root.snapshotId())
        .addAdd(new LaunchPermission.Account(BOB)).build());    // a copy needs to read the snapshot
    ImageId copy = bob.copyImage(CopyImageRequest.builder().sourceImageId(community)
        .sourceRegion(Region.US_EAST_1).name("my-copy").build());

    List<Finding> found = audit(FindingKind.COPIED_FROM_UNVERIFIED);
    assertEquals(List.of(copy.toString()), found.stream().map(Finding::resource).toList());
    assertTrue(found.get(0).why().contains("copied from community image " + community), found.get(0).why());
  }

  @Test
  void oldImage_olderThanTheGivenAge() {
    ImageId old = image("old", 1);
    clock.advance(Duration.ofDays(200));
    image("new", 2);
    clock.advance(Duration.ofDays(200));

    List<Finding> found = audit(FindingKind.OLD_IMAGE);
    assertEquals(List.of(old.toString()), found.stream().map(Finding::resource).toList());
    assertTrue(found.get(0).why().contains("was made 400 days ago, over 365"), found.get(0).why());
  }

  @Test
  void archiveCandidate_whenTheSavingOverTheMinimumBeatsOneRestore() {
    Snapshot full = Worlds.snapshotOf(alice, 1, 2, 3, 4);      // 4 own blocks: 4.00 standard, 1.00 archived
    Volume volume = Worlds.volume(alice);
    for (int i = 0; i < 3; i++) {
      Worlds.write(alice, volume, i, i + 5);
    }
    Worlds.snapshot(alice, volume);                            // blocks 5, 6, 7
    clock.advance(Duration.ofMinutes(1));
    Worlds.write(alice, volume, 0, 8);
    Worlds.snapshot(alice, volume);                            // blocks 8, 6, 7: archiving either saves only 0.25
    clock.advance(Duration.ofDays(100));

    List<Finding> found = audit(FindingKind.ARCHIVE_CANDIDATE);
    assertEquals(List.of(full.snapshotId().toString()), found.stream().map(Finding::resource).toList());
    assertAmount("3", found.get(0).monthlySaving());           // 9.00 over 90 days beats one 2.00 restore
    assertTrue(found.get(0).why().contains("saves 9.00 over the 90-day minimum, more than one restore (2.00)"), found.get(0).why());
    assertEquals(List.of(), audit(AuditRules.defaults().withDays(90, 365, 101), FindingKind.ARCHIVE_CANDIDATE));
  }

  @Test
  void renderings_andTheTotalSavingCountEachResourceOnce() throws Exception {
    ImageId old = image("web-1", 1, 2);
    clock.advance(Duration.ofDays(1));
    image("web-2", 3);
    clock.advance(Duration.ofDays(100));                      // web-1 is unused and superseded: saving 2.00 once

    Audit audit = Audit.of(cloud, AuditRules.defaults().withDays(90, 365, 1000), prices);
    assertEquals(2, audit.findings().stream().filter(f -> f.resource().equals(old.toString())).count());
    assertAmount("3", audit.monthlySaving());                  // web-1 2.00 + web-2 (unused too) 1.00
    JsonNode json = new ObjectMapper().readTree(audit.toJson());
    assertEquals(audit.findings().size(), json.get("findings").size());
    assertEquals("3", json.get("monthlySaving").asText());
    assertEquals(audit.findings().size() + 1, audit.toCsv().split("\r\n").length);
    assertTrue(audit.toTable().contains("acting on all saves 3.00 EUR per month"), audit.toTable());
  }

  @Test
  void rules_refuseNonPositiveDays() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditRules.defaults().withDays(0, 1, 1));
    assertEquals("audit rule unusedDays must be a positive number of days: 0", e.getMessage());
  }
}
