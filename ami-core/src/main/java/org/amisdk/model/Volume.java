package org.amisdk.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An EBS volume as DescribeVolumes reports it: where it lives (its Availability Zone), what it is
 * (size, type, IOPS, throughput, encryption and KMS key), its state on the clock and the
 * attachment that holds it, if any.
 */
public record Volume(
    VolumeId volumeId,
    AccountId ownerId,
    int size,
    Optional<SnapshotId> snapshotId,
    VolumeType volumeType,
    boolean encrypted,
    Optional<String> kmsKeyId,
    Optional<Integer> iops,
    Optional<Integer> throughput,
    String availabilityZone,
    VolumeState state,
    Instant createTime,
    List<VolumeAttachment> attachments,
    List<Tag> tags) {

  /** Copies the lists. */
  public Volume {
    attachments = List.copyOf(attachments);
    tags = List.copyOf(tags);
  }

  /** The instance the volume is attached to (or being attached to or detached from), if any. */
  public Optional<InstanceId> attachedTo() {
    return attachments.stream().findFirst().map(VolumeAttachment::instanceId);
  }
}
