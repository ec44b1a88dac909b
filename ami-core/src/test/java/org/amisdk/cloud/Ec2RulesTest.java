package org.amisdk.cloud;

import static org.amisdk.cloud.World.ALICE;
import static org.amisdk.cloud.World.BOB;
import static org.amisdk.cloud.World.describe;
import static org.amisdk.cloud.World.refused;
import static org.amisdk.cloud.World.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeState;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** EC2 rules of the control plane's second version, one example test per rule, named after it. */
class Ec2RulesTest {
  private final World world = new World();
  private final Ec2 alice = world.alice;

  @AfterEach
  void close() throws Exception {
    world.close();
  }

  private static List<Tag> tags(int count) {
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tags.add(Tag.of("k" + i, "v"));
    }
    return tags;
  }

  private Image describeOne(ImageId id) {
    return alice.describeImages(describe().addImageIds(id).build()).images().get(0);
  }

  // rule: attribute and permission changes on a pending image are refused with InvalidAMIID.Unavailable
  @Test
  void attributeChanges_onPendingImage_refusedUnavailable_andChangeNothing() {
    ImageId pending = alice.registerImage(register("pending-1", world.snapshot(alice)).build());
    world.clock.advance(java.time.Duration.ofSeconds(1));
    SnapshotId other = world.snapshot(alice); // advances the clock: register a second image now, still pending
    ImageId image = alice.registerImage(register("pending-2", other).build());
    String unavailable = Ec2ErrorCode.INVALID_AMI_ID_UNAVAILABLE;
    refused(unavailable, () -> alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
        .addLaunchPermissionAdd(new LaunchPermission.Account(BOB)).build()));
    refused(unavailable, () -> alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
        .description("changed").build()));
    refused(unavailable, () -> alice.resetImageAttribute(image, ImageAttributeName.LAUNCH_PERMISSION));
    refused(unavailable, () -> alice.enableImageDeprecation(image, world.clock.instant().plusSeconds(86_400)));
    refused(unavailable, () -> alice.enableImageDeregistrationProtection(image, false));
    world.clock.advance(World.LONG_ENOUGH);
    assertEquals(List.of(), alice.describeImageAttribute(image, ImageAttributeName.LAUNCH_PERMISSION).launchPermissions());
    assertEquals(Optional.empty(), describeOne(image).description());
    assertEquals(Optional.empty(), describeOne(image).deprecationTime());
    alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(pending).description("now available").build());
    assertEquals(Optional.of("now available"), describeOne(pending).description());
  }

  // rule: a launch permission whose user id is not 12 digits is refused with InvalidAMIAttributeItemValue
  @Test
  void launchPermission_userIdNotTwelveDigits_refusedInvalidAMIAttributeItemValue_nothingApplied() {
    ImageId image = world.image(alice, "shared");
    for (String bad : List.of("12345678901", "1234567890123", "abcdefghijkl")) {
      refused(Ec2ErrorCode.INVALID_AMI_ATTRIBUTE_ITEM_VALUE, () -> alice.modifyImageAttribute(ModifyImageAttributeRequest.builder()
          .imageId(image).addLaunchPermissionAdd(LaunchPermission.fromWireFields(BOB.toString(), null, null, null),
              LaunchPermission.fromWireFields(bad, null, null, null)).build()));
    }
    assertEquals(List.of(), alice.describeImageAttribute(image, ImageAttributeName.LAUNCH_PERMISSION).launchPermissions());
  }

  // rule: RunInstances takes a mapping of one of the image's devices with only some fields and overrides those
  // ("preserve the root volume": {"DeviceName":"/dev/xvda","Ebs":{"DeleteOnTermination":false}})
  @Test
  void runInstances_partialMapping_overridesOnlyItsFields_preservingTheRootVolume() {
    ImageId image = world.image(alice, "web");
    Instance kept = alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
        .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/xvda", EbsBlockDevice.builder().deleteOnTermination(false).build()))
        .build()).get(0);
    assertFalse(kept.blockDeviceMappings().get(0).deleteOnTermination());
    Volume root = alice.describeVolumes(List.of(kept.blockDeviceMappings().get(0).volumeId())).get(0);
    assertEquals(1, root.size()); // the image's size, not overridden
    Instance bigger = alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
        .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/xvda",
            EbsBlockDevice.builder().volumeSize(4).volumeType(VolumeType.IO1).iops(100).build()))
        .build()).get(0);
    Volume grown = alice.describeVolumes(List.of(bigger.blockDeviceMappings().get(0).volumeId())).get(0);
    assertEquals(4, grown.size());
    assertEquals(VolumeType.IO1, grown.volumeType());
    assertEquals(root.snapshotId(), grown.snapshotId()); // the image's snapshot is kept
    assertTrue(bigger.blockDeviceMappings().get(0).deleteOnTermination()); // the image's root default kept
    alice.terminateInstances(List.of(kept.instanceId()));
    world.clock.advance(World.LONG_ENOUGH);
    assertEquals(List.of(root.volumeId()), alice.describeVolumes(List.of(root.volumeId())).stream().map(Volume::volumeId).toList());
  }

  // rule (limits): every describe pages with MaxResults 5 to 1000, the same bounds for images and snapshots
  @Test
  void describeImagesAndSnapshots_takeTheSameMaxResultsBounds() {
    for (int bad : new int[] {4, 1001}) {
      refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.describeImages(describe().maxResults(bad).build()));
      refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.describeSnapshots(DescribeSnapshotsRequest.builder().maxResults(bad).build()));
    }
    for (int good : new int[] {5, 1000}) {
      alice.describeImages(describe().maxResults(good).build());
      alice.describeSnapshots(DescribeSnapshotsRequest.builder().maxResults(good).build());
    }
  }

  // rule: a deprecation time far in the future is a clear refusal, not an arithmetic failure
  @Test
  void enableImageDeprecation_instantMax_refusedInvalidParameterValue() {
    ImageId image = world.image(alice, "old");
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.enableImageDeprecation(image, Instant.MAX));
    assertEquals(Optional.empty(), describeOne(image).deprecationTime());
  }

  // rule (limits): 50 tags per resource in every action that takes tags
  @Test
  void everyActionTakingTags_refusesFiftyOne_andCreatesNothing() {
    ImageId image = world.image(alice, "tagged");
    refused(Ec2ErrorCode.TAG_LIMIT_EXCEEDED, () -> alice.runInstances(RunInstancesRequest.builder().imageId(image)
        .instanceType("t3.micro").tags(tags(51)).build()));
    refused(Ec2ErrorCode.TAG_LIMIT_EXCEEDED, () -> alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).tags(tags(51)).build()));
    refused(Ec2ErrorCode.TAG_LIMIT_EXCEEDED, () -> alice.registerImage(register("too-many", world.snapshot(alice))
        .tags(tags(51)).build()));
    assertEquals(List.of(), alice.describeInstances(List.of()));
    // world.snapshot's scratch volume is still deleting on the clock; no other volume exists
    assertEquals(List.of(), alice.describeVolumes(List.of()).stream().filter(v -> v.state() != VolumeState.DELETING).toList());
    assertEquals(1, alice.describeImages(describe().addOwners("self").build()).images().size());
    alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").tags(tags(50)).build());
  }

  // rule (limits): EC2's caps on items per call, e.g. launch permissions per ModifyImageAttribute
  @Test
  void modifyImageAttribute_overFiveHundredPermissions_refused() {
    ImageId image = world.image(alice, "popular");
    List<LaunchPermission> many = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      many.add(new LaunchPermission.Account(AccountId.parse(String.format("%012d", 100_000_000_000L + i))));
    }
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.modifyImageAttribute(ModifyImageAttributeRequest.builder()
        .imageId(image).launchPermissionAdd(many).build()));
    assertEquals(List.of(), alice.describeImageAttribute(image, ImageAttributeName.LAUNCH_PERMISSION).launchPermissions());
  }

  // rule (limits): count arguments are bounded
  @Test
  void runInstances_maxCountOverTenThousand_refused() {
    ImageId image = world.image(alice, "counted");
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.runInstances(RunInstancesRequest.builder().imageId(image)
        .instanceType("t3.micro").minCount(1).maxCount(10_001).build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.runInstances(RunInstancesRequest.builder().imageId(image)
        .instanceType("t3.micro").minCount(1).maxCount(Integer.MAX_VALUE).build()));
    assertEquals(List.of(), alice.describeInstances(List.of()));
  }

  // rule: a bundle registered as an image must belong to the registering account
  @Test
  void registerInstanceStoreImage_ofAnotherAccountsBundle_refusedAuthFailure() {
    refused(Ec2ErrorCode.AUTH_FAILURE, () -> world.bob.registerImage(RegisterImageRequest.builder().name("stolen")
        .imageLocation(ALICE + "/bundles/app/image.manifest.json").architecture(Architecture.X86_64).build()));
    assertEquals(List.of(), world.bob.describeImages(describe().addOwners("self").build()).images());
  }

  // rule: DescribeSnapshots supports every filter of EC2's API reference (kms-key-id, storage-tier, transfer-type, ...)
  @Test
  void describeSnapshots_supportsEveryFilterOfTheApiReference() {
    SnapshotId plain = world.snapshot(alice);
    String key = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    SnapshotId encrypted = alice.copySnapshot(CopySnapshotRequest.builder().sourceSnapshotId(plain).sourceRegion(World.REGION)
        .encrypted(true).kmsKeyId(key).build());
    for (String filter : List.of("description", "encrypted", "kms-key-id", "owner-alias", "owner-id", "progress", "snapshot-id",
        "start-time", "status", "storage-tier", "transfer-type", "volume-id", "volume-size", "tag-key", "tag:team")) {
      alice.describeSnapshots(DescribeSnapshotsRequest.builder().addFilters(Filter.of(filter, "x")).build()); // no InvalidFilter
    }
    assertEquals(List.of(encrypted), alice.describeSnapshots(DescribeSnapshotsRequest.builder()
        .addFilters(Filter.of("kms-key-id", key)).build()).snapshots().stream().map(Snapshot::snapshotId).toList());
  }

  // rule: CopySnapshot takes TagSpecifications (the caller's tags on the copy, at most 50)
  @Test
  void copySnapshot_takesTagSpecifications() {
    SnapshotId source = world.snapshot(alice);
    refused(Ec2ErrorCode.TAG_LIMIT_EXCEEDED, () -> alice.copySnapshot(CopySnapshotRequest.builder().sourceSnapshotId(source)
        .sourceRegion(World.REGION).tags(tags(51)).build()));
    SnapshotId copy = alice.copySnapshot(CopySnapshotRequest.builder().sourceSnapshotId(source).sourceRegion(World.REGION)
        .addTags(Tag.of("team", "a")).build());
    assertEquals(List.of(Tag.of("team", "a")), alice.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(copy).build())
        .snapshots().get(0).tags());
    assertEquals(2, alice.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots().size());
  }

  // rule: DescribeInstances takes filters (instance-state-name, image-id, instance-type, tag:...) and pages with MaxResults/NextToken
  @Test
  void describeInstances_filtersAndPages() {
    ImageId image = world.image(alice, "fleet");
    List<Instance> fleet = alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
        .minCount(7).maxCount(7).addTags(Tag.of("team", "a")).build());
    Instance big = alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("m5.large").build()).get(0);
    world.clock.advance(World.LONG_ENOUGH);
    alice.stopInstances(List.of(big.instanceId()));
    world.clock.advance(World.LONG_ENOUGH);
    assertEquals(List.of(big.instanceId()), alice.describeInstances(DescribeInstancesRequest.builder()
        .addFilters(Filter.of("instance-state-name", "stopped")).build()).instances().stream().map(Instance::instanceId).toList());
    assertEquals(7, alice.describeInstances(DescribeInstancesRequest.builder().addFilters(Filter.of("tag:team", "a"),
        Filter.of("instance-type", "t3.*"), Filter.of("image-id", image.toString())).build()).instances().size());
    List<InstanceId> seen = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      DescribeInstancesResponse page = alice.describeInstances(DescribeInstancesRequest.builder().maxResults(5).nextToken(token).build());
      assertTrue(page.instances().size() <= 5);
      page.instances().forEach(i -> seen.add(i.instanceId()));
      token = page.nextToken();
    } while (token.isPresent());
    assertEquals(8, seen.size());
    assertEquals(8, new java.util.HashSet<>(seen).size());
    assertEquals(fleet.size() + 1, seen.size());
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.describeInstances(DescribeInstancesRequest.builder()
        .addFilters(Filter.of("no-such-filter", "x")).build()));
    assertEquals(List.of(), world.bob.describeInstances(List.of()));
  }
}
