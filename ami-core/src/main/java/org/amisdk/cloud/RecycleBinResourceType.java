package org.amisdk.cloud;

import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;

/** The resource types a Recycle Bin retention rule retains, with the rbin API's wire values. */
public enum RecycleBinResourceType {
  /** Deleted EBS snapshots. */
  EBS_SNAPSHOT,
  /** Deregistered EBS-backed images. */
  EC2_IMAGE;

  /** The wire value: {@code EBS_SNAPSHOT} or {@code EC2_IMAGE}. */
  public String wireValue() {
    return name();
  }

  /** The type whose wire value is {@code value}; a {@code ValidationException} for any other. */
  public static RecycleBinResourceType fromWireValue(String value) {
    for (RecycleBinResourceType type : values()) {
      if (type.name().equals(value)) {
        return type;
      }
    }
    throw Ec2Exception.of(Ec2ErrorCode.RBIN_VALIDATION,
        "resource type %s is not supported: EBS_SNAPSHOT or EC2_IMAGE", value);
  }
}
