package org.amisdk.model;

/** A processor architecture. */
public enum Architecture implements WireValue {
  I386("i386"),
  X86_64("x86_64"),
  ARM64("arm64"),
  X86_64_MAC("x86_64_mac"),
  ARM64_MAC("arm64_mac");

  private final String wireValue;

  Architecture(String wireValue) {
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
  public static Architecture fromWireValue(String text) {
    return WireValues.parse(Architecture.class, "architecture", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
