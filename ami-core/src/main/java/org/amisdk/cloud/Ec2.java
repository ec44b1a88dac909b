package org.amisdk.cloud;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.amisdk.model.AccountId;
import org.amisdk.model.AvailabilityZone;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.ResourceId;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeAttachment;
import org.amisdk.model.VolumeId;
import org.amisdk.storage.OperationCancelledException;
import org.amisdk.storage.ProgressListener;
/**
 * A client of a {@link LocalCloud}, acting as one account in one region; operations are named
 * and shaped like the AWS SDK for Java v2 {@code Ec2Client}. Ids are typed throughout ({@link
 * ImageId}, {@link SnapshotId}, {@link VolumeId}, {@link InstanceId}); text enters through their
 * {@code parse}, which refuses a malformed id with EC2's {@code *.Malformed} code.
 *
 * <p>Every refusal is an {@link Ec2Exception} with one of {@link Ec2ErrorCode}'s codes and leaves
 * the world unchanged; the EBS direct APIs refuse with its subclass {@link DirectApiException},
 * which carries that API's codes and reasons. Thread-safe.
 */
public interface Ec2 {

  /** The account this client acts as. */
  AccountId account();

  /** The region this client acts in. */
  Region region();

  /** The caller's Recycle Bin in this region: retention rules, and the images and snapshots they keep. */
  RecycleBin recycleBin();

  /**
   * The dry run of this client: the same account and region, and every call answers as EC2
   * answers a request with {@code DryRun} set, changing nothing. A call runs the action's real
   * checks, under the region's lock, on the world as it is, and then throws {@link Ec2Exception}:
   *
   * <ul>
   *   <li>{@code DryRunOperation} when the call would have succeeded;
   *   <li>{@code UnauthorizedOperation} when the caller may not make it (a resource it sees but
   *       does not own, an image it may not launch: where the call refuses with {@code AuthFailure});
   *   <li>the call's own refusal otherwise: a malformed or unknown id, a resource the caller cannot
   *       see (not found, as for the call), a bad value or a wrong state.
   * </ul>
   *
   * <p>EC2's API reference defines DryRun as a check of permissions ("Checks whether you have the
   * required permissions for the action, without actually making the request"); here every check
   * the call makes runs first, so a dry run that answers {@code DryRunOperation} predicts that the
   * call, made now, succeeds. A separate client rather than a flag on each request: one line turns
   * a whole block of existing calls into a permission check, and the requests stay as the SDK's.
   * Reads answer {@code DryRunOperation} too, once their checks pass; the EBS direct APIs have no
   * DryRun and throw {@link UnsupportedOperationException}.
   */
  Ec2 dryRun();

  // ---- images

  /** RegisterImage: a new EBS-backed image from snapshots the caller may use; pending until its snapshots complete. */
  ImageId registerImage(RegisterImageRequest request);

  /** DescribeImages. */
  DescribeImagesResponse describeImages(DescribeImagesRequest request);

  /** DeregisterImage (owner only); the result lists what happened to each snapshot when asked to delete them. */
  List<DeleteSnapshotResult> deregisterImage(DeregisterImageRequest request);

  /** DescribeImageAttribute. */
  ImageAttribute describeImageAttribute(ImageId imageId, ImageAttributeName attribute);

  /** ModifyImageAttribute (owner only). */
  void modifyImageAttribute(ModifyImageAttributeRequest request);

  /** ResetImageAttribute: only {@code launchPermission}, which removes every explicit and public permission. */
  void resetImageAttribute(ImageId imageId, ImageAttributeName attribute);

  /** EnableImageDeprecation at {@code deprecateAt} (not in the past; rounded to the minute). */
  void enableImageDeprecation(ImageId imageId, Instant deprecateAt);

  /** DisableImageDeprecation. */
  void disableImageDeprecation(ImageId imageId);

  /** DisableImage: state {@code disabled}, every launch permission removed. */
  void disableImage(ImageId imageId);

