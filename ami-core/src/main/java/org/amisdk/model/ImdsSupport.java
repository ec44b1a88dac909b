package org.amisdk.model;

/** Instance metadata service support; {@code v2.0} makes launched instances require IMDSv2. */
public enum ImdsSupport implements WireValue {
  V2_0("v2.0");

  private final String wireValue;

  ImdsSupport(String wireValue) {
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
  public static ImdsSupport fromWireValue(String text) {
    return WireValues.parse(ImdsSupport.class, "IMDS support", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
