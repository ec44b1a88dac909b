package org.amisdk.model;

/** The hypervisor an image runs on; only {@code xen} is in use. */
public enum Hypervisor implements WireValue {
  OVM("ovm"),
  XEN("xen");

  private final String wireValue;

  Hypervisor(String wireValue) {
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
  public static Hypervisor fromWireValue(String text) {
    return WireValues.parse(Hypervisor.class, "hypervisor", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
