package org.amisdk.cloud;

/** The image attributes DescribeImageAttribute, ModifyImageAttribute and ResetImageAttribute name. */
public enum ImageAttributeName {
  DESCRIPTION("description"),
  LAUNCH_PERMISSION("launchPermission"),
  IMDS_SUPPORT("imdsSupport"),
  LAST_LAUNCHED_TIME("lastLaunchedTime"),
  DEREGISTRATION_PROTECTION("deregistrationProtection"),
  BLOCK_DEVICE_MAPPING("blockDeviceMapping");

  private final String wireValue;

  ImageAttributeName(String wireValue) {
    this.wireValue = wireValue;
  }

  /** EC2's name, e.g. {@code launchPermission}. */
  public String wireValue() {
    return wireValue;
  }
}
