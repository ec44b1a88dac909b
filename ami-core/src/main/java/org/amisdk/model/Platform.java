package org.amisdk.model;

/** The platform of an image; EC2 reports only Windows (wire value {@code windows}) and leaves it absent otherwise. */
public enum Platform implements WireValue {
  WINDOWS("windows");

  private final String wireValue;

  Platform(String wireValue) {
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
  public static Platform fromWireValue(String text) {
    return WireValues.parse(Platform.class, "platform", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
