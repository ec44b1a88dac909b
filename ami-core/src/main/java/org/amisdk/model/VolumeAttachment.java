package org.amisdk.model;

import java.time.Instant;

/**
 * A volume's attachment to an instance as DescribeVolumes, AttachVolume and DetachVolume report
 * it: the instance, the device name, the attachment's state and since when the volume is attached.
 */
public record VolumeAttachment(
    VolumeId volumeId,
    InstanceId instanceId,
    String device,
    State state,
    Instant attachTime,
    boolean deleteOnTermination) {

  /** An attachment's state, with EC2's wire names. */
  public enum State implements WireValue {
    ATTACHING("attaching"),
    ATTACHED("attached"),
    DETACHING("detaching"),
    DETACHED("detached");

    private final String wireValue;

    State(String wireValue) {
      this.wireValue = wireValue;
    }

    @Override
    public String wireValue() {
      return wireValue;
    }
  }
}
