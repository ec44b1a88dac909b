package org.amisdk.model;

/** The firmware an image boots with; {@code uefi-preferred} supports both UEFI and BIOS. */
public enum BootMode implements WireValue {
  LEGACY_BIOS("legacy-bios"),
  UEFI("uefi"),
  UEFI_PREFERRED("uefi-preferred");

  private final String wireValue;

  BootMode(String wireValue) {
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
  public static BootMode fromWireValue(String text) {
    return WireValues.parse(BootMode.class, "boot mode", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
