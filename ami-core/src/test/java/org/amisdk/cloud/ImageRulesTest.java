package org.amisdk.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VirtualizationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.amisdk.cloud.World.ALICE;
import static org.amisdk.cloud.World.BOB;
import static org.amisdk.cloud.World.describe;
import static org.amisdk.cloud.World.ids;
import static org.amisdk.cloud.World.refused;
import static org.amisdk.cloud.World.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Example tests of EC2's image rules (the EC2 User Guide's AMI chapters and the API reference); each names its rule. */
class ImageRulesTest {
  private final World world = new World();
  private final Ec2 alice = world.alice;
  private final Ec2 bob = world.bob;

  @AfterEach
  void close() throws Exception {
    world.close();
  }

  private Image describeOne(Ec2 client, ImageId id) {
    return client.describeImages(describe().addImageIds(id).includeDisabled(true).build()).images().get(0);
  }

  // EC2 rule: pending -> available on the clock, pending visible at least once
  @Test
  void registerImage_pendingUntilSnapshotsAndTimingPassThenAvailable() {
    SnapshotId root = world.snapshot(alice);
    ImageId id = alice.registerImage(register("web-1", root).build());
    assertEquals(ImageState.PENDING, describeOne(alice, id).state());
    world.clock.advance(LifecycleTimings.realistic().imageAvailable().minusSeconds(1));
    assertEquals(ImageState.PENDING, describeOne(alice, id).state());
    world.clock.advance(Duration.ofSeconds(1));
    assertEquals(ImageState.AVAILABLE, describeOne(alice, id).state());
  }

  // EC2 rule: names are unique per account and region
  @Test
  void registerImage_duplicateNameInSameAccountAndRegion_refused() {
    ImageId first = world.image(alice, "web-1");
    var refusal = refused("InvalidAMIName.Duplicate", () -> alice.registerImage(register("web-1", world.snapshot(alice)).build()));
    assertEquals("AMI name web-1 is already in use by AMI " + first, refusal.getMessage());
    world.image(bob, "web-1"); // another account may use the name
  }

  // EC2 rule: 3-128 characters of the allowed set
  @Test
  void registerImage_malformedName_refused() {
    SnapshotId root = world.snapshot(alice);
    refused("InvalidAMIName.Malformed", () -> alice.registerImage(register("ab", root).build()));
    refused("InvalidAMIName.Malformed", () -> alice.registerImage(register("bad*name", root).build()));
  }

  // EC2 rule: RegisterImage needs a snapshot the caller may use; size at least the snapshot's
  @Test
  void registerImage_fromSnapshotOfAnotherAccount_notFound() {
    SnapshotId bobs = world.snapshot(bob);
    refused("InvalidSnapshot.NotFound", () -> alice.registerImage(register("web-1", bobs).build()));
  }

  // EC2 rule: a malformed id is reported, only the first
  @Test
  void describeImages_malformedId_reportsFirstOnly() {
    var refusal = refused("InvalidAMIID.Malformed",
        () -> alice.describeImages(describe().addImageIds(ImageId.parse("not_an_ami_id"), ImageId.parse("also-bad")).build()));
    assertTrue(refusal.getMessage().startsWith("Invalid id: \"not_an_ami_id\" (expecting \"ami-...\")"), refusal.getMessage());
  }

  // EC2 rule: one missing id fails the whole call; plural message for several
  @Test
  void describeImages_missingIds_failWholeCallWithPluralMessage() {
    ImageId mine = world.image(alice, "web-1");
    var one = refused("InvalidAMIID.NotFound", () -> alice.describeImages(describe().addImageIds(mine, ImageId.parse("ami-12345678")).build()));
    assertEquals("The image id '[ami-12345678]' does not exist", one.getMessage());
    var two = refused("InvalidAMIID.NotFound", () -> alice.describeImages(describe().addImageIds(ImageId.parse("ami-12345678"), ImageId.parse("ami-87654321")).build()));
    assertEquals("The image ids '[ami-12345678, ami-87654321]' do not exist", two.getMessage());
  }

