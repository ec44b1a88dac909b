package org.amisdk.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An instance as DescribeInstances reports it, its state computed from the clock; {@code
 * reservationId} names the reservation of the RunInstances that launched it, {@code
 * availabilityZone} its placement.
 */
public record Instance(
    InstanceId instanceId,
    ReservationId reservationId,
    AccountId ownerId,
    ImageId imageId,
    String instanceType,
    Architecture architecture,
    InstanceState state,
    Instant launchTime,
    String availabilityZone,
    RootDeviceType rootDeviceType,
    Optional<String> rootDeviceName,
    List<Attachment> blockDeviceMappings,
    List<Tag> tags) {

  /** Copies the lists. */
  public Instance {
    blockDeviceMappings = List.copyOf(blockDeviceMappings);
    tags = List.copyOf(tags);
  }

  /** An EBS volume attached at a device. */
  public record Attachment(String deviceName, VolumeId volumeId, boolean deleteOnTermination) {}
}
