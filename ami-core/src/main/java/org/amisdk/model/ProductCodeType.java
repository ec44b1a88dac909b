package org.amisdk.model;

/** The kind of a product code: DevPay or AWS Marketplace. */
public enum ProductCodeType implements WireValue {
  DEVPAY("devpay"),
  MARKETPLACE("marketplace");

  private final String wireValue;

  ProductCodeType(String wireValue) {
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
  public static ProductCodeType fromWireValue(String text) {
    return WireValues.parse(ProductCodeType.class, "product code type", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
