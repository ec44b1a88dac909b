package org.amisdk.model;

/** A volume's state, with EC2's wire names; computed from the clock as the volume is created, attached and deleted. */
public enum VolumeState implements WireValue {
  CREATING("creating"),
  AVAILABLE("available"),
  IN_USE("in-use"),
  DELETING("deleting");

  private final String wireValue;

  VolumeState(String wireValue) {
    this.wireValue = wireValue;
  }

  @Override
  public String wireValue() {
    return wireValue;
  }
}
