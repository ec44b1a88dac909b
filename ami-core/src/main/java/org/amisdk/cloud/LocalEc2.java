package org.amisdk.cloud;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.amisdk.model.AccountId;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.ResourceId;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.AvailabilityZone;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeAttachment;
import org.amisdk.model.VolumeId;
import org.amisdk.storage.ProgressListener;

/**
 * The client: a thin facade over one class per resource area ({@link Images}, {@link
 * ImageAttributes}, {@link Bundles}, {@link Snapshots}, {@link Volumes}, {@link Instances}, {@link
 * Tags}), each of which checks the caller's identity, validates everything before it changes
 * anything (so a refusal changes nothing), then applies the change under the region's lock.
 */
final class LocalEc2 implements Ec2 {
  private final Session session;
  private final Snapshots snapshots;
  private final Volumes volumes;
  private final Bundles bundles;
  private final Images images;
  private final ImageAttributes imageAttributes;
  private final Tags tags;
  private final Instances instances;
  private final DirectApi direct;
  private final LocalRecycleBin recycleBin;

  LocalEc2(CloudImpl cloud, AccountId caller, Region region, boolean dryRun) {
    this.session = new Session(cloud, caller, region, dryRun);
    this.snapshots = new Snapshots(session);
    this.volumes = new Volumes(session, snapshots);
    this.bundles = new Bundles(session);
    this.images = new Images(session, snapshots, bundles);
    this.imageAttributes = new ImageAttributes(session);
    this.tags = new Tags(session);
    this.instances = new Instances(session, snapshots, volumes, bundles);
    this.direct = new DirectApi(session);
    this.recycleBin = new LocalRecycleBin(session);
  }

  @Override
  public AccountId account() {
    return session.caller;
  }

  @Override
  public Region region() {
    return session.region;
  }

  @Override
  public RecycleBin recycleBin() {
    return recycleBin;
  }

  @Override
  public Ec2 dryRun() {
    return DryRun.over(new LocalEc2(session.cloud, session.caller, session.region, true));
  }

  @Override
  public ImageId registerImage(RegisterImageRequest request) {
    return images.registerImage(request);
  }

  @Override
  public DescribeImagesResponse describeImages(DescribeImagesRequest request) {
    return images.describeImages(request);
  }

  @Override
  public List<DeleteSnapshotResult> deregisterImage(DeregisterImageRequest request) {
    return images.deregisterImage(request);
  }

  @Override
  public ImageId copyImage(CopyImageRequest request) {
    return images.copyImage(request);
  }

  @Override
  public ImageAttribute describeImageAttribute(ImageId imageId, ImageAttributeName attribute) {
    return imageAttributes.describeImageAttribute(imageId, attribute);
  }

  @Override
  public void modifyImageAttribute(ModifyImageAttributeRequest request) {
    imageAttributes.modifyImageAttribute(request);
  }

  @Override
  public void resetImageAttribute(ImageId imageId, ImageAttributeName attribute) {
    imageAttributes.resetImageAttribute(imageId, attribute);
  }

  @Override
  public void enableImageDeprecation(ImageId imageId, Instant deprecateAt) {
    imageAttributes.enableImageDeprecation(imageId, deprecateAt);
  }

  @Override
  public void disableImageDeprecation(ImageId imageId) {
    imageAttributes.disableImageDeprecation(imageId);
  }

  @Override
  public void disableImage(ImageId imageId) {
    imageAttributes.disableImage(imageId);
  }

  @Override
  public void enableImage(ImageId imageId) {
    imageAttributes.enableImage(imageId);
  }

  @Override
  public void enableImageDeregistrationProtection(ImageId imageId, boolean withCooldown) {
    imageAttributes.enableImageDeregistrationProtection(imageId, withCooldown);
  }

  @Override
  public void disableImageDeregistrationProtection(ImageId imageId) {
    imageAttributes.disableImageDeregistrationProtection(imageId);
  }

  @Override
  public void enableImageBlockPublicAccess() {
    imageAttributes.enableImageBlockPublicAccess();
  }

  @Override
  public void disableImageBlockPublicAccess() {
    imageAttributes.disableImageBlockPublicAccess();
  }

  @Override
  public String getImageBlockPublicAccessState() {
    return imageAttributes.getImageBlockPublicAccessState();
  }

  @Override
  public void createTags(List<? extends ResourceId> resources, List<Tag> tags) {
    this.tags.createTags(resources, tags);
  }

  @Override
  public DescribeTagsResponse describeTags(DescribeTagsRequest request) {
    return tags.describeTags(request);
  }

  @Override
  public void deleteTags(List<? extends ResourceId> resources, List<String> keys) {
    this.tags.deleteTags(resources, keys);
  }

  @Override
  public Snapshot createSnapshot(CreateSnapshotRequest request) {
    return snapshots.createSnapshot(request);
  }

  @Override
  public DescribeSnapshotsResponse describeSnapshots(DescribeSnapshotsRequest request) {
    return snapshots.describeSnapshots(request);
  }

  @Override
  public void deleteSnapshot(SnapshotId snapshotId) {
    snapshots.deleteSnapshot(snapshotId);
  }

  @Override
  public SnapshotId copySnapshot(CopySnapshotRequest request) {
    return snapshots.copySnapshot(request);
  }

