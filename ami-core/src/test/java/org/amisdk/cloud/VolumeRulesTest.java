package org.amisdk.cloud;

import static org.amisdk.cloud.World.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.amisdk.model.AvailabilityZone;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.Tag;
import org.amisdk.model.InstanceId;
import org.amisdk.model.Region;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeAttachment;
import org.amisdk.model.VolumeId;
import org.amisdk.model.VolumeState;
import org.amisdk.model.VolumeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EC2's volume rules, one test each, as the EC2 API reference (CreateVolume, AttachVolume,
 * DetachVolume, DeleteVolume, DescribeVolumes, DescribeAvailabilityZones) and the Amazon EBS User
 * Guide ("Amazon EBS volume types", "Detach an Amazon EBS volume from an instance") state them.
 */
class VolumeRulesTest {
  private final World world = new World();
  private final Ec2 alice = world.alice;

  @TempDir
  Path dir;

  @AfterEach
  void close() throws Exception {
    world.close();
  }

  private static CreateVolumeRequest.Builder volume(String zone) {
    return CreateVolumeRequest.builder().availabilityZone(zone);
  }

  /** A volume that has left {@code creating}. */
  private Volume available(String zone, int size) {
    Volume volume = alice.createVolume(volume(zone).size(size).build());
    world.clock.advance(Duration.ofMinutes(1));
    return volume;
  }

