package org.amisdk.endpoint;

import java.util.List;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.DescribeSnapshotsRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VolumeId;

/**
 * DryRun checks made of what the control plane shows the caller: an owner-only action is allowed
 * on what the caller owns, a launch or copy on what it may see (its launch or create-volume
 * permissions). The control plane has no dry-run call of its own yet; these checks only read.
 */
final class DryRunChecks {
  /** EC2's code for a DryRun the caller would not be allowed. */
  static final String UNAUTHORIZED_OPERATION = "UnauthorizedOperation";

  /** EC2's code for a DryRun that would have succeeded. */
  static final String DRY_RUN_OPERATION = "DryRunOperation";

  private DryRunChecks() {}

  /** The image as the caller sees it; the control plane's refusal (malformed, not found) when it cannot. */
  static Image visibleImage(Ec2 ec2, String imageId) {
    List<Image> images = ec2.describeImages(DescribeImagesRequest.builder().addImageIds(ImageId.parse(imageId)).includeDisabled(true).build()).images();
    if (images.isEmpty()) {
      throw new Ec2Exception("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist");
    }
    return images.get(0);
  }

  /** Allowed when the caller owns the image. */
  static void ownsImage(Call call, String imageId) {
    if (!visibleImage(call.ec2(), imageId).ownerId().equals(call.caller().account())) {
      throw unauthorized();
    }
  }

  /** The snapshot as the caller sees it. */
  static Snapshot visibleSnapshot(Ec2 ec2, String snapshotId) {
    List<Snapshot> snapshots =
        ec2.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(SnapshotId.parse(snapshotId)).build()).snapshots();
    if (snapshots.isEmpty()) {
      throw new Ec2Exception("InvalidSnapshot.NotFound", "The snapshot '" + snapshotId + "' does not exist.");
    }
    return snapshots.get(0);
  }

  /** Allowed when the caller owns the snapshot. */
  static void ownsSnapshot(Call call, String snapshotId) {
    if (!visibleSnapshot(call.ec2(), snapshotId).ownerId().equals(call.caller().account())) {
      throw unauthorized();
    }
  }

  /** Allowed when the caller owns the volume (the control plane shows callers only their own volumes). */
  static void ownsVolume(Call call, String volumeId) {
    call.ec2().describeVolumes(List.of(VolumeId.parse(volumeId)));
  }

  /** Allowed when the caller owns every instance. */
  static void ownsInstances(Call call, List<InstanceId> instanceIds) {
    call.ec2().describeInstances(instanceIds);
  }

  /** EC2's refusal of a DryRun the caller may not make. */
  static Ec2Exception unauthorized() {
    return new Ec2Exception(UNAUTHORIZED_OPERATION, "You are not authorized to perform this operation.");
  }
}
