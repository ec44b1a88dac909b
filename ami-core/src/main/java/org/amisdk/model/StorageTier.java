package org.amisdk.model;

/** Where a snapshot is stored: the standard tier or the archive tier. */
public enum StorageTier implements WireValue {
  ARCHIVE("archive"),
  STANDARD("standard");

  private final String wireValue;

  StorageTier(String wireValue) {
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
  public static StorageTier fromWireValue(String text) {
    return WireValues.parse(StorageTier.class, "storage tier", Ec2ErrorCode.INVALID_PARAMETER_VALUE, text);
  }
}