  /** EnableImage: back to {@code available}; lost sharing is not restored. */
  void enableImage(ImageId imageId);

  /** EnableImageDeregistrationProtection; with cooldown, protection lasts 24 h after it is disabled. */
  void enableImageDeregistrationProtection(ImageId imageId, boolean withCooldown);

  /** DisableImageDeregistrationProtection. */
  void disableImageDeregistrationProtection(ImageId imageId);

  /** EnableImageBlockPublicAccess for this account in this region ({@code block-new-sharing}). */
  void enableImageBlockPublicAccess();

  /** DisableImageBlockPublicAccess. */
  void disableImageBlockPublicAccess();

  /** GetImageBlockPublicAccessState: {@code block-new-sharing} or {@code unblocked}. */
  String getImageBlockPublicAccessState();

  /** CreateTags on images, snapshots, volumes or instances; tags are visible only to the account that set them. */
  void createTags(List<? extends ResourceId> resources, List<Tag> tags);

  /**
   * DescribeTags: the caller's tags on the images it sees, the snapshots it may restore, and its
   * volumes and instances; filtered ({@link DescribeTagsRequest#filters()}) and paged (MaxResults 5 to 1000).
   */
  DescribeTagsResponse describeTags(DescribeTagsRequest request);

  /** DeleteTags: removes the caller's tags with these keys. */
  void deleteTags(List<? extends ResourceId> resources, List<String> keys);

  /** CopyImage into this region: new image and snapshots, owned by the caller. */
  ImageId copyImage(CopyImageRequest request);

  // ---- snapshots

  /** CreateSnapshot from a volume; pending with progress until the clock reaches its completion. */
  Snapshot createSnapshot(CreateSnapshotRequest request);

  /** DescribeSnapshots. */
  DescribeSnapshotsResponse describeSnapshots(DescribeSnapshotsRequest request);

  /** DeleteSnapshot (owner only); refused while an image uses it. */
  void deleteSnapshot(SnapshotId snapshotId);

  /** CopySnapshot into this region. */
  SnapshotId copySnapshot(CopySnapshotRequest request);

  /** ModifySnapshotAttribute for createVolumePermission. */
  void modifySnapshotAttribute(ModifySnapshotAttributeRequest request);

  /** DescribeSnapshotAttribute createVolumePermission (owner only). */
  List<LaunchPermission> describeSnapshotCreateVolumePermissions(SnapshotId snapshotId);

  /**
   * ModifySnapshotTier to {@code archive}: owner only, a completed snapshot no image uses; the
   * archive completes on the clock. Returns the tiering start time.
   */
  Instant modifySnapshotTier(SnapshotId snapshotId);

  /**
   * RestoreSnapshotTier of an archived snapshot: permanently, or for {@code temporaryRestoreDays}
   * (1–180, default 1) after which it is archived again; a temporary restore's period may be changed.
   */
  SnapshotTierRestore restoreSnapshotTier(SnapshotId snapshotId, java.util.Optional<Integer> temporaryRestoreDays, boolean permanentRestore);

  /** DescribeSnapshotTierStatus of the caller's snapshots. */
  List<SnapshotTierStatus> describeSnapshotTierStatus();

  // ---- volumes and their data

  /**
   * CreateVolume in one of the region's zones: empty, or from a snapshot (restored lazily); {@code
   * creating}, then {@code available}.
   *
   * @throws Ec2Exception {@code MissingParameter} without a zone, {@code InvalidZone.NotFound}
   *     for a zone the region does not have, and the codes of {@code VolumeLimits} (in {@code org.amisdk.model})
   */
  Volume createVolume(CreateVolumeRequest request);

  /** DescribeVolumes of the caller's volumes: by id, or filtered and paged (MaxResults 5 to 1000). */
  DescribeVolumesResponse describeVolumes(DescribeVolumesRequest request);

