package org.amisdk.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An EBS volume as DescribeVolumes reports it; {@code attachedTo} is set while an instance holds it. */
public record Volume(
    VolumeId volumeId,
    AccountId ownerId,
    int size,
    Optional<SnapshotId> snapshotId,
    VolumeType volumeType,
    boolean encrypted,
    Instant createTime,
    Optional<InstanceId> attachedTo,
    List<Tag> tags) {

  /** Copies the list. */
  public Volume {
    tags = List.copyOf(tags);
  }

  /** {@code in-use} while attached, {@code available} otherwise. */
  public String state() {
    return attachedTo.isPresent() ? "in-use" : "available";
  }
}