  /** A running instance of a fresh image, placed in {@code zone}. */
  private Instance running(String zone) {
    ImageId image = world.image(alice, "img-" + zone + "-" + world.clock.instant().getEpochSecond());
    Instance instance = alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
        .availabilityZone(zone).build()).get(0);
    world.clock.advance(Duration.ofMinutes(1));
    return instance;
  }

  @Test
  void describeAvailabilityZones_listsTheRegionsThreeZones() {
    assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"),
        alice.describeAvailabilityZones().stream().map(AvailabilityZone::zoneName).toList());
    assertEquals("euw1-az2", world.cloud.client(World.ALICE, World.OTHER_REGION).describeAvailabilityZones().get(1).zoneId());
  }

  private List<String> zoneNames(DescribeAvailabilityZonesRequest.Builder request) {
    return alice.describeAvailabilityZones(request.build()).stream().map(AvailabilityZone::zoneName).toList();
  }

  /** EC2 API reference, DescribeAvailabilityZones: ZoneName.N, ZoneId.N and the filters, values ORed, filters ANDed. */
  @Test
  void describeAvailabilityZones_byNameIdAndTheApiReferencesFilters() {
    DescribeAvailabilityZonesRequest.Builder all = DescribeAvailabilityZonesRequest.builder();
    assertEquals(List.of("us-east-1a", "us-east-1c"), zoneNames(all.addZoneNames("us-east-1c", "us-east-1a")), "in the region's order");
    assertEquals(List.of("us-east-1b"), zoneNames(DescribeAvailabilityZonesRequest.builder().addZoneIds("use1-az2")));
    assertEquals(List.of(), zoneNames(DescribeAvailabilityZonesRequest.builder().addZoneNames("us-east-1a").addZoneIds("use1-az2")),
        "a zone must match both lists");
    assertEquals(List.of("us-east-1a", "us-east-1b"), zoneNames(DescribeAvailabilityZonesRequest.builder()
        .addFilters(Filter.of("zone-name", "us-east-1a", "*b"))));
    assertEquals(List.of("us-east-1c"), zoneNames(DescribeAvailabilityZonesRequest.builder()
        .addFilters(Filter.of("zone-id", "use1-az?")).addFilters(Filter.of("zone-name", "*c"))));
    for (String name : List.of("region-name:us-east-1", "state:available", "zone-type:availability-zone", "group-name:us-east-1",
        "opt-in-status:opt-in-not-required")) {
      String[] filter = name.split(":");
      assertEquals(3, zoneNames(DescribeAvailabilityZonesRequest.builder().addFilters(Filter.of(filter[0], filter[1]))).size(), name);
    }
    for (String name : List.of("region-name:eu-west-1", "state:unavailable", "zone-type:local-zone", "opt-in-status:opted-in",
        "message:*", "parent-zone-name:*", "parent-zone-id:*")) {
      String[] filter = name.split(":");
      assertEquals(List.of(), zoneNames(DescribeAvailabilityZonesRequest.builder().addFilters(Filter.of(filter[0], filter[1]))), name);
    }
    assertEquals(3, zoneNames(DescribeAvailabilityZonesRequest.builder().allAvailabilityZones(true)).size(),
        "AllAvailabilityZones: every zone needs no opt-in, the same three");
    assertEquals(List.of("eu-west-1b"), world.cloud.client(World.ALICE, World.OTHER_REGION).describeAvailabilityZones(
        DescribeAvailabilityZonesRequest.builder().addZoneIds("euw1-az2").build()).stream().map(AvailabilityZone::zoneName).toList());
  }

  /** Zone ids take EC2's form: the area, the initials of the direction words, the number (use1-az1, apne1-az1, usgw1-az1). */
  @Test
  void zoneIds_haveEc2sForm() {
    Map<String, String> prefixes = Map.of("us-east-1", "use1", "ap-northeast-1", "apne1", "eu-central-1", "euc1",
        "us-gov-west-1", "usgw1", "ap-southeast-2", "apse2", "eu-west-1", "euw1", "sa-east-1", "sae1", "ca-central-1", "cac1");
    prefixes.forEach((region, prefix) -> assertEquals(prefix, Zones.idPrefix(Region.of(region)), region));
    assertEquals(List.of("use1-az1", "use1-az2", "use1-az3"),
        alice.describeAvailabilityZones().stream().map(AvailabilityZone::zoneId).toList());
  }

  /** DescribeAvailabilityZones: a zone the region does not have is InvalidParameterValue, as is a filter the reference lacks. */
  @Test
  void describeAvailabilityZones_unknownZoneNameIdOrFilter_isInvalidParameterValue() {
    Inventory before = world.cloud.inventory();
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.describeAvailabilityZones(DescribeAvailabilityZonesRequest.builder()
        .addZoneNames("us-east-1a", "us-east-1z").build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.describeAvailabilityZones(DescribeAvailabilityZonesRequest.builder()
        .addZoneNames("eu-west-1a").build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.describeAvailabilityZones(DescribeAvailabilityZonesRequest.builder()
        .addZoneIds("use1-az9").build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.describeAvailabilityZones(DescribeAvailabilityZonesRequest.builder()
        .addFilters(Filter.of("zone-colour", "blue")).build()));
    refused(Ec2ErrorCode.DRY_RUN_OPERATION, () -> alice.dryRun().describeAvailabilityZones(DescribeAvailabilityZonesRequest.builder()
        .addZoneNames("us-east-1a").build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.dryRun().describeAvailabilityZones(DescribeAvailabilityZonesRequest.builder()
        .addZoneNames("us-east-1z").build()));
    assertEquals(3, alice.describeAvailabilityZones().size());
    assertEquals(before, world.cloud.inventory(), "a refusal changes nothing");
  }

  @Test
  void createVolume_availabilityZoneIsRequired_andMustBeTheRegions() {
    refused(Ec2ErrorCode.MISSING_PARAMETER, () -> alice.createVolume(CreateVolumeRequest.builder().size(1).build()));
    refused(Ec2ErrorCode.INVALID_ZONE_NOT_FOUND, () -> alice.createVolume(volume("us-east-1z").size(1).build()));
    refused(Ec2ErrorCode.INVALID_ZONE_NOT_FOUND, () -> alice.createVolume(volume("eu-west-1a").size(1).build()));
    assertEquals(List.of(), alice.describeVolumes(List.of()), "nothing was created");
    assertEquals("us-east-1c", alice.createVolume(volume("us-east-1c").size(1).build()).availabilityZone());
  }

  @Test
  void createVolume_gp3_defaultsToBaselineIopsAndThroughput_andBoundsThem() {
    Volume gp3 = alice.createVolume(volume("us-east-1a").size(1).volumeType(VolumeType.GP3).build());
    assertEquals(Optional.of(3000), gp3.iops());
    assertEquals(Optional.of(125), gp3.throughput());
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(100)
        .volumeType(VolumeType.GP3).iops(2999).build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(200)
        .volumeType(VolumeType.GP3).iops(80_001).build()));
    // at most 500 IOPS per GiB above the 3,000 baseline: 10 GiB takes 5,000, not 5,001
    assertEquals(Optional.of(5000), alice.createVolume(volume("us-east-1a").size(10).volumeType(VolumeType.GP3).iops(5000).build()).iops());
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(10)
        .volumeType(VolumeType.GP3).iops(5001).build()));
    // at most 0.25 MiB/s per IOPS: the 3,000 baseline allows 750 MiB/s
    assertEquals(Optional.of(750), alice.createVolume(volume("us-east-1a").size(10).volumeType(VolumeType.GP3).throughput(750).build())
        .throughput());
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(10)
        .volumeType(VolumeType.GP3).throughput(751).build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(10)
        .volumeType(VolumeType.GP3).throughput(124).build()));
  }

  /** EC2: "InvalidParameterCombination: The parameter iops must be specified for io1 volumes" (io2 alike). */
  @Test
  void createVolume_io1AndIo2_needIops_InvalidParameterCombination_andTheirSizes() {
    for (VolumeType type : List.of(VolumeType.IO1, VolumeType.IO2)) {
      assertEquals("The parameter iops must be specified for " + type.wireValue() + " volumes.",
          refused(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION, () -> alice.createVolume(volume("us-east-1a").size(10).volumeType(type)
              .build())).getMessage());
    }
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(3)
        .volumeType(VolumeType.IO2).iops(100).build()));
    // io1: at most 50 IOPS per GiB
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(10)
        .volumeType(VolumeType.IO1).iops(501).build()));
    Volume io2 = alice.createVolume(volume("us-east-1a").size(10).volumeType(VolumeType.IO2).iops(10_000).build());
    assertEquals(Optional.of(10_000), io2.iops());
    assertEquals(Optional.empty(), io2.throughput());
  }

  /**
   * Amazon EBS User Guide, "Amazon EBS volume types" and "Provisioned IOPS SSD volumes": io2
   * (Block Express) takes up to 1,000 IOPS per GiB and io1 up to 50, and the largest sizes are
   * gp2, io1, st1 and sc1 16,384 GiB, gp3 and io2 65,536 GiB, standard 1,024 GiB; EC2 refuses
   * beyond them with InvalidParameterValue ("Iops to volume size ratio of … is too high").
   */
  @Test
  void createVolume_iopsPerGiB_io2Allows1000_io1Allows50_andEachTypesLargestSize() {
    assertEquals(Optional.of(4_000), alice.createVolume(volume("us-east-1a").size(4).volumeType(VolumeType.IO2).iops(4_000).build())
        .iops());
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(4)
        .volumeType(VolumeType.IO2).iops(4_001).build()));
    assertEquals(Optional.of(200), alice.createVolume(volume("us-east-1a").size(4).volumeType(VolumeType.IO1).iops(200).build()).iops());
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(4)
        .volumeType(VolumeType.IO1).iops(201).build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(300)
        .volumeType(VolumeType.IO2).iops(256_001).build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(2000)
        .volumeType(VolumeType.IO1).iops(64_001).build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(10)
        .volumeType(VolumeType.IO1).iops(99).build()));
    for (VolumeType type : List.of(VolumeType.GP2, VolumeType.ST1, VolumeType.SC1)) {
      refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(16_385).volumeType(type).build()));
    }
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(16_385)
        .volumeType(VolumeType.IO1).iops(1000).build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(65_537)
        .volumeType(VolumeType.GP3).build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(65_537)
        .volumeType(VolumeType.IO2).iops(1000).build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(3)
        .volumeType(VolumeType.IO1).iops(100).build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(0).build()));
    assertEquals(2, alice.describeVolumes(List.of()).size(), "only the two volumes within the limits were created");
  }

  @Test
  void createVolume_gp2St1Sc1Standard_refuseIopsAndThroughput_andKeepTheirSizes() {
    for (VolumeType type : List.of(VolumeType.GP2, VolumeType.ST1, VolumeType.SC1, VolumeType.STANDARD)) {
      refused(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION, () -> alice.createVolume(volume("us-east-1a").size(500)
          .volumeType(type).iops(3000).build()));
      refused(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION, () -> alice.createVolume(volume("us-east-1a").size(500)
          .volumeType(type).throughput(200).build()));
    }
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(124).volumeType(VolumeType.ST1).build()));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.createVolume(volume("us-east-1a").size(1025)
        .volumeType(VolumeType.STANDARD).build()));
    assertEquals(List.of(), alice.describeVolumes(List.of()));
  }

  @Test
  void createVolume_kmsKeyWithoutEncryption_isRefused_withEncryptionIsKept() {
    refused(Ec2ErrorCode.INVALID_PARAMETER_DEPENDENCY, () -> alice.createVolume(volume("us-east-1a").size(1).kmsKeyId("alias/data").build()));
    Volume encrypted = alice.createVolume(volume("us-east-1a").size(1).encrypted(true).kmsKeyId("alias/data").build());
    assertTrue(encrypted.encrypted());
    assertEquals(Optional.of("alias/data"), encrypted.kmsKeyId());
  }

  @Test
  void volumeStates_creatingAvailableInUseDeleting_onTheClock() {
    Instance instance = running("us-east-1a");
    VolumeId id = alice.createVolume(volume("us-east-1a").size(1).build()).volumeId();
    assertEquals(VolumeState.CREATING, state(id));
    world.clock.advance(Duration.ofSeconds(5));
    assertEquals(VolumeState.AVAILABLE, state(id));
    VolumeAttachment attaching = alice.attachVolume(id, instance.instanceId(), "/dev/sdf");
    assertEquals(VolumeAttachment.State.ATTACHING, attaching.state());
    assertEquals(VolumeState.IN_USE, state(id));
    world.clock.advance(Duration.ofSeconds(5));
    assertEquals(VolumeAttachment.State.ATTACHED, describe(id).attachments().get(0).state());
    assertEquals(VolumeAttachment.State.DETACHING, alice.detachVolume(DetachVolumeRequest.builder().volumeId(id).build()).state());
    assertEquals(VolumeState.IN_USE, state(id), "in use while detaching");
    world.clock.advance(Duration.ofSeconds(10));
    assertEquals(VolumeState.AVAILABLE, state(id));
    assertEquals(List.of(), describe(id).attachments());
    alice.deleteVolume(id);
    assertEquals(VolumeState.DELETING, state(id));
    refused(Ec2ErrorCode.INCORRECT_STATE, () -> alice.attachVolume(id, instance.instanceId(), "/dev/sdg"));
    world.clock.advance(Duration.ofSeconds(5));
    refused(Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND, () -> alice.describeVolumes(List.of(id)));
  }

  /**
   * EC2 API reference, DeleteVolume: the volume is {@code deleting}, then gone. After the deleting
   * period, with no other call between, every read sees it gone: DescribeVolumes by id answers
   * InvalidVolume.NotFound, listings and DescribeTags leave it out, and tagging it is not found.
   */
  @Test
  void deleteVolume_afterTheDeletingPeriod_isGoneForEveryRead_withoutALaterWrite() {
    VolumeId id = alice.createVolume(volume("us-east-1a").size(1).addTags(Tag.of("team", "web")).build()).volumeId();
    world.clock.advance(Duration.ofMinutes(1));
    alice.deleteVolume(id);
    assertEquals(VolumeState.DELETING, state(id));
    assertEquals(List.of(id), alice.describeVolumes(DescribeVolumesRequest.builder().addFilters(filter("status", "deleting")).build())
        .volumes().stream().map(Volume::volumeId).toList());
    assertEquals(1, alice.describeTags(DescribeTagsRequest.builder().build()).tags().size(), "a deleting volume keeps its tags");
    world.clock.advance(Duration.ofMinutes(1));
    refused(Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND, () -> alice.describeVolumes(List.of(id)));
    assertEquals(List.of(), alice.describeVolumes(List.of()));
    assertEquals(List.of(), alice.describeVolumes(DescribeVolumesRequest.builder().addFilters(filter("status", "deleting")).build())
        .volumes());
    assertEquals(List.of(), alice.describeTags(DescribeTagsRequest.builder().build()).tags());
    assertEquals(List.of(), world.cloud.inventory().volumes());
    refused(Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND, () -> alice.dryRun().deleteVolume(id));
    refused(Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND, () -> alice.createTags(List.of(id), List.of(Tag.of("k", "v"))));
    refused(Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND, () -> alice.deleteVolume(id));
  }

  @Test
  void attachVolume_needsTheInstancesZone_InvalidVolumeZoneMismatch() {
    Instance instance = running("us-east-1b");
    Volume elsewhere = available("us-east-1a", 1);
    refused(Ec2ErrorCode.INVALID_VOLUME_ZONE_MISMATCH, () -> alice.attachVolume(elsewhere.volumeId(), instance.instanceId(), "/dev/sdf"));
    assertEquals(VolumeState.AVAILABLE, state(elsewhere.volumeId()));
    Volume here = available("us-east-1b", 1);
    assertEquals("/dev/sdf", alice.attachVolume(here.volumeId(), instance.instanceId(), "/dev/sdf").device());
  }

  @Test
  void attachVolume_needsAFreeValidDevice_anAvailableVolume_andARunningOrStoppedInstance() {
    Instance instance = running("us-east-1a");
    Volume data = available("us-east-1a", 1);
    Volume more = available("us-east-1a", 1);
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.attachVolume(data.volumeId(), instance.instanceId(), "/dev/xvda"));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.attachVolume(data.volumeId(), instance.instanceId(), "sdf"));
    refused(Ec2ErrorCode.INCORRECT_STATE, () -> alice.attachVolume(
        alice.createVolume(volume("us-east-1a").size(1).build()).volumeId(), instance.instanceId(), "/dev/sdh"));
    alice.attachVolume(data.volumeId(), instance.instanceId(), "/dev/sdf");
    refused(Ec2ErrorCode.VOLUME_IN_USE, () -> alice.attachVolume(data.volumeId(), instance.instanceId(), "/dev/sdg"));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.attachVolume(more.volumeId(), instance.instanceId(), "/dev/sdf"));
    alice.terminateInstances(List.of(instance.instanceId()));
    refused(Ec2ErrorCode.INCORRECT_INSTANCE_STATE, () -> alice.attachVolume(more.volumeId(), instance.instanceId(), "/dev/sdg"));
    world.clock.advance(Duration.ofMinutes(1));
    assertEquals(VolumeState.AVAILABLE, state(data.volumeId()), "an attached volume without DeleteOnTermination outlives its instance");
  }

  /** EC2 answers "IncorrectState: Unable to detach root volume" for the root of an instance that is not stopped, Force or not. */
  @Test
  void detachVolume_rootOfARunningInstance_isIncorrectState_ofAStoppedOneIsAllowed() {
    Instance instance = running("us-east-1a");
    VolumeId root = instance.blockDeviceMappings().get(0).volumeId();
    refused(Ec2ErrorCode.INCORRECT_STATE, () -> alice.detachVolume(DetachVolumeRequest.builder().volumeId(root).build()));
    refused(Ec2ErrorCode.INCORRECT_STATE, () -> alice.detachVolume(DetachVolumeRequest.builder().volumeId(root).force(true).build()));
    assertEquals(VolumeState.IN_USE, state(root));
    alice.stopInstances(List.of(instance.instanceId()));
    world.clock.advance(Duration.ofMinutes(1));
    assertEquals(VolumeAttachment.State.DETACHED, alice.detachVolume(DetachVolumeRequest.builder().volumeId(root).force(true).build())
        .state(), "Force detaches at once");
    assertEquals(VolumeState.AVAILABLE, state(root));
    assertTrue(alice.describeInstances(List.of(instance.instanceId())).get(0).blockDeviceMappings().isEmpty());
  }

  @Test
  void detachVolume_namingAnotherInstanceOrDevice_isInvalidAttachmentNotFound_andNotAttachedIsIncorrectState() {
    Instance instance = running("us-east-1a");
    Volume data = available("us-east-1a", 1);
    refused(Ec2ErrorCode.INCORRECT_STATE, () -> alice.detachVolume(DetachVolumeRequest.builder().volumeId(data.volumeId()).build()));
    alice.attachVolume(data.volumeId(), instance.instanceId(), "/dev/sdf");
    refused(Ec2ErrorCode.INVALID_ATTACHMENT_NOT_FOUND, () -> alice.detachVolume(DetachVolumeRequest.builder().volumeId(data.volumeId())
        .device("/dev/sdg").build()));
    refused(Ec2ErrorCode.INVALID_ATTACHMENT_NOT_FOUND, () -> alice.detachVolume(DetachVolumeRequest.builder().volumeId(data.volumeId())
        .instanceId(InstanceId.parse("i-0123456789abcdef0")).build()));
    assertEquals(VolumeAttachment.State.DETACHING, alice.detachVolume(DetachVolumeRequest.builder().volumeId(data.volumeId())
        .instanceId(instance.instanceId()).device("/dev/sdf").build()).state());
    refused(Ec2ErrorCode.INCORRECT_STATE, () -> alice.detachVolume(DetachVolumeRequest.builder().volumeId(data.volumeId()).build()));
  }

  @Test
  void runInstances_volumesAreInUse_withTheirAttachment_inTheInstancesZone() {
    Instance instance = running("us-east-1c");
    assertEquals("us-east-1c", instance.availabilityZone());
    Volume root = describe(instance.blockDeviceMappings().get(0).volumeId());
    assertEquals(VolumeState.IN_USE, root.state());
    assertEquals("us-east-1c", root.availabilityZone());
    VolumeAttachment attachment = root.attachments().get(0);
    assertEquals(instance.instanceId(), attachment.instanceId());
    assertEquals("/dev/xvda", attachment.device());
    assertEquals(VolumeAttachment.State.ATTACHED, attachment.state());
    assertEquals(instance.launchTime(), attachment.attachTime());
    refused(Ec2ErrorCode.INVALID_ZONE_NOT_FOUND, () -> alice.runInstances(RunInstancesRequest.builder()
        .imageId(instance.imageId()).instanceType("t3.micro").availabilityZone("us-east-1q").build()));
  }

  @Test
  void deleteVolume_attached_isVolumeInUse() {
    Instance instance = running("us-east-1a");
    Volume data = available("us-east-1a", 1);
    alice.attachVolume(data.volumeId(), instance.instanceId(), "/dev/sdf");
    refused(Ec2ErrorCode.VOLUME_IN_USE, () -> alice.deleteVolume(data.volumeId()));
    refused(Ec2ErrorCode.VOLUME_IN_USE, () -> alice.deleteVolume(instance.blockDeviceMappings().get(0).volumeId()));
    assertEquals(VolumeState.IN_USE, state(data.volumeId()));
  }

  @Test
  void describeVolumes_filtersOfTheApiReference_andPaging() {
    Instance instance = running("us-east-1a");
    Volume data = available("us-east-1b", 30);
    Volume encrypted = alice.createVolume(volume("us-east-1a").size(2).encrypted(true).volumeType(VolumeType.GP3)
        .addTags(Tag.of("team", "db")).build());
    for (int i = 0; i < 6; i++) {
      alice.createVolume(volume("us-east-1c").size(3).build());
    }
    VolumeId root = instance.blockDeviceMappings().get(0).volumeId();
    assertEquals(List.of(root), ids(filter("attachment.instance-id", instance.instanceId().toString())));
    assertEquals(List.of(root), ids(filter("attachment.device", "/dev/xvda")));
    assertEquals(List.of(root), ids(filter("attachment.status", "attached")));
    assertEquals(List.of(data.volumeId()), ids(filter("availability-zone", "us-east-1b")));
    assertEquals(List.of(encrypted.volumeId()), ids(filter("encrypted", "true")));
    assertEquals(List.of(data.volumeId()), ids(filter("size", "30")));
    assertEquals(List.of(encrypted.volumeId()), ids(filter("volume-type", "gp3")));
    assertEquals(List.of(encrypted.volumeId()), ids(filter("tag:team", "db")));
    assertEquals(List.of(encrypted.volumeId()), ids(filter("tag-key", "team")));
    assertEquals(List.of(data.volumeId()), ids(filter("volume-id", data.volumeId().toString())));
    assertEquals(7, ids(filter("status", "creating")).size());
    assertEquals(List.of(), ids(filter("snapshot-id", "snap-0123456789abcdef0")));
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> ids(filter("volume-colour", "red")));

    List<VolumeId> all = alice.describeVolumes(List.of()).stream().map(Volume::volumeId).toList();
    assertEquals(9, all.size());
    DescribeVolumesResponse first = alice.describeVolumes(DescribeVolumesRequest.builder().maxResults(5).build());
    DescribeVolumesResponse second = alice.describeVolumes(DescribeVolumesRequest.builder().maxResults(5)
        .nextToken(first.nextToken().orElseThrow()).build());
    assertEquals(all, java.util.stream.Stream.concat(first.volumes().stream(), second.volumes().stream()).map(Volume::volumeId).toList());
    assertEquals(Optional.empty(), second.nextToken());
    refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> alice.describeVolumes(DescribeVolumesRequest.builder().maxResults(4).build()));
  }

  @Test
  void reopen_keepsZoneIopsThroughputKmsKeyStateAndAttachment() throws IOException {
    ManualClock clock = world.clock;
    VolumeId id;
    InstanceId instanceId;
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).ids(new SplittableRandom(3))
        .timings(LifecycleTimings.realistic()).open()) {
      Ec2 owner = cloud.client(World.ALICE, World.REGION);
      Instance instance = owner.runInstances(RunInstancesRequest.builder().imageId(world.image(owner, "durable"))
          .instanceType("t3.micro").availabilityZone("us-east-1b").build()).get(0);
      instanceId = instance.instanceId();
      clock.advance(Duration.ofMinutes(1));
      id = owner.createVolume(volume("us-east-1b").size(20).volumeType(VolumeType.GP3).iops(4000).throughput(250)
          .encrypted(true).kmsKeyId("alias/kept").build()).volumeId();
      clock.advance(Duration.ofMinutes(1));
      owner.attachVolume(id, instanceId, "/dev/sdf");
    }
    Volume before;
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).ids(new SplittableRandom(4))
        .timings(LifecycleTimings.realistic()).open()) {
      before = cloud.client(World.ALICE, World.REGION).describeVolumes(List.of(id)).get(0);
      assertEquals("us-east-1b", before.availabilityZone());
      assertEquals(Optional.of(4000), before.iops());
      assertEquals(Optional.of(250), before.throughput());
      assertEquals(Optional.of("alias/kept"), before.kmsKeyId());
      assertEquals(VolumeState.IN_USE, before.state());
      assertEquals(instanceId, before.attachments().get(0).instanceId());
      assertEquals("us-east-1b", cloud.client(World.ALICE, World.REGION).describeInstances(List.of(instanceId)).get(0).availabilityZone());
      assertFalse(cloud.client(World.ALICE, World.REGION).describeInstances(List.of(instanceId)).get(0).blockDeviceMappings().stream()
          .noneMatch(d -> d.volumeId().equals(id)), "the instance lists the attached volume after a reopen");
    }
  }

  private VolumeState state(VolumeId id) {
    return describe(id).state();
  }

  private Volume describe(VolumeId id) {
    return alice.describeVolumes(List.of(id)).get(0);
  }

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).addValues(value).build();
  }

  private List<VolumeId> ids(Filter filter) {
    return alice.describeVolumes(DescribeVolumesRequest.builder().addFilters(filter).build()).volumes().stream()
        .map(Volume::volumeId).toList();
  }
}