  /** DescribeVolumes of the caller's volumes, unpaged; all of them when {@code volumeIds} is empty. */
  default List<Volume> describeVolumes(List<VolumeId> volumeIds) {
    return describeVolumes(DescribeVolumesRequest.builder().volumeIds(volumeIds).build()).volumes();
  }

  /**
   * DeleteVolume: the volume is {@code deleting}, then gone; its bytes are freed at once.
   *
   * @throws Ec2Exception {@code VolumeInUse} while an attachment holds it
   */
  void deleteVolume(VolumeId volumeId);

  /**
   * AttachVolume: an available volume to a running or stopped instance of the caller in the same
   * Availability Zone, at a device name the instance does not use; the attachment is {@code
   * attaching}, then {@code attached}.
   *
   * @throws Ec2Exception {@code InvalidVolume.ZoneMismatch} across zones, {@code VolumeInUse} for
   *     an attached volume, {@code IncorrectState} for a creating or deleting one, {@code
   *     IncorrectInstanceState} for an instance neither running nor stopped, {@code
   *     InvalidParameterValue} for a device name that is invalid or in use
   */
  VolumeAttachment attachVolume(VolumeId volumeId, InstanceId instanceId, String device);

  /**
   * DetachVolume: the attachment is {@code detaching} until the detach time passes (at once with
   * Force), and the device is free on the instance at once.
   *
   * @throws Ec2Exception {@code IncorrectState} for a volume not attached, {@code
   *     InvalidAttachment.NotFound} when the instance or device named is not the attachment's,
   *     {@code IncorrectState} for the root volume of an instance that is not stopped
   */
  VolumeAttachment detachVolume(DetachVolumeRequest request);

  /**
   * DescribeAvailabilityZones: the zones of this region the request names and its filters match, in
   * order; volumes and instances live in one of them.
   *
   * @throws Ec2Exception {@code InvalidParameterValue} for a zone name or id the region does not
   *     have, or a filter the API reference does not list
   */
  List<AvailabilityZone> describeAvailabilityZones(DescribeAvailabilityZonesRequest request);

  /** DescribeAvailabilityZones without names or filters: every zone of this region, in order. */
  default List<AvailabilityZone> describeAvailabilityZones() {
    return describeAvailabilityZones(DescribeAvailabilityZonesRequest.builder().build());
  }

  /** Reads bytes of a volume the caller owns. */
  void readVolume(VolumeId volumeId, long position, byte[] target, int offset, int length);

  /** Writes bytes to a volume the caller owns. */
  void writeVolume(VolumeId volumeId, long position, byte[] source, int offset, int length);

  /** Imports a raw disk image file as a new snapshot owned by the caller (completed at once). */
  default Snapshot importSnapshot(Path rawImage, String description) {
    return importSnapshot(rawImage, description, ProgressListener.NONE);
  }

  /**
   * Imports a raw disk image file as a new snapshot owned by the caller, reporting progress to
   * {@code listener}. A listener that cancels gets {@link OperationCancelledException}
   * and no snapshot exists.
   */
  Snapshot importSnapshot(Path rawImage, String description, ProgressListener listener);

  /** Exports a snapshot the caller may restore to a raw file, byte for byte. */
  default void exportSnapshot(SnapshotId snapshotId, Path target) {
    exportSnapshot(snapshotId, target, ProgressListener.NONE);
  }

  /** Exports a snapshot to a raw file, reporting progress; a cancelled export leaves no file. */
  void exportSnapshot(SnapshotId snapshotId, Path target, ProgressListener listener);

  /** Exports a volume the caller owns to a raw file, byte for byte. */
  default void exportVolume(VolumeId volumeId, Path target) {
    exportVolume(volumeId, target, ProgressListener.NONE);
  }

  /** Exports a volume the caller owns to a raw file, reporting progress; a cancelled export leaves no file. */
  void exportVolume(VolumeId volumeId, Path target, ProgressListener listener);

  // ---- instances