  @Override
  public void modifySnapshotAttribute(ModifySnapshotAttributeRequest request) {
    snapshots.modifySnapshotAttribute(request);
  }

  @Override
  public List<LaunchPermission> describeSnapshotCreateVolumePermissions(SnapshotId snapshotId) {
    return snapshots.describeSnapshotCreateVolumePermissions(snapshotId);
  }

  @Override
  public Instant modifySnapshotTier(SnapshotId snapshotId) {
    return snapshots.modifySnapshotTier(snapshotId);
  }

  @Override
  public SnapshotTierRestore restoreSnapshotTier(SnapshotId snapshotId, Optional<Integer> temporaryRestoreDays, boolean permanentRestore) {
    return snapshots.restoreSnapshotTier(snapshotId, temporaryRestoreDays, permanentRestore);
  }

  @Override
  public List<SnapshotTierStatus> describeSnapshotTierStatus() {
    return snapshots.describeSnapshotTierStatus();
  }

  @Override
  public Snapshot importSnapshot(Path rawImage, String description, ProgressListener listener) {
    return snapshots.importSnapshot(rawImage, description, listener);
  }

  @Override
  public void exportSnapshot(SnapshotId snapshotId, Path target, ProgressListener listener) {
    snapshots.exportSnapshot(snapshotId, target, listener);
  }

  @Override
  public Volume createVolume(CreateVolumeRequest request) {
    return volumes.createVolume(request);
  }

  @Override
  public DescribeVolumesResponse describeVolumes(DescribeVolumesRequest request) {
    return volumes.describeVolumes(request);
  }

  @Override
  public VolumeAttachment attachVolume(VolumeId volumeId, InstanceId instanceId, String device) {
    return volumes.attachVolume(volumeId, instanceId, device);
  }

  @Override
  public VolumeAttachment detachVolume(DetachVolumeRequest request) {
    return volumes.detachVolume(request);
  }

  @Override
  public List<AvailabilityZone> describeAvailabilityZones(DescribeAvailabilityZonesRequest request) {
    return Zones.describe(region(), request);
  }

  @Override
  public void deleteVolume(VolumeId volumeId) {
    volumes.deleteVolume(volumeId);
  }

  @Override
  public void readVolume(VolumeId volumeId, long position, byte[] target, int offset, int length) {
    volumes.readVolume(volumeId, position, target, offset, length);
  }

  @Override
  public void writeVolume(VolumeId volumeId, long position, byte[] source, int offset, int length) {
    volumes.writeVolume(volumeId, position, source, offset, length);
  }

  @Override
  public void exportVolume(VolumeId volumeId, Path target, ProgressListener listener) {
    volumes.exportVolume(volumeId, target, listener);
  }

  @Override
  public List<Instance> runInstances(RunInstancesRequest request) {
    return instances.runInstances(request);
  }

  @Override
  public long instanceStoreSize(InstanceId instanceId) {
    return instances.instanceStoreSize(instanceId);
  }

  @Override
  public void readInstanceStore(InstanceId instanceId, long position, byte[] target, int offset, int length) {
    instances.readInstanceStore(instanceId, position, target, offset, length);
  }

  @Override
  public void writeInstanceStore(InstanceId instanceId, long position, byte[] source, int offset, int length) {
    instances.writeInstanceStore(instanceId, position, source, offset, length);
  }

  @Override
  public DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
    return instances.describeInstances(request);
  }


  @Override
  public List<InstanceStateChange> stopInstances(List<InstanceId> instanceIds) {
    return instances.stopInstances(instanceIds);
  }

  @Override
  public List<InstanceStateChange> startInstances(List<InstanceId> instanceIds) {
    return instances.startInstances(instanceIds);
  }

  @Override
  public List<InstanceStateChange> terminateInstances(List<InstanceId> instanceIds) {
    return instances.terminateInstances(instanceIds);
  }

  @Override
  public void rebootInstances(List<InstanceId> instanceIds) {
    instances.rebootInstances(instanceIds);
  }

  @Override
  public ImageId createImage(CreateImageRequest request) {
    return instances.createImage(request);
  }

  // ---- EBS direct APIs

  @Override
  public Snapshot startSnapshot(StartSnapshotRequest request) {
    return direct.startSnapshot(request);
  }

  @Override
  public void putSnapshotBlock(String snapshotId, long blockIndex, byte[] data, String checksum) {
    direct.putSnapshotBlock(snapshotId, blockIndex, data, checksum);
  }

  @Override
  public Snapshot completeSnapshot(String snapshotId, int changedBlocksCount) {
    return direct.completeSnapshot(snapshotId, changedBlocksCount);
  }

  @Override
  public SnapshotBlocks<SnapshotBlocks.Block> listSnapshotBlocks(String snapshotId, BlockPage page) {
    return direct.listSnapshotBlocks(snapshotId, page);
  }

  @Override
  public SnapshotBlocks<SnapshotBlocks.Changed> listChangedBlocks(Optional<String> firstSnapshotId, String secondSnapshotId,
      BlockPage page) {
    return direct.listChangedBlocks(firstSnapshotId, secondSnapshotId, page);
  }

  @Override
  public SnapshotBlockData getSnapshotBlock(String snapshotId, long blockIndex, String blockToken) {
    return direct.getSnapshotBlock(snapshotId, blockIndex, blockToken);
  }
}
