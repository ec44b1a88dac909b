package org.amisdk.model;

/** The state of a snapshot; only {@code completed} snapshots can be used. */
public enum SnapshotState implements WireValue {
  PENDING("pending"),
  COMPLETED("completed"),
  ERROR("error"),
  RECOVERABLE("recoverable"),
  RECOVERING("recovering");

  private final String wireValue;

  SnapshotState(String wireValue) {
    this.wireValue = wireValue;
  }

  @Override
  public String wireValue() {
    return wireValue;
  }

  /**
   * The constant whose wire value is {@code text}.
   *
   * @throws Ec2Exception {@code InvalidParameterValue} naming the value and the allowed ones
   */
  public static SnapshotState fromWireValue(String text) {
    return WireValues.parse(SnapshotState.class, "snapshot state", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
