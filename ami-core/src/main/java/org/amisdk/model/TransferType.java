package org.amisdk.model;

/** How a snapshot copy is transferred: time-based or standard. */
public enum TransferType implements WireValue {
  TIME_BASED("time-based"),
  STANDARD("standard");

  private final String wireValue;

  TransferType(String wireValue) {
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
  public static TransferType fromWireValue(String text) {
    return WireValues.parse(TransferType.class, "transfer type", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
