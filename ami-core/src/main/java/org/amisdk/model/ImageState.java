package org.amisdk.model;

/** The state of an image; only {@code available} images can be launched. */
public enum ImageState implements WireValue {
  PENDING("pending"),
  AVAILABLE("available"),
  INVALID("invalid"),
  DEREGISTERED("deregistered"),
  TRANSIENT("transient"),
  FAILED("failed"),
  ERROR("error"),
  DISABLED("disabled");

  private final String wireValue;

  ImageState(String wireValue) {
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
  public static ImageState fromWireValue(String text) {
    return WireValues.parse(ImageState.class, "image state", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
