package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.ImageId;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.DescribeAvailabilityZonesRequest;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.DescribeSnapshotsRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.Filter;
import org.amisdk.cloud.LifecycleTimings;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.RecycleBinResourceType;
import org.amisdk.cloud.RetentionRuleRequest;
import org.amisdk.cloud.ManualClock;
import org.amisdk.json.AwsJson;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * The real SDK {@link Ec2Client} against a local cloud, one subclass per transport: every answer
 * compared with the native {@link Ec2} API's, every refusal as the SDK's {@link Ec2Exception} with
 * EC2's code. The cloud runs on a {@link ManualClock} with realistic timings.
 */
abstract class Ec2WireContract {
  static final AccountId ALICE = AccountId.parse("111111111111");
  static final AccountId BOB = AccountId.parse("222222222222");
  static final Region REGION = Region.US_EAST_1;

  ManualClock clock;
  LocalCloud cloud;

  /** An SDK client acting as {@code account} in {@code region} through this transport. */
  abstract Ec2Client client(AccountId account, Region region);

  /**
   * The PresignedUrl a CopySnapshot passes: none in-process (the SDK makes one from the host
   * name); over HTTP on 127.0.0.1 the SDK cannot tell the region from the address, so the caller
   * gives any value (the endpoint ignores it: the caller's signature already says who it is).
   */
  String presignedUrl() {
    return null;
  }

  /** Called after the cloud is made; a transport starts what it needs. */
  void open() {}

  /** Called before the cloud is closed. */
  void close() {}

  @BeforeEach
  void makeCloud() {
    clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    cloud = LocalCloud.builder().clock(clock).ids(new SplittableRandom(7)).timings(LifecycleTimings.realistic()).build();
    open();
  }

  @AfterEach
  void closeCloud() throws Exception {
    close();
    cloud.close();
  }

  Ec2 nativeClient(AccountId account) {
    return cloud.client(account, REGION);
  }