  // EC2 rule: default visibility is own + public + shared with me; private images of others are not found
  @Test
  void describeImages_defaultVisibility_ownPublicAndShared() {
    ImageId mine = world.image(alice, "mine");
    ImageId shared = world.image(bob, "shared");
    ImageId publicOne = world.image(bob, "public");
    ImageId hidden = world.image(bob, "hidden");
    bob.disableImageBlockPublicAccess(); // on for a new account: public sharing needs it off
    bob.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(shared)
        .addLaunchPermissionAdd(new LaunchPermission.Account(ALICE)).build());
    bob.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(publicOne)
        .addLaunchPermissionAdd(LaunchPermission.EVERYONE).build());
    assertEquals(sorted(mine, shared, publicOne), ids(alice, describe().build()));
    assertEquals(List.of(mine), ids(alice, describe().addOwners("self").build()));
    assertEquals(List.of(shared), ids(alice, describe().addExecutableUsers("self").build()));
    assertEquals(List.of(publicOne), ids(alice, describe().addExecutableUsers("all").build()));
    assertEquals(sorted(shared, publicOne), ids(alice, describe().addOwners(BOB.toString()).build()));
    refused("InvalidAMIID.NotFound", () -> alice.describeImages(describe().addImageIds(hidden).build()));
    assertTrue(describeOne(alice, publicOne).isPublic());
    assertFalse(describeOne(alice, shared).isPublic()); // EC2 rule: Public only from group all
  }

  // EC2 rule: case-sensitive wildcards, ? is zero or one, OR within a filter, AND across filters
  @Test
  void describeImages_filters_wildcardsOrWithinAndAcross() {
    ImageId web1 = world.image(alice, "web-1");
    ImageId web12 = world.image(alice, "web-12");
    ImageId db = world.image(alice, "db-1");
    assertEquals(sorted(web1, web12), ids(alice, describe().addFilters(Filter.of("name", "web-*")).build()));
    assertEquals(sorted(web1, web12), ids(alice, describe().addFilters(Filter.of("name", "web-1?")).build()));
    assertEquals(List.of(), ids(alice, describe().addFilters(Filter.of("name", "WEB-*")).build()));
    assertEquals(sorted(web1, db), ids(alice, describe().addFilters(Filter.of("name", "web-1", "db-*")).build()));
    assertEquals(List.of(db), ids(alice, describe().addFilters(Filter.of("name", "*-1"), Filter.of("image-id", db.toString())).build()));
    assertEquals(sorted(web1, web12, db), ids(alice, describe().addFilters(Filter.of("architecture", "x86_64"),
        Filter.of("root-device-type", "ebs"), Filter.of("block-device-mapping.device-name", "/dev/xvda")).build()));
    refused("InvalidParameterValue", () -> alice.describeImages(describe().addFilters(Filter.of("colour", "red")).build()));
  }

  // EC2 rule: tags on shared resources are visible only to the account that set them
  @Test
  void createTags_onSharedImage_visibleOnlyToTagger() {
    ImageId id = world.image(alice, "web-1");
    alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(id)
        .addLaunchPermissionAdd(new LaunchPermission.Account(BOB)).build());
    alice.createTags(List.of(id), List.of(Tag.of("team", "a")));
    bob.createTags(List.of(id), List.of(Tag.of("seen-by", "bob")));
    assertEquals(List.of(Tag.of("team", "a")), describeOne(alice, id).tags());
    assertEquals(List.of(Tag.of("seen-by", "bob")), describeOne(bob, id).tags());
    assertEquals(List.of(id), ids(bob, describe().addFilters(Filter.of("tag:seen-by", "bob")).build()));
    assertEquals(List.of(), ids(bob, describe().addFilters(Filter.of("tag-key", "team")).build()));
    bob.deleteTags(List.of(id), List.of("seen-by"));
    assertEquals(List.of(), describeOne(bob, id).tags());
    refused("InvalidTagKey.Malformed", () -> alice.deleteTags(List.of(id), List.of("aws:x")));
  }

  // EC2 rule: add and remove are idempotent; Public follows group all; reset removes every explicit and public permission
  @Test
  void modifyImageAttribute_launchPermissions_idempotentAndResettable() {
    ImageId id = world.image(alice, "web-1");
    var add = ModifyImageAttributeRequest.builder().imageId(id)
        .addLaunchPermissionAdd(new LaunchPermission.Account(BOB), LaunchPermission.EVERYONE).build();
    alice.disableImageBlockPublicAccess();
    alice.modifyImageAttribute(add);
    alice.modifyImageAttribute(add);
    assertEquals(2, alice.describeImageAttribute(id, ImageAttributeName.LAUNCH_PERMISSION).launchPermissions().size());
    assertTrue(describeOne(alice, id).isPublic());
    alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(id)
        .addLaunchPermissionRemove(new LaunchPermission.Account(World.CAROL)).build());
    alice.resetImageAttribute(id, ImageAttributeName.LAUNCH_PERMISSION);
    assertEquals(List.of(), alice.describeImageAttribute(id, ImageAttributeName.LAUNCH_PERMISSION).launchPermissions());
    assertFalse(describeOne(alice, id).isPublic());
    refused("InvalidAMIID.NotFound", () -> bob.describeImages(describe().addImageIds(id).build()));
  }

  // EC2 rule: one attribute per call
  @Test
  void modifyImageAttribute_twoAttributesInOneCall_refused() {
    ImageId id = world.image(alice, "web-1");
    refused("InvalidParameterCombination", () -> alice.modifyImageAttribute(ModifyImageAttributeRequest.builder()
        .imageId(id).description("d").addLaunchPermissionAdd(LaunchPermission.EVERYONE).build()));
    assertFalse(describeOne(alice, id).isPublic());
    assertEquals(Optional.empty(), describeOne(alice, id).description());
  }

  // "Block public access to your AMIs" (EC2 User Guide): enabled for new accounts; the builder switch starts accounts unblocked
  @Test
  void imageBlockPublicAccess_startsOnForANewAccount_orOffWithTheBuilderSwitch() throws Exception {
    ImageId id = world.image(alice, "web-1");
    assertEquals("block-new-sharing", alice.getImageBlockPublicAccessState());
    refused("OperationNotPermitted", () -> alice.modifyImageAttribute(ModifyImageAttributeRequest.builder()
        .imageId(id).addLaunchPermissionAdd(LaunchPermission.EVERYONE).build()));
    try (World unblocked = new World(LocalCloud.builder().imageBlockPublicAccessForNewAccounts(false))) {
      assertEquals("unblocked", unblocked.alice.getImageBlockPublicAccessState());
      ImageId open = unblocked.image(unblocked.alice, "web-1");
      unblocked.alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(open)
          .addLaunchPermissionAdd(LaunchPermission.EVERYONE).build());
      assertTrue(describeOne(unblocked.alice, open).isPublic());
      unblocked.alice.enableImageBlockPublicAccess();
      assertEquals("block-new-sharing", unblocked.alice.getImageBlockPublicAccessState(), "the account's own setting wins");
    }
  }

  // EC2 rule: image block public access refuses new public sharing with EC2's message
  @Test
  void modifyImageAttribute_publicWhileBlockPublicAccess_operationNotPermitted() {
    ImageId id = world.image(alice, "web-1");
    alice.enableImageBlockPublicAccess();
    assertEquals("block-new-sharing", alice.getImageBlockPublicAccessState());
    var refusal = refused("OperationNotPermitted", () -> alice.modifyImageAttribute(ModifyImageAttributeRequest.builder()
        .imageId(id).addLaunchPermissionAdd(LaunchPermission.EVERYONE).build()));
    assertEquals(Refusals.BLOCK_PUBLIC_ACCESS_MESSAGE, refusal.getMessage());
    assertFalse(describeOne(alice, id).isPublic());
    alice.disableImageBlockPublicAccess();
    assertEquals("unblocked", alice.getImageBlockPublicAccessState());
    alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(id)
        .addLaunchPermissionAdd(LaunchPermission.EVERYONE).build());
    assertTrue(describeOne(alice, id).isPublic());
    assertEquals("block-new-sharing", bob.getImageBlockPublicAccessState()); // per account: Bob's is as a new account's
  }

  // EC2 rule: an image with encrypted snapshots cannot be public
  @Test
  void modifyImageAttribute_publicEncryptedImage_unsupportedOperation() {
    ImageId plain = world.image(alice, "web-1");
    ImageId encrypted = alice.copyImage(CopyImageRequest.builder().sourceImageId(plain).sourceRegion(World.REGION)
        .name("web-1-encrypted").encrypted(true).build());
    world.clock.advance(World.LONG_ENOUGH);
    var refusal = refused("UnsupportedOperation", () -> alice.modifyImageAttribute(ModifyImageAttributeRequest.builder()
        .imageId(encrypted).addLaunchPermissionAdd(LaunchPermission.EVERYONE).build()));
    assertEquals("Encrypted snapshots can't be shared publicly. Specify another snapshot.", refusal.getMessage());
    alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(encrypted)
        .addLaunchPermissionAdd(new LaunchPermission.Account(BOB)).build()); // sharing with an account is allowed
  }

  // EC2 rule: only the owner may deregister; snapshots are kept by default
  @Test
  void deregisterImage_keepsSnapshotsAndIsOwnerOnly() {
    ImageId id = world.image(alice, "web-1");
    SnapshotId root = describeOne(alice, id).blockDeviceMappings().stream()
        .map(m -> ((BlockDeviceMapping.Ebs) m).ebs().snapshotId().get()).findFirst().get();
    alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(id)
        .addLaunchPermissionAdd(new LaunchPermission.Account(BOB)).build());
    refused("AuthFailure", () -> bob.deregisterImage(DeregisterImageRequest.builder().imageId(id).build()));
    assertEquals(List.of(), alice.deregisterImage(DeregisterImageRequest.builder().imageId(id).build()));
    refused("InvalidAMIID.NotFound", () -> alice.describeImages(describe().addImageIds(id).build()));
    assertEquals(1, alice.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(root).build()).snapshots().size());
  }

  // EC2 rule: DeleteAssociatedSnapshots deletes unused snapshots and skips those other images use
  @Test
  void deregisterImage_deleteAssociatedSnapshots_skipsSharedOnes() {
    SnapshotId shared = world.snapshot(alice);
    SnapshotId own = world.snapshot(alice);
    ImageId first = alice.registerImage(register("web-1", shared).addBlockDeviceMappings(new BlockDeviceMapping.Ebs(
        "/dev/sdf", EbsBlockDevice.builder().snapshotId(own).build())).build());
    alice.registerImage(register("web-2", shared).build());
    List<DeleteSnapshotResult> results = alice.deregisterImage(DeregisterImageRequest.builder().imageId(first)
        .deleteAssociatedSnapshots(true).build());
    assertEquals(List.of(new DeleteSnapshotResult(shared, "skipped"), new DeleteSnapshotResult(own, "success")), results);
    refused("InvalidSnapshot.NotFound", () -> alice.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(own).build()));
  }

  // EC2 rule: deregistration protection refuses deregistration, and lingers 24 h with the cooldown
  @Test
  void deregisterImage_protected_refusedUntilCooldownEnds() {
    ImageId id = world.image(alice, "web-1");
    alice.enableImageDeregistrationProtection(id, true);
    assertEquals("enabled-with-cooldown", describeOne(alice, id).deregistrationProtection().get());
    var deregister = DeregisterImageRequest.builder().imageId(id).build();
    refused("OperationNotPermitted", () -> alice.deregisterImage(deregister));
    alice.disableImageDeregistrationProtection(id);
    refused("OperationNotPermitted", () -> alice.deregisterImage(deregister));
    world.clock.advance(Duration.ofHours(24));
    alice.deregisterImage(deregister);
  }

  // EC2 rule: deprecated images are hidden from other accounts' listings unless asked by id or IncludeDeprecated; owners always see them
  @Test
  void enableImageDeprecation_hidesFromOthersListingsOnly() {
    ImageId id = world.image(alice, "web-1");
    alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(id)
        .addLaunchPermissionAdd(new LaunchPermission.Account(BOB)).build());
    Instant at = world.clock.instant().plus(Duration.ofMinutes(10));
    alice.enableImageDeprecation(id, at);
    assertEquals(List.of(id), ids(bob, describe().build())); // not yet deprecated
    world.clock.advance(Duration.ofMinutes(10));
    assertEquals(List.of(), ids(bob, describe().build()));
    assertEquals(List.of(id), ids(bob, describe().includeDeprecated(true).build()));
    assertEquals(List.of(id), ids(bob, describe().addImageIds(id).build()));
    assertEquals(List.of(id), ids(alice, describe().build()));
    refused("InvalidParameterValue", () -> alice.enableImageDeprecation(id, world.clock.instant().minus(Duration.ofDays(1))));
    alice.disableImageDeprecation(id);
    assertEquals(List.of(id), ids(bob, describe().build()));
  }

  // EC2 rule: disabling removes every launch permission and hides the image, owner included, unless IncludeDisabled
  @Test
  void disableImage_removesSharingAndHides_enableDoesNotRestoreSharing() {
    ImageId id = world.image(alice, "web-1");
    alice.disableImageBlockPublicAccess();
    alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(id)
        .addLaunchPermissionAdd(LaunchPermission.EVERYONE).build());
    alice.disableImage(id);
    assertEquals(List.of(), ids(alice, describe().build()));
    assertEquals(ImageState.DISABLED, alice.describeImages(describe().includeDisabled(true).build()).images().get(0).state());
    assertEquals(List.of(), ids(bob, describe().includeDisabled(true).build()));
    refused("OperationNotPermitted", () -> alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(id)
        .addLaunchPermissionAdd(LaunchPermission.EVERYONE).build()));
    alice.enableImage(id);
    assertEquals(ImageState.AVAILABLE, describeOne(alice, id).state());
    assertFalse(describeOne(alice, id).isPublic());
  }

  // EC2 rule: CopyImage makes a new image with new snapshots owned by the copier, without launch permissions, with the source recorded
  @Test
  void copyImage_crossRegion_newIdsAndSnapshotsOwnedByCopier() {
    ImageId source = world.image(alice, "web-1");
    alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(source)
        .addLaunchPermissionAdd(new LaunchPermission.Account(BOB)).build());
    alice.createTags(List.of(source), List.of(Tag.of("team", "a")));
    Ec2 bobAbroad = world.cloud.client(BOB, World.OTHER_REGION);
    CopyImageRequest request = CopyImageRequest.builder().sourceImageId(source).sourceRegion(World.REGION)
        .name("web-1-copy").copyImageTags(true).build();
    // EC2 rule: copying a shared image needs read access to its snapshots too
    var refusal = refused("AuthFailure", () -> bobAbroad.copyImage(request));
    assertTrue(refusal.getMessage().startsWith("You do not have permission to access the storage of this ami"), refusal.getMessage());
    SnapshotId sourceSnapshot = ((BlockDeviceMapping.Ebs) describeOne(alice, source).blockDeviceMappings().get(0))
        .ebs().snapshotId().get();
    alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(sourceSnapshot)
        .addAdd(new LaunchPermission.Account(BOB)).build());
    ImageId copy = bobAbroad.copyImage(request);
    Image copied = describeOne(bobAbroad, copy);
    assertEquals(BOB, copied.ownerId());
    assertEquals(Optional.of("web-1-copy"), copied.name());
    assertEquals(Optional.of(BOB + "/web-1-copy"), copied.imageLocation());
    assertEquals(Optional.of(source), copied.sourceImageId());
    assertEquals(Optional.of(World.REGION), copied.sourceImageRegion());
    assertEquals(ImageState.PENDING, copied.state());
    assertEquals(List.of(), copied.tags()); // bob had no tags of his own on the source
    assertEquals(List.of(), bobAbroad.describeImageAttribute(copy, ImageAttributeName.LAUNCH_PERMISSION).launchPermissions());
    SnapshotId copySnapshot = ((BlockDeviceMapping.Ebs) copied.blockDeviceMappings().get(0)).ebs().snapshotId().get();
    var snapshot = bobAbroad.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(copySnapshot).build())
        .snapshots().get(0);
    assertEquals(BOB, snapshot.ownerId());
    assertTrue(snapshot.description().get().startsWith("Copied for DestinationAmi " + copy + " from SourceAmi " + source));
    refused("InvalidAMIID.NotFound", () -> bob.describeImages(describe().addImageIds(copy).build())); // ids are per region
    world.clock.advance(World.LONG_ENOUGH);
    assertEquals(ImageState.AVAILABLE, describeOne(bobAbroad, copy).state());
  }

  // EC2 rule: KmsKeyId needs Encrypted; encrypted sources stay encrypted
  @Test
  void copyImage_kmsKeyWithoutEncrypted_refused() {
    ImageId source = world.image(alice, "web-1");
    refused("InvalidParameterDependency", () -> alice.copyImage(CopyImageRequest.builder().sourceImageId(source)
        .sourceRegion(Region.US_EAST_1).name("copy").kmsKeyId("arn:aws:kms:us-east-1:111111111111:key/k").build()));
  }

  // EC2 rule: pages of MaxResults with a NextToken, no ids with MaxResults
  @Test
  void describeImages_pagination_visitsEveryImageOnce() {
    List<ImageId> all = new java.util.ArrayList<>();
    SnapshotId root = world.snapshot(alice);
    for (int i = 0; i < 7; i++) {
      all.add(alice.registerImage(register("img-" + i, root).build()));
    }
    List<ImageId> seen = new java.util.ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      DescribeImagesResponse page = alice.describeImages(describe().addOwners("self").maxResults(5).nextToken(token).build());
      page.images().forEach(i -> seen.add(i.imageId()));
      token = page.nextToken();
    } while (token.isPresent());
    assertEquals(sorted(all.toArray(ImageId[]::new)), seen);
    refused("InvalidParameterCombination", () -> alice.describeImages(describe().addImageIds(all.get(0)).maxResults(5).build()));
    refused("InvalidNextToken", () -> alice.describeImages(describe().nextToken("garbage!").build()));
  }

  // EC2 rule: the architecture of a registered image defaults to i386 as EC2 does
  @Test
  void registerImage_defaults_i386Paravirtual() {
    SnapshotId root = world.snapshot(alice);
    ImageId id = alice.registerImage(RegisterImageRequest.builder().name("legacy").rootDeviceName("/dev/sda1")
        .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/sda1",
            EbsBlockDevice.builder().snapshotId(root).build())).build());
    Image image = describeOne(alice, id);
    assertEquals(Architecture.I386, image.architecture());
    assertEquals(VirtualizationType.PARAVIRTUAL, image.virtualizationType());
    assertEquals(Optional.of(ALICE + "/legacy"), image.imageLocation());
  }

  // EC2 rule: CopyImageTags copies the caller's own tags; TagSpecifications add image and snapshot tags
  @Test
  void copyImage_copyImageTagsAndTagSpecifications() {
    ImageId source = world.image(alice, "web-1");
    alice.createTags(List.of(source), List.of(Tag.of("team", "a"), Tag.of("tier", "web")));
    ImageId copy = alice.copyImage(CopyImageRequest.builder().sourceImageId(source).sourceRegion(World.REGION)
        .name("web-1-copy").copyImageTags(true).addImageTags(Tag.of("tier", "copy")).addSnapshotTags(Tag.of("kind", "copy")).build());
    Image copied = describeOne(alice, copy);
    assertEquals(List.of(Tag.of("team", "a"), Tag.of("tier", "copy")), copied.tags());
    SnapshotId snapshot = ((BlockDeviceMapping.Ebs) copied.blockDeviceMappings().get(0)).ebs().snapshotId().get();
    assertEquals(List.of(Tag.of("kind", "copy")), alice.describeSnapshots(DescribeSnapshotsRequest.builder()
        .addSnapshotIds(snapshot).build()).snapshots().get(0).tags());
  }

  private static List<ImageId> sorted(ImageId... ids) {
    return java.util.Arrays.stream(ids).sorted(java.util.Comparator.comparing(Object::toString)).toList();
  }
}