  /**
   * RunInstances: one reservation of {@code maxCount} instances (each names its {@link
   * Instance#reservationId()}), root and data volumes restored lazily from the image's snapshots.
   */
  List<Instance> runInstances(RunInstancesRequest request);

  /** DescribeInstances of the caller's instances: by id, or filtered and paged (MaxResults 5 to 1000). */
  DescribeInstancesResponse describeInstances(DescribeInstancesRequest request);

  /** DescribeInstances of the caller's instances, unpaged; all of them when {@code instanceIds} is empty. */
  default List<Instance> describeInstances(List<InstanceId> instanceIds) {
    return describeInstances(DescribeInstancesRequest.builder().instanceIds(instanceIds).build()).instances();
  }

  /** StopInstances (EBS-backed only). */
  List<InstanceStateChange> stopInstances(List<InstanceId> instanceIds);

  /** StartInstances. */
  List<InstanceStateChange> startInstances(List<InstanceId> instanceIds);

  /** TerminateInstances: volumes with DeleteOnTermination are deleted. */
  List<InstanceStateChange> terminateInstances(List<InstanceId> instanceIds);

  /**
   * The size in bytes of the instance-store root of a running instance-store-backed instance the
   * caller owns: its image's size as bundled (10 GiB for a seeded image whose bundle is not in the
   * object store).
   */
  long instanceStoreSize(InstanceId instanceId);

  /**
   * Reads bytes of the instance-store root of a running instance the caller owns. That root is
   * unpacked from the image's bundle at launch, is not an EBS volume (no describeVolumes, no
   * snapshots), survives reboot and is gone on termination.
   *
   * @throws Ec2Exception {@code IncorrectInstanceState} unless the instance is
   *     running; {@code UnsupportedOperation} for an EBS-backed instance; {@code InvalidParameterValue}
   *     for a range outside the root
   */
  void readInstanceStore(InstanceId instanceId, long position, byte[] target, int offset, int length);

  /** Writes bytes to the instance-store root of a running instance the caller owns; refused as {@link #readInstanceStore} is. */
  void writeInstanceStore(InstanceId instanceId, long position, byte[] source, int offset, int length);

  /** RebootInstances: running instances only. */
  void rebootInstances(List<InstanceId> instanceIds);

  /** CreateImage from an instance: one snapshot per attached EBS volume. */
  ImageId createImage(CreateImageRequest request);

  // ---- EBS direct APIs (2019-11-02): snapshots written and read block by block

  /** StartSnapshot: a pending snapshot of the caller, listed by describeSnapshots, that blocks are written to. */
  Snapshot startSnapshot(StartSnapshotRequest request);

  /**
   * PutSnapshotBlock: writes block {@code blockIndex} (524,288 bytes) of a pending snapshot the
   * caller started; {@code checksum} is the base64 SHA-256 of {@code data} and must match it.
   */
  void putSnapshotBlock(String snapshotId, long blockIndex, byte[] data, String checksum);

  /** CompleteSnapshot: seals a pending snapshot once {@code changedBlocksCount} blocks were written; it is completed at once. */
  Snapshot completeSnapshot(String snapshotId, int changedBlocksCount);

  /** ListSnapshotBlocks: the written blocks of a completed snapshot the caller may restore, by ascending index. */
  SnapshotBlocks<SnapshotBlocks.Block> listSnapshotBlocks(String snapshotId, BlockPage page);

  /**
   * ListChangedBlocks: the blocks that differ between two completed snapshots of one lineage, or
   * every written block of the second when no first is given.
   */
  SnapshotBlocks<SnapshotBlocks.Changed> listChangedBlocks(java.util.Optional<String> firstSnapshotId, String secondSnapshotId,
      BlockPage page);

  /** GetSnapshotBlock: the bytes of a block a listing gave {@code blockToken} for, with their checksum. */
  SnapshotBlockData getSnapshotBlock(String snapshotId, long blockIndex, String blockToken);
}
