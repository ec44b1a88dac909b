package org.amisdk.model;

/** How an image is virtualized: hardware (HVM) or paravirtual. */
public enum VirtualizationType implements WireValue {
  HVM("hvm"),
  PARAVIRTUAL("paravirtual");

  private final String wireValue;

  VirtualizationType(String wireValue) {
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
  public static VirtualizationType fromWireValue(String text) {
    return WireValues.parse(VirtualizationType.class, "virtualization type", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
