package org.amisdk.model;

/** The kind of image: a machine image, a kernel or a RAM disk. */
public enum ImageType implements WireValue {
  MACHINE("machine"),
  KERNEL("kernel"),
  RAMDISK("ramdisk");

  private final String wireValue;

  ImageType(String wireValue) {
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
  public static ImageType fromWireValue(String text) {
    return WireValues.parse(ImageType.class, "image type", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