  /** A completed snapshot of an 8 GiB volume, and an available image on it, made through the wire. */
  String registeredImage(Ec2Client ec2, String name) {
    String volume = nativeClient(ALICE).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(8).build()).volumeId().toString();
    CreateSnapshotResponse snapshot = ec2.createSnapshot(b -> b.volumeId(volume).description("root of " + name));
    ec2.waiter().waitUntilSnapshotCompleted(b -> b.snapshotIds(snapshot.snapshotId()));
    String imageId = ec2.registerImage(b -> b.name(name).description("image " + name).architecture("x86_64")
        .virtualizationType("hvm").rootDeviceName("/dev/xvda").enaSupport(true).bootMode("uefi")
        .tagSpecifications(t -> t.resourceType("image").tags(tag -> tag.key("Team").value("web")))
        .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshot.snapshotId())
            .volumeSize(10).volumeType("gp3").deleteOnTermination(true))))
        .imageId();
    ec2.waiter().waitUntilImageAvailable(b -> b.imageIds(imageId));
    return imageId;
  }

  static String code(Runnable call) {
    Ec2Exception refused = assertThrows(Ec2Exception.class, call::run);
    return refused.awsErrorDetails().errorCode();
  }

  /** The native API's refusal code for the same call. */
  static String nativeCode(Runnable call) {
    org.amisdk.model.Ec2Exception refused = assertThrows(org.amisdk.model.Ec2Exception.class, call::run);
    return refused.errorCode();
  }

  /** The four Recycle Bin actions through the SDK: list with enter and exit times, the restore order rule, the owner-only bin. */
  @Test
  void recycleBin_listAndRestore_imagesAndSnapshots_overTheWire() {
    Ec2Client ec2 = client(ALICE, REGION);
    String imageId = registeredImage(ec2, "binned");
    String snapshotId = ec2.describeImages(b -> b.imageIds(imageId)).images().get(0).blockDeviceMappings().get(0).ebs().snapshotId();
    nativeClient(ALICE).recycleBin().createRule(RetentionRuleRequest.regionLevel(RecycleBinResourceType.EC2_IMAGE, 10));
    nativeClient(ALICE).recycleBin().createRule(RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 14));
    Instant deleted = clock.instant();
    ec2.deregisterImage(b -> b.imageId(imageId).deleteAssociatedSnapshots(true));

    var images = ec2.listImagesInRecycleBin(b -> b.imageIds(imageId)).images();
    assertEquals(1, images.size());
    assertEquals("binned", images.get(0).name());
    assertEquals("image binned", images.get(0).description());
    assertEquals(deleted, images.get(0).recycleBinEnterTime());
    assertEquals(deleted.plus(Duration.ofDays(10)), images.get(0).recycleBinExitTime());
    var snapshots = ec2.listSnapshotsInRecycleBin(b -> {}).snapshots();
    assertEquals(List.of(snapshotId), snapshots.stream().map(s -> s.snapshotId()).toList());
    assertEquals(deleted.plus(Duration.ofDays(14)), snapshots.get(0).recycleBinExitTime());
    assertEquals("root of binned", snapshots.get(0).description());
    assertTrue(ec2.describeImages(b -> b.owners("self")).images().isEmpty());

    Ec2Client bob = client(BOB, REGION);
    assertTrue(bob.listImagesInRecycleBin(b -> {}).images().isEmpty());
    assertEquals("InvalidSnapshot.NotFound", code(() -> bob.restoreSnapshotFromRecycleBin(b -> b.snapshotId(snapshotId))));
    assertEquals("IncorrectState", code(() -> ec2.restoreImageFromRecycleBin(b -> b.imageId(imageId))));
    assertEquals("DryRunOperation", code(() -> ec2.restoreSnapshotFromRecycleBin(b -> b.snapshotId(snapshotId).dryRun(true))));

    var restored = ec2.restoreSnapshotFromRecycleBin(b -> b.snapshotId(snapshotId));
    assertEquals(snapshotId, restored.snapshotId());
    assertEquals("completed", restored.stateAsString());
    assertEquals(ALICE.toString(), restored.ownerId());
    assertTrue(ec2.restoreImageFromRecycleBin(b -> b.imageId(imageId)).returnValue());
    assertEquals(List.of(imageId), ec2.describeImages(b -> b.owners("self")).images().stream().map(Image::imageId).toList());
    assertTrue(ec2.listImagesInRecycleBin(b -> {}).images().isEmpty());
  }

  @Test
  void describeImages_everyFieldAsTheNativeApi() {
    Ec2Client ec2 = client(ALICE, REGION);
    String imageId = registeredImage(ec2, "web-1");
    List<Image> wire = ec2.describeImages(b -> b.imageIds(imageId)).images();
    List<org.amisdk.model.Image> expected = nativeClient(ALICE)
        .describeImages(DescribeImagesRequest.builder().addImageIds(ImageId.parse(imageId)).build()).images();
    assertEquals(expected, AwsJson.readImages(SdkJson.envelope("Images", wire)));
    assertEquals("web", wire.get(0).tags().get(0).value());
    assertEquals("uefi", wire.get(0).bootModeAsString());
  }

  @Test
  void describeSnapshots_everyFieldAsTheNativeApi() {
    Ec2Client ec2 = client(ALICE, REGION);
    registeredImage(ec2, "web-1");
    List<Snapshot> wire = ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots();
    List<org.amisdk.model.Snapshot> expected = nativeClient(ALICE)
        .describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots();
    assertEquals(1, wire.size());
    assertEquals(expected, AwsJson.readSnapshots(SdkJson.envelope("Snapshots", wire)));
  }

  @Test
  void describeImagesPaginator_pagesThroughEveryImageOnce() {
    Ec2Client ec2 = client(ALICE, REGION);
    String first = registeredImage(ec2, "page-00");
    String snapshot = ec2.describeImages(b -> b.imageIds(first)).images().get(0).blockDeviceMappings().get(0).ebs().snapshotId();
    for (int i = 1; i < 23; i++) {
      String name = String.format("page-%02d", i);
      ec2.registerImage(b -> b.name(name).architecture("x86_64").virtualizationType("hvm").rootDeviceName("/dev/xvda")
          .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshot))));
    }
    List<String> seen = new java.util.ArrayList<>();
    int pages = 0;
    for (DescribeImagesResponse page : ec2.describeImagesPaginator(b -> b.owners("self").maxResults(5))) {
      pages++;
      page.images().forEach(image -> seen.add(image.imageId()));
    }
    assertEquals(23, seen.size());
    assertEquals(23, new HashSet<>(seen).size(), "no image twice: " + seen);
    assertEquals(5, pages);
  }

  @Test
  void describeImages_withFilters_asTheNativeApi() {
    Ec2Client ec2 = client(ALICE, REGION);
    String web = registeredImage(ec2, "web-2026-01");
    registeredImage(ec2, "db-2026-01");
    List<String> found = ec2.describeImages(b -> b.owners("self")
            .filters(f -> f.name("name").values("web-*"), f -> f.name("tag:Team").values("web")))
        .images().stream().map(Image::imageId).toList();
    assertEquals(List.of(web), found);
  }

  @Test
  void waiters_onAManualClock_advanceItInsteadOfSleeping() {
    Ec2Client ec2 = client(ALICE, REGION);
    Instant before = clock.instant();
    String imageId = registeredImage(ec2, "web-1");
    RunInstancesResponse run = ec2.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1));
    assertEquals(InstanceStateName.PENDING, run.instances().get(0).state().name());
    ec2.waiter().waitUntilInstanceRunning(b -> b.instanceIds(run.instances().get(0).instanceId()));
    Instance running = ec2.describeInstances(b -> b.instanceIds(run.instances().get(0).instanceId()))
        .reservations().get(0).instances().get(0);
    assertEquals(InstanceStateName.RUNNING, running.state().name());
    assertEquals(16, running.state().code());
    assertTrue(clock.instant().isAfter(before.plusSeconds(15)), "the clock moved: " + clock.instant());
  }

  @Test
  void instanceLifecycle_stopStartRebootTerminate_asTheNativeApi() {
    Ec2Client ec2 = client(ALICE, REGION);
    String imageId = registeredImage(ec2, "web-1");
    String id = ec2.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1))
        .instances().get(0).instanceId();
    ec2.waiter().waitUntilInstanceRunning(b -> b.instanceIds(id));
    assertEquals("InvalidInstanceID.NotFound", code(() -> ec2.startInstances(b -> b.instanceIds("i-00000000000000000"))));
    assertEquals(InstanceStateName.STOPPING, ec2.stopInstances(b -> b.instanceIds(id)).stoppingInstances().get(0).currentState().name());
    clock.advance(Duration.ofMinutes(5));
    assertEquals(InstanceStateName.STOPPED, ec2.describeInstances().reservations().get(0).instances().get(0).state().name());
    assertEquals(InstanceStateName.STOPPED,
        ec2.startInstances(b -> b.instanceIds(id)).startingInstances().get(0).previousState().name());
    clock.advance(Duration.ofMinutes(5));
    ec2.rebootInstances(b -> b.instanceIds(id));
    assertEquals(InstanceStateName.RUNNING,
        ec2.terminateInstances(b -> b.instanceIds(id)).terminatingInstances().get(0).previousState().name());
    assertEquals(nativeClient(ALICE).describeInstances(List.of()).get(0).state().wireValue(),
        ec2.describeInstances().reservations().get(0).instances().get(0).state().nameAsString());
  }

  @Test
  void volumes_createDescribeDelete_asTheNativeApi() {
    Ec2Client ec2 = client(ALICE, REGION);
    String volumeId = ec2.createVolume(b -> b.size(4).volumeType("gp3").availabilityZone("us-east-1a")
        .tagSpecifications(t -> t.resourceType("volume").tags(tag -> tag.key("Name").value("data")))).volumeId();
    org.amisdk.model.Volume expected = nativeClient(ALICE).describeVolumes(List.of()).get(0);
    software.amazon.awssdk.services.ec2.model.Volume wire = ec2.describeVolumes(b -> b.volumeIds(volumeId)).volumes().get(0);
    assertEquals(expected.volumeId().toString(), wire.volumeId());
    assertEquals(expected.size(), wire.size());
    assertEquals(expected.volumeType().wireValue(), wire.volumeTypeAsString());
    assertEquals(expected.state().wireValue(), wire.stateAsString());
    assertEquals(expected.createTime(), wire.createTime());
    assertEquals(expected.encrypted(), wire.encrypted());
    assertEquals("data", wire.tags().get(0).value());
    ec2.deleteVolume(b -> b.volumeId(volumeId));
    assertEquals("deleting", ec2.describeVolumes(b -> b.volumeIds(volumeId)).volumes().get(0).stateAsString());
    clock.advance(Duration.ofMinutes(1));
    assertTrue(nativeClient(ALICE).describeVolumes(List.of()).isEmpty());
    assertEquals("InvalidVolume.NotFound", code(() -> ec2.deleteVolume(b -> b.volumeId(volumeId))));
  }

  /**
   * CreateVolume in a zone with IOPS, throughput and a KMS key; AttachVolume to an instance of the
   * same zone; DescribeVolumes filtered and paged; VolumeInUse; DetachVolume; the SDK fills every
   * field from the wire as the native API reports it.
   */
  @Test
  void volumes_zoneAttachDetachFiltersAndPaging_asTheNativeApi() {
    Ec2Client ec2 = client(ALICE, REGION);
    String imageId = registeredImage(ec2, "web-1");
    String instanceId = ec2.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1)
        .placement(p -> p.availabilityZone("us-east-1b"))).instances().get(0).instanceId();
    ec2.waiter().waitUntilInstanceRunning(b -> b.instanceIds(instanceId));
    software.amazon.awssdk.services.ec2.model.CreateVolumeResponse created = ec2.createVolume(b -> b.availabilityZone("us-east-1b")
        .size(20).volumeType("gp3").iops(6000).throughput(500).encrypted(true).kmsKeyId("alias/data"));
    assertEquals("creating", created.stateAsString());
    assertEquals(6000, created.iops());
    assertEquals(500, created.throughput());
    assertEquals("alias/data", created.kmsKeyId());
    assertEquals("us-east-1b", created.availabilityZone());
    String volumeId = created.volumeId();
    assertEquals("IncorrectState", code(() -> ec2.attachVolume(b -> b.volumeId(volumeId).instanceId(instanceId).device("/dev/sdf"))));
    clock.advance(Duration.ofMinutes(1));
    String other = ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(1)).volumeId();
    clock.advance(Duration.ofMinutes(1));
    assertEquals("InvalidVolume.ZoneMismatch", code(() -> ec2.attachVolume(b -> b.volumeId(other).instanceId(instanceId).device("/dev/sdg"))));
    assertEquals("InvalidZone.NotFound", code(() -> ec2.createVolume(b -> b.availabilityZone("us-east-1z").size(1))));
    assertEquals("MissingParameter", code(() -> ec2.createVolume(b -> b.size(1))));
    assertEquals("InvalidParameterCombination", code(() -> ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(1).iops(3000))));

    software.amazon.awssdk.services.ec2.model.AttachVolumeResponse attached =
        ec2.attachVolume(b -> b.volumeId(volumeId).instanceId(instanceId).device("/dev/sdf"));
    assertEquals("attaching", attached.stateAsString());
    assertEquals("/dev/sdf", attached.device());
    clock.advance(Duration.ofMinutes(1));
    assertEquals("VolumeInUse", code(() -> ec2.deleteVolume(b -> b.volumeId(volumeId))));
    software.amazon.awssdk.services.ec2.model.Volume wire = ec2.describeVolumes(b -> b.filters(
        f -> f.name("attachment.instance-id").values(instanceId), f -> f.name("attachment.device").values("/dev/sdf"))).volumes().get(0);
    org.amisdk.model.Volume expected = nativeClient(ALICE).describeVolumes(List.of(org.amisdk.model.VolumeId.parse(volumeId))).get(0);
    assertEquals(volumeId, wire.volumeId());
    assertEquals(expected.state().wireValue(), wire.stateAsString());
    assertEquals("in-use", wire.stateAsString());
    assertEquals(expected.availabilityZone(), wire.availabilityZone());
    assertEquals(expected.iops().orElseThrow(), wire.iops());
    assertEquals(expected.throughput().orElseThrow(), wire.throughput());
    assertEquals(expected.kmsKeyId().orElseThrow(), wire.kmsKeyId());
    assertTrue(wire.encrypted());
    assertEquals(1, wire.attachments().size());
    assertEquals("attached", wire.attachments().get(0).stateAsString());
    assertEquals(instanceId, wire.attachments().get(0).instanceId());
    assertEquals(expected.attachments().get(0).attachTime(), wire.attachments().get(0).attachTime());
    assertEquals(List.of(volumeId), ec2.describeVolumes(b -> b.filters(f -> f.name("availability-zone").values("us-east-1b"),
        f -> f.name("volume-type").values("gp3"), f -> f.name("size").values("20"))).volumes().stream().map(v -> v.volumeId()).toList());
    assertEquals(List.of(other), ec2.describeVolumes(b -> b.filters(f -> f.name("status").values("available"),
        f -> f.name("size").values("1"))).volumes().stream().map(v -> v.volumeId()).toList());

    for (int i = 0; i < 4; i++) {
      ec2.createVolume(b -> b.availabilityZone("us-east-1c").size(2));
    }
    List<String> all = ec2.describeVolumes().volumes().stream().map(v -> v.volumeId()).toList();
    assertTrue(all.size() > 5, "more volumes than a page: " + all);
    software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse first = ec2.describeVolumes(b -> b.maxResults(5));
    assertEquals(5, first.volumes().size());
    assertTrue(first.nextToken() != null, "a first page of 5 has a next token");
    assertEquals(all, ec2.describeVolumesPaginator(b -> b.maxResults(5)).volumes().stream().map(v -> v.volumeId()).toList());
    assertEquals("InvalidParameterValue", code(() -> ec2.describeVolumes(b -> b.filters(f -> f.name("iops-nope").values("1")))));

    assertEquals("IncorrectState", code(() -> ec2.detachVolume(b -> b.volumeId(rootOf(ec2, instanceId)))), "the root of a running instance");
    assertEquals("InvalidAttachment.NotFound", code(() -> ec2.detachVolume(b -> b.volumeId(volumeId).device("/dev/sdz"))));
    assertEquals("detaching", ec2.detachVolume(b -> b.volumeId(volumeId)).stateAsString());
    clock.advance(Duration.ofMinutes(1));
    assertEquals("available", ec2.describeVolumes(b -> b.volumeIds(volumeId)).volumes().get(0).stateAsString());
    assertTrue(ec2.describeVolumes(b -> b.volumeIds(volumeId)).volumes().get(0).attachments().isEmpty());
    ec2.deleteVolume(b -> b.volumeId(volumeId));
  }

  /** The volume RunInstances made for the instance's root device. */
  private static String rootOf(Ec2Client ec2, String instanceId) {
    Instance instance = ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    assertEquals("us-east-1b", instance.placement().availabilityZone());
    return instance.blockDeviceMappings().stream().filter(m -> m.deviceName().equals(instance.rootDeviceName())).findFirst()
        .orElseThrow().ebs().volumeId();
  }

  @Test
  void imageAttributes_deprecation_protection_andBlockPublicAccess_asTheNativeApi() {
    Ec2Client ec2 = client(ALICE, REGION);
    String imageId = registeredImage(ec2, "web-1");
    ec2.modifyImageAttribute(b -> b.imageId(imageId).launchPermission(p -> p.add(a -> a.userId(BOB.toString()))));
    assertEquals(List.of(BOB.toString()), ec2.describeImageAttribute(b -> b.imageId(imageId).attribute("launchPermission"))
        .launchPermissions().stream().map(p -> p.userId()).toList());
    ec2.modifyImageAttribute(b -> b.imageId(imageId).description(d -> d.value("new words")));
    assertEquals("new words", ec2.describeImageAttribute(b -> b.imageId(imageId).attribute("description")).description().value());
    assertEquals("/dev/xvda", ec2.describeImageAttribute(b -> b.imageId(imageId).attribute("blockDeviceMapping"))
        .blockDeviceMappings().get(0).deviceName());
    ec2.resetImageAttribute(b -> b.imageId(imageId).attribute("launchPermission"));
    assertTrue(ec2.describeImageAttribute(b -> b.imageId(imageId).attribute("launchPermission")).launchPermissions().isEmpty());
    Instant deprecateAt = clock.instant().plus(Duration.ofDays(30));
    assertTrue(ec2.enableImageDeprecation(b -> b.imageId(imageId).deprecateAt(deprecateAt)).returnValue());
    assertEquals(nativeClient(ALICE).describeImages(DescribeImagesRequest.builder().addImageIds(ImageId.parse(imageId)).build())
        .images().get(0).deprecationTime().orElseThrow().toString(),
        ec2.describeImages(b -> b.imageIds(imageId)).images().get(0).deprecationTime().replace(".000Z", "Z"));
    ec2.disableImageDeprecation(b -> b.imageId(imageId));
    ec2.enableImageDeregistrationProtection(b -> b.imageId(imageId));
    assertEquals(nativeCode(() -> nativeClient(ALICE).deregisterImage(
            org.amisdk.cloud.DeregisterImageRequest.builder().imageId(ImageId.parse(imageId)).build())),
        code(() -> ec2.deregisterImage(b -> b.imageId(imageId))));
    ec2.disableImageDeregistrationProtection(b -> b.imageId(imageId));
    ec2.disableImage(b -> b.imageId(imageId));
    assertEquals("disabled", ec2.describeImages(b -> b.imageIds(imageId).includeDisabled(true)).images().get(0).stateAsString());
    ec2.enableImage(b -> b.imageId(imageId));
    assertEquals("block-new-sharing", ec2.enableImageBlockPublicAccess(b -> b.imageBlockPublicAccessState("block-new-sharing"))
        .imageBlockPublicAccessStateAsString());
    assertEquals(nativeClient(ALICE).getImageBlockPublicAccessState(),
        ec2.getImageBlockPublicAccessState(b -> {}).imageBlockPublicAccessState());
    assertEquals("unblocked", ec2.disableImageBlockPublicAccess(b -> {}).imageBlockPublicAccessStateAsString());
    assertTrue(ec2.deregisterImage(b -> b.imageId(imageId).deleteAssociatedSnapshots(true)).returnValue());
    assertTrue(nativeClient(ALICE).describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build())
        .snapshots().isEmpty());
  }

  @Test
  void copyImage_toAnotherRegion_andCreateImage_fromAnInstance() {
    Ec2Client east = client(ALICE, REGION);
    String imageId = registeredImage(east, "web-1");
    Ec2Client west = client(ALICE, Region.US_WEST_2);
    String copy = west.copyImage(b -> b.sourceImageId(imageId).sourceRegion("us-east-1").name("web-1-copy")).imageId();
    west.waiter().waitUntilImageAvailable(b -> b.imageIds(copy));
    Image copied = west.describeImages(b -> b.imageIds(copy)).images().get(0);
    assertEquals("web-1-copy", copied.name());
    assertEquals(imageId, copied.sourceImageId());
    String instance = east.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1))
        .instances().get(0).instanceId();
    east.waiter().waitUntilInstanceRunning(b -> b.instanceIds(instance));
    String made = east.createImage(b -> b.instanceId(instance).name("from-instance").noReboot(true)).imageId();
    assertEquals(instance, east.describeImages(b -> b.imageIds(made)).images().get(0).sourceInstanceId());
  }

  @Test
  void snapshots_copyPermissionsAndArchiveTier_asTheNativeApi() {
    Ec2Client ec2 = client(ALICE, REGION);
    String volume = nativeClient(ALICE).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build()).volumeId().toString();
    String snapshotId = ec2.createSnapshot(b -> b.volumeId(volume)
        .tagSpecifications(t -> t.resourceType("snapshot").tags(tag -> tag.key("k").value("v")))).snapshotId();
    ec2.waiter().waitUntilSnapshotCompleted(b -> b.snapshotIds(snapshotId));
    ec2.modifySnapshotAttribute(b -> b.snapshotId(snapshotId).attribute("createVolumePermission")
        .createVolumePermission(p -> p.add(a -> a.userId(BOB.toString()))));
    assertEquals(BOB.toString(), ec2.describeSnapshotAttribute(b -> b.snapshotId(snapshotId).attribute("createVolumePermission"))
        .createVolumePermissions().get(0).userId());
    assertEquals(1, client(BOB, REGION).describeSnapshots(b -> b.restorableByUserIds("self")).snapshots().size());
    ec2.resetSnapshotAttribute(b -> b.snapshotId(snapshotId).attribute("createVolumePermission"));
    assertTrue(nativeClient(ALICE).describeSnapshotCreateVolumePermissions(SnapshotId.parse(snapshotId)).isEmpty());
    String copy = client(ALICE, Region.EU_WEST_1).copySnapshot(b -> b.sourceSnapshotId(snapshotId).sourceRegion("us-east-1")
        .description("dr copy").presignedUrl(presignedUrl())).snapshotId();
    assertEquals("dr copy", cloud.client(ALICE, Region.EU_WEST_1).describeSnapshots(
        DescribeSnapshotsRequest.builder().addSnapshotIds(SnapshotId.parse(copy)).build()).snapshots().get(0).description().orElseThrow());
    Instant started = ec2.modifySnapshotTier(b -> b.snapshotId(snapshotId).storageTier("archive")).tieringStartTime();
    assertEquals(clock.instant(), started);
    assertEquals(snapshotId, ec2.describeSnapshotTierStatus(b -> {}).snapshotTierStatuses().get(0).snapshotId());
    assertEquals(nativeCode(() -> nativeClient(ALICE).restoreSnapshotTier(SnapshotId.parse(snapshotId), java.util.Optional.of(1), false)),
        code(() -> ec2.restoreSnapshotTier(b -> b.snapshotId(snapshotId).temporaryRestoreDays(1))));
    clock.advance(Duration.ofDays(2));
    assertEquals(1, ec2.restoreSnapshotTier(b -> b.snapshotId(snapshotId).temporaryRestoreDays(1)).restoreDuration());
    ec2.deleteSnapshot(b -> b.snapshotId(snapshotId));
    assertEquals("InvalidSnapshot.NotFound", code(() -> ec2.deleteSnapshot(b -> b.snapshotId(snapshotId))));
  }

  @Test
  void tags_createDescribeDelete() {
    Ec2Client ec2 = client(ALICE, REGION);
    String imageId = registeredImage(ec2, "web-1");
    ec2.createTags(b -> b.resources(imageId).tags(t -> t.key("Stage").value("prod")));
    assertEquals(List.of("prod"), ec2.describeTags(b -> b.filters(f -> f.name("key").values("Stage"))).tags().stream()
        .map(t -> t.value()).toList());
    assertEquals("image", ec2.describeTags(b -> b.filters(f -> f.name("resource-id").values(imageId))).tags().get(0)
        .resourceTypeAsString());
    ec2.deleteTags(b -> b.resources(imageId).tags(t -> t.key("Stage")));
    assertEquals(List.of("Team"), nativeClient(ALICE).describeImages(DescribeImagesRequest.builder().addImageIds(ImageId.parse(imageId)).build())
        .images().get(0).tags().stream().map(t -> t.key()).toList());
  }

  @Test
  void regionsAndZones_forToolingThatAsksFirst() {
    Ec2Client ec2 = client(ALICE, REGION);
    assertTrue(ec2.describeRegions().regions().stream().anyMatch(r -> r.regionName().equals("eu-west-1")));
    assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"),
        ec2.describeAvailabilityZones().availabilityZones().stream().map(z -> z.zoneName()).toList());
  }

  /** DescribeAvailabilityZones' ZoneName.N, ZoneId.N, AllAvailabilityZones and filters (EC2 API reference), as the native API answers. */
  @Test
  void describeAvailabilityZones_namesIdsAndFilters_asTheNativeApi() {
    Ec2Client ec2 = client(ALICE, REGION);
    var zone = ec2.describeAvailabilityZones(b -> b.zoneIds("use1-az2").allAvailabilityZones(true)).availabilityZones();
    assertEquals(1, zone.size());
    assertEquals("us-east-1b", zone.get(0).zoneName());
    assertEquals("available", zone.get(0).stateAsString());
    assertEquals("opt-in-not-required", zone.get(0).optInStatusAsString());
    assertEquals("availability-zone", zone.get(0).zoneType());
    assertEquals("us-east-1", zone.get(0).groupName());
    assertEquals(List.of("us-east-1a", "us-east-1c"), ec2.describeAvailabilityZones(b -> b.zoneNames("us-east-1c", "us-east-1a")
        .filters(f -> f.name("region-name").values("us-east-1"), f -> f.name("state").values("available"))).availabilityZones()
        .stream().map(z -> z.zoneName()).toList());
    assertEquals(nativeClient(ALICE).describeAvailabilityZones(DescribeAvailabilityZonesRequest.builder()
        .addFilters(Filter.of("zone-name", "*b", "*c")).build()).stream().map(z -> z.zoneName()).toList(),
        ec2.describeAvailabilityZones(b -> b.filters(f -> f.name("zone-name").values("*b", "*c"))).availabilityZones().stream()
            .map(z -> z.zoneName()).toList());
    assertTrue(ec2.describeAvailabilityZones(b -> b.filters(f -> f.name("zone-type").values("local-zone"))).availabilityZones().isEmpty());
    assertEquals("InvalidParameterValue", code(() -> ec2.describeAvailabilityZones(b -> b.zoneNames("us-east-1z"))));
    assertEquals("InvalidParameterValue", code(() -> ec2.describeAvailabilityZones(b -> b.zoneIds("use1-az9"))));
    assertEquals("InvalidParameterValue", code(() -> ec2.describeAvailabilityZones(b -> b.filters(f -> f.name("colour").values("x")))));
    assertEquals("DryRunOperation", code(() -> ec2.describeAvailabilityZones(b -> b.dryRun(true).zoneNames("us-east-1a"))));
    assertEquals(3, ec2.describeAvailabilityZones().availabilityZones().size(), "a refusal changes nothing");
  }

  @Test
  void refusals_arriveWithEc2sCodes() {
    Ec2Client ec2 = client(ALICE, REGION);
    String imageId = registeredImage(ec2, "web-1");
    String snapshot = ec2.describeImages(b -> b.imageIds(imageId)).images().get(0).blockDeviceMappings().get(0).ebs().snapshotId();
    assertEquals("InvalidAMIID.Malformed", code(() -> ec2.describeImages(b -> b.imageIds("ami-nothex"))));
    assertEquals("InvalidAMIID.NotFound", code(() -> ec2.describeImages(b -> b.imageIds("ami-0123456789abcdef0"))));
    assertEquals("InvalidSnapshot.InUse", code(() -> ec2.deleteSnapshot(b -> b.snapshotId(snapshot))));
    assertEquals("InvalidAMIName.Duplicate", code(() -> ec2.registerImage(b -> b.name("web-1").rootDeviceName("/dev/xvda")
        .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshot))))));
    assertEquals("MissingParameter", code(() -> ec2.registerImage(b -> b.rootDeviceName("/dev/xvda"))));
    assertEquals("InvalidParameterValue", code(() -> ec2.describeImages(b -> b.filters(f -> f.values("x")))));
    assertEquals("InvalidParameterValue", code(() -> ec2.describeImages(b -> b.maxResults(5000))));
    assertEquals("InvalidInstanceID.Malformed", code(() -> ec2.stopInstances(b -> b.instanceIds("i-x"))));
    assertEquals("UnknownVolumeType", code(() -> ec2.createVolume(b -> b.size(1).volumeType("gp9"))));
    assertEquals("InvalidAction", code(() -> ec2.describeVpcs()));
    assertEquals(1, nativeClient(ALICE).describeImages(DescribeImagesRequest.builder().addOwners("self").build()).images().size());
  }

  @Test
  void dryRun_allowedOrNot_changesNothing() {
    Ec2Client alice = client(ALICE, REGION);
    Ec2Client bob = client(BOB, REGION);
    String imageId = registeredImage(alice, "web-1");
    assertEquals("DryRunOperation", code(() -> alice.deregisterImage(b -> b.imageId(imageId).dryRun(true))));
    assertEquals("DryRunOperation", code(() -> alice.runInstances(b -> b.imageId(imageId).minCount(1).maxCount(1).dryRun(true))));
    assertEquals("DryRunOperation", code(() -> alice.describeImages(b -> b.dryRun(true))));
    alice.modifyImageAttribute(b -> b.imageId(imageId).launchPermission(p -> p.add(a -> a.userId(BOB.toString()))));
    assertEquals("UnauthorizedOperation", code(() -> bob.deregisterImage(b -> b.imageId(imageId).dryRun(true))));
    assertEquals("DryRunOperation", code(() -> bob.runInstances(b -> b.imageId(imageId).minCount(1).maxCount(1).dryRun(true))));
    assertEquals(1, nativeClient(ALICE).describeImages(DescribeImagesRequest.builder().addImageIds(ImageId.parse(imageId)).build()).images().size());
    assertTrue(nativeClient(ALICE).describeInstances(List.of()).isEmpty());
    assertTrue(nativeClient(BOB).describeInstances(List.of()).isEmpty());
  }

  @Test
  void runInstances_isOneReservation_describeInstancesAnswersReservations_filteredAndPaged() {
    Ec2Client ec2 = client(ALICE, REGION);
    String imageId = registeredImage(ec2, "web-1");
    RunInstancesResponse three = ec2.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(3).maxCount(3));
    RunInstancesResponse two = ec2.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(2).maxCount(2));
    assertEquals(nativeClient(ALICE).describeInstances(List.of(org.amisdk.model.InstanceId.parse(three.instances().get(0).instanceId())))
        .get(0).reservationId().toString(), three.reservationId());
    assertEquals(ALICE.toString(), three.ownerId());
    var filtered = ec2.describeInstances(b -> b.filters(f -> f.name("reservation-id").values(two.reservationId()))).reservations();
    assertEquals(1, filtered.size());
    assertEquals(two.reservationId(), filtered.get(0).reservationId());
    assertEquals(two.instances().stream().map(Instance::instanceId).sorted().toList(),
        filtered.get(0).instances().stream().map(Instance::instanceId).sorted().toList());
    List<String> paged = ec2.describeInstancesPaginator(b -> b.maxResults(5)).reservations().stream()
        .flatMap(r -> r.instances().stream().map(Instance::instanceId)).sorted().toList();
    assertEquals(5, paged.size());
    assertEquals(5, new HashSet<>(paged).size());
  }

  /** A mutating action through the SDK with {@code DryRun} set, and what Alice (the owner) and Bob (shared with) get. */
  private record DryAction(String name, java.util.function.Consumer<Ec2Client> call, String alice, String bob) {}

  @Test
  void dryRun_everyMutatingAction_throughTheSdk_answersAsTheControlPlane_changesNothing() {
    Ec2Client alice = client(ALICE, REGION);
    String imageId = registeredImage(alice, "web-1");
    String volume = nativeClient(ALICE).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build()).volumeId().toString();
    String snapshot = alice.createSnapshot(b -> b.volumeId(volume)).snapshotId();
    alice.waiter().waitUntilSnapshotCompleted(b -> b.snapshotIds(snapshot));
    String instance = alice.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1))
        .instances().get(0).instanceId();
    alice.waiter().waitUntilInstanceRunning(b -> b.instanceIds(instance));
    alice.modifyImageAttribute(b -> b.imageId(imageId).launchPermission(p -> p.add(a -> a.userId(BOB.toString()))));
    alice.modifySnapshotAttribute(b -> b.snapshotId(snapshot).attribute("createVolumePermission")
        .createVolumePermission(p -> p.add(a -> a.userId(BOB.toString()))));
    String dry = "DryRunOperation";
    String unauthorized = "UnauthorizedOperation";
    List<DryAction> actions = List.of(
        new DryAction("RegisterImage", c -> c.registerImage(b -> b.dryRun(true).name("dry").rootDeviceName("/dev/xvda")
            .architecture("x86_64").blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshot)))), dry, dry),
        new DryAction("DeregisterImage", c -> c.deregisterImage(b -> b.dryRun(true).imageId(imageId)), dry, unauthorized),
        new DryAction("ModifyImageAttribute", c -> c.modifyImageAttribute(b -> b.dryRun(true).imageId(imageId)
            .description(d -> d.value("x"))), dry, unauthorized),
        new DryAction("ResetImageAttribute", c -> c.resetImageAttribute(b -> b.dryRun(true).imageId(imageId)
            .attribute("launchPermission")), dry, unauthorized),
        new DryAction("DisableImage", c -> c.disableImage(b -> b.dryRun(true).imageId(imageId)), dry, unauthorized),
        new DryAction("EnableImageDeregistrationProtection", c -> c.enableImageDeregistrationProtection(b -> b.dryRun(true)
            .imageId(imageId)), dry, unauthorized),
        new DryAction("EnableImageBlockPublicAccess", c -> c.enableImageBlockPublicAccess(b -> b.dryRun(true)
            .imageBlockPublicAccessState("block-new-sharing")), dry, dry),
        new DryAction("CreateTags", c -> c.createTags(b -> b.dryRun(true).resources(imageId).tags(t -> t.key("k").value("v"))), dry, dry),
        // copying a shared image needs its snapshots shared too (EC2 user guide, "Copy an AMI"): the image's root is not
        new DryAction("CopyImage", c -> c.copyImage(b -> b.dryRun(true).sourceImageId(imageId).sourceRegion("us-east-1").name("dry-copy")),
            dry, unauthorized),
        new DryAction("CreateSnapshot", c -> c.createSnapshot(b -> b.dryRun(true).volumeId(volume)), dry, "InvalidVolume.NotFound"),
        new DryAction("DeleteSnapshot", c -> c.deleteSnapshot(b -> b.dryRun(true).snapshotId(snapshot)), dry, unauthorized),
        new DryAction("ModifySnapshotAttribute", c -> c.modifySnapshotAttribute(b -> b.dryRun(true).snapshotId(snapshot)
            .attribute("createVolumePermission").createVolumePermission(p -> p.remove(a -> a.userId(BOB.toString())))),
            dry, unauthorized),
        new DryAction("ModifySnapshotTier", c -> c.modifySnapshotTier(b -> b.dryRun(true).snapshotId(snapshot).storageTier("archive")),
            dry, unauthorized),
        new DryAction("CreateVolume", c -> c.createVolume(b -> b.dryRun(true).snapshotId(snapshot).availabilityZone("us-east-1a")),
            dry, dry),
        new DryAction("DeleteVolume", c -> c.deleteVolume(b -> b.dryRun(true).volumeId(volume)), dry, "InvalidVolume.NotFound"),
        new DryAction("DetachVolume", c -> c.detachVolume(b -> b.dryRun(true).volumeId(volume)), "IncorrectState",
            "InvalidVolume.NotFound"),
        new DryAction("ListSnapshotsInRecycleBin", c -> c.listSnapshotsInRecycleBin(b -> b.dryRun(true)), dry, dry),
        new DryAction("RunInstances", c -> c.runInstances(b -> b.dryRun(true).imageId(imageId).minCount(1).maxCount(1)), dry, dry),
        new DryAction("StopInstances", c -> c.stopInstances(b -> b.dryRun(true).instanceIds(instance)), dry, "InvalidInstanceID.NotFound"),
        new DryAction("TerminateInstances", c -> c.terminateInstances(b -> b.dryRun(true).instanceIds(instance)),
            dry, "InvalidInstanceID.NotFound"),
        new DryAction("CreateImage", c -> c.createImage(b -> b.dryRun(true).instanceId(instance).name("made")),
            dry, "InvalidInstanceID.NotFound"));
    Ec2Client bob = client(BOB, REGION);
    Object before = world();
    for (DryAction action : actions) {
      assertEquals(action.alice(), code(() -> action.call().accept(alice)), action.name() + " dry-run by the owner");
      assertEquals(action.bob(), code(() -> action.call().accept(bob)), action.name() + " dry-run by another account");
      assertEquals(before, world(), action.name() + ": a dry run changed the world");
    }
  }

  /** What the cloud holds: its inventory, and Alice's and Bob's views of images and instances. */
  private Object world() {
    return List.of(cloud.inventory(), nativeClient(ALICE).describeImages(DescribeImagesRequest.builder().addOwners("self").build()),
        nativeClient(ALICE).describeInstances(List.of()), nativeClient(BOB).describeInstances(List.of()),
        nativeClient(ALICE).getImageBlockPublicAccessState(), nativeClient(BOB).getImageBlockPublicAccessState());
  }

  @Test
  void authorization_oneAccountNeverSeesAnothersPrivateResources() {
    Ec2Client alice = client(ALICE, REGION);
    Ec2Client bob = client(BOB, REGION);
    String imageId = registeredImage(alice, "private-1");
    String snapshot = alice.describeImages(b -> b.imageIds(imageId)).images().get(0).blockDeviceMappings().get(0).ebs().snapshotId();
    Ec2 nativeBob = nativeClient(BOB);
    assertEquals(nativeCode(() -> nativeBob.describeImages(DescribeImagesRequest.builder().addImageIds(ImageId.parse(imageId)).build())),
        code(() -> bob.describeImages(b -> b.imageIds(imageId))));
    assertTrue(bob.describeImages(b -> b.owners(ALICE.toString())).images().isEmpty());
    assertTrue(bob.describeSnapshots(b -> b.ownerIds(ALICE.toString())).snapshots().isEmpty());
    assertEquals(nativeCode(() -> nativeBob.deleteSnapshot(SnapshotId.parse(snapshot))), code(() -> bob.deleteSnapshot(b -> b.snapshotId(snapshot))));
    assertEquals(nativeCode(() -> nativeBob.runInstances(org.amisdk.cloud.RunInstancesRequest.builder().imageId(ImageId.parse(imageId))
        .instanceType("t3.micro").build())),
        code(() -> bob.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1))));
    assertEquals(nativeCode(() -> nativeBob.copyImage(org.amisdk.cloud.CopyImageRequest.builder().sourceImageId(ImageId.parse(imageId))
        .sourceRegion(REGION).name("stolen").build())),
        code(() -> bob.copyImage(b -> b.sourceImageId(imageId).sourceRegion("us-east-1").name("stolen"))));
    alice.modifyImageAttribute(b -> b.imageId(imageId).launchPermission(p -> p.add(a -> a.userId(BOB.toString()))));
    assertEquals(List.of(imageId), bob.describeImages(b -> b.executableUsers("self")).images().stream().map(Image::imageId).toList());
    assertEquals(nativeCode(() -> nativeBob.deregisterImage(org.amisdk.cloud.DeregisterImageRequest.builder().imageId(ImageId.parse(imageId)).build())),
        code(() -> bob.deregisterImage(b -> b.imageId(imageId))));
    String bobsInstance = bob.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1))
        .instances().get(0).instanceId();
    assertTrue(alice.describeInstances().reservations().isEmpty(), "alice sees none of bob's instances");
    assertEquals(1, bob.describeInstances().reservations().size());
    assertFalse(nativeClient(ALICE).describeImages(DescribeImagesRequest.builder().addImageIds(ImageId.parse(imageId)).build()).images().isEmpty());

    // volumes: attach and detach across accounts are refused as the native API refuses them
    String alicesVolume = alice.createVolume(b -> b.availabilityZone("us-east-1a").size(1)).volumeId();
    clock.advance(Duration.ofMinutes(1));
    assertEquals("InvalidVolume.NotFound", code(() -> bob.attachVolume(b -> b.volumeId(alicesVolume).instanceId(bobsInstance)
        .device("/dev/sdf"))));
    assertEquals("InvalidInstanceID.NotFound", code(() -> alice.attachVolume(b -> b.volumeId(alicesVolume).instanceId(bobsInstance)
        .device("/dev/sdf"))));
    assertEquals("InvalidVolume.NotFound", code(() -> bob.detachVolume(b -> b.volumeId(alicesVolume))));
    assertEquals("InvalidVolume.NotFound", code(() -> bob.deleteVolume(b -> b.volumeId(alicesVolume))));
    assertEquals("available", alice.describeVolumes(b -> b.volumeIds(alicesVolume)).volumes().get(0).stateAsString());

    // Recycle Bin: rules and binned resources belong to one account
    String rule = nativeClient(ALICE).recycleBin().createRule(RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 7))
        .identifier();
    String binned = alice.createSnapshot(b -> b.volumeId(alicesVolume)).snapshotId();
    clock.advance(Duration.ofMinutes(1));
    alice.deleteSnapshot(b -> b.snapshotId(binned));
    assertEquals(List.of(binned), alice.listSnapshotsInRecycleBin(b -> {}).snapshots().stream().map(s -> s.snapshotId()).toList());
    assertTrue(bob.listSnapshotsInRecycleBin(b -> b.snapshotIds(binned)).snapshots().isEmpty(), "bob sees nothing of alice's bin");
    assertEquals(nativeCode(() -> nativeBob.recycleBin().restoreSnapshotFromRecycleBin(SnapshotId.parse(binned))),
        code(() -> bob.restoreSnapshotFromRecycleBin(b -> b.snapshotId(binned))));
    assertEquals("ResourceNotFoundException", nativeCode(() -> nativeBob.recycleBin().deleteRule(rule)), "rules are per account");
    assertEquals(List.of(binned), alice.listSnapshotsInRecycleBin(b -> {}).snapshots().stream().map(s -> s.snapshotId()).toList());
  }
}
