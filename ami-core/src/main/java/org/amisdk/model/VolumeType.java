package org.amisdk.model;

/** An EBS volume type. */
public enum VolumeType implements WireValue {
  STANDARD("standard"),
  IO1("io1"),
  IO2("io2"),
  GP2("gp2"),
  SC1("sc1"),
  ST1("st1"),
  GP3("gp3");

  private final String wireValue;

  VolumeType(String wireValue) {
    this.wireValue = wireValue;
  }

  @Override
  public String wireValue() {
    return wireValue;
  }

  /**
   * The constant whose wire value is {@code text}.
   *
   * @throws Ec2Exception {@code UnknownVolumeType} naming the value and the allowed ones
   */
  public static VolumeType fromWireValue(String text) {
    return WireValues.parse(VolumeType.class, "volume type", Ec2ErrorCode.UNKNOWN_VOLUME_TYPE, text);
  }
}
