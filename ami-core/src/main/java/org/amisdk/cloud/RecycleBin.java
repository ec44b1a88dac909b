package org.amisdk.cloud;

import java.util.List;
import org.amisdk.model.ImageId;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;

/**
 * The Recycle Bin of one account in one region, reached through {@link Ec2#recycleBin()}: the
 * retention rules (the rbin API) and the four EC2 actions on what the rules retained.
 *
 * <p>When the caller deregisters an EBS-backed image or deletes a snapshot that one of its rules of
 * that type retains (the longest retention wins when several do), the resource goes to the bin
 * instead of away: it leaves DescribeImages and DescribeSnapshots and cannot be used, but keeps its
 * permissions, tags and stored bytes; a binned image's name is free for a new image meanwhile. At
 * its exit time (enter time plus the rule's days, on the cloud's clock) it is deleted for good by
 * the next change in the region, and its bytes are freed. Rule refusals carry rbin's codes
 * ({@code ValidationException}, {@code ResourceNotFoundException}, {@code
 * ServiceQuotaExceededException}); the EC2 actions' carry EC2's.
 */
public interface RecycleBin {

  /** rbin CreateRule: a new rule of the caller (at most 250 per region). */
  RetentionRule createRule(RetentionRuleRequest request);

  /** rbin GetRule: one of the caller's rules, or {@code ResourceNotFoundException}. */
  RetentionRule getRule(String identifier);

  /** rbin ListRules: the caller's rules of {@code type}, by identifier. */
  List<RetentionRule> listRules(RecycleBinResourceType type);

  /** rbin UpdateRule: replaces what the rule retains; its resource type cannot change. */
  RetentionRule updateRule(String identifier, RetentionRuleRequest request);

  /** rbin DeleteRule; what the rule already retained stays in the bin until its exit time. */
  void deleteRule(String identifier);

  /** ListImagesInRecycleBin: the caller's binned images, all or those of {@code imageIds} (at most 20), by id. */
  List<RecycleBinImage> listImagesInRecycleBin(List<ImageId> imageIds);

  /**
   * RestoreImageFromRecycleBin: the image is registered again with its permissions and tags; every
   * snapshot it maps must exist outside the bin first ({@code IncorrectState} when one is still
   * binned, {@code InvalidSnapshot.NotFound} when one is gone).
   */
  void restoreImageFromRecycleBin(ImageId imageId);

  /** ListSnapshotsInRecycleBin: the caller's binned snapshots, all or those of {@code snapshotIds}, by id. */
  List<RecycleBinSnapshot> listSnapshotsInRecycleBin(List<SnapshotId> snapshotIds);

  /** RestoreSnapshotFromRecycleBin: the snapshot is back, with its blocks, permissions and tags, as DescribeSnapshots shows it. */
  Snapshot restoreSnapshotFromRecycleBin(SnapshotId snapshotId);
}
