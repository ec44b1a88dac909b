package org.amisdk.model;

/** The server-side encryption type of a snapshot. */
public enum SseType implements WireValue {
  SSE_EBS("sse-ebs"),
  SSE_KMS("sse-kms"),
  NONE("none");

  private final String wireValue;

  SseType(String wireValue) {
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
  public static SseType fromWireValue(String text) {
    return WireValues.parse(SseType.class, "SSE type", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
