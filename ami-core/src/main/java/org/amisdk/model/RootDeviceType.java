package org.amisdk.model;

/** Where an image's root device lives: an EBS volume or the instance store. */
public enum RootDeviceType implements WireValue {
  EBS("ebs"),
  INSTANCE_STORE("instance-store");

  private final String wireValue;

  RootDeviceType(String wireValue) {
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
  public static RootDeviceType fromWireValue(String text) {
    return WireValues.parse(RootDeviceType.class, "root device type", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
