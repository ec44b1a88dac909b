package org.amisdk.model;

/** NitroTPM support; {@code v2.0} is the only value. */
public enum TpmSupport implements WireValue {
  V2_0("v2.0");

  private final String wireValue;

  TpmSupport(String wireValue) {
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
  public static TpmSupport fromWireValue(String text) {
    return WireValues.parse(TpmSupport.class, "TPM support", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
