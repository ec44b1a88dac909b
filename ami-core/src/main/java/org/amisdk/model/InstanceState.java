package org.amisdk.model;

/** An instance's state, with EC2's wire names. */
public enum InstanceState {
  PENDING("pending"),
  RUNNING("running"),
  SHUTTING_DOWN("shutting-down"),
  TERMINATED("terminated"),
  STOPPING("stopping"),
  STOPPED("stopped");

  private final String wireValue;

  InstanceState(String wireValue) {
    this.wireValue = wireValue;
  }

  /** EC2's name, e.g. {@code shutting-down}. */
  public String wireValue() {
    return wireValue;
  }
}
