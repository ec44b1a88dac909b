package org.amisdk.model;

import static java.util.Objects.requireNonNull;

/**
 * An expected refusal, carrying EC2's error code ({@code InvalidAMIID.Malformed}, {@code
 * InvalidBlockDeviceMapping}, ...) and a message naming the subject, the rule and the value.
 *
 * <p>The model throws it when a value breaks one of EC2's rules; the control plane throws it
 * (or a subclass) for its refusals. Callers branch on {@link #errorCode()}, never on the message.
 */
public class Ec2Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An AMI id (or kernel or ramdisk id) is not of EC2's form. */
  public static final String INVALID_AMI_ID_MALFORMED = "InvalidAMIID.Malformed";
  /** An AMI name breaks the length or character rules. */
  public static final String INVALID_AMI_NAME_MALFORMED = "InvalidAMIName.Malformed";
  /** A snapshot id is not of EC2's form. */
  public static final String INVALID_SNAPSHOT_ID_MALFORMED = "InvalidSnapshotID.Malformed";
  /** A volume id is not of EC2's form. */
  public static final String INVALID_VOLUME_ID_MALFORMED = "InvalidVolumeID.Malformed";
  /** An instance id is not of EC2's form. */
  public static final String INVALID_INSTANCE_ID_MALFORMED = "InvalidInstanceID.Malformed";
  /** An account id is not 12 digits. */
  public static final String INVALID_USER_ID_MALFORMED = "InvalidUserID.Malformed";
  /** A block device mapping parameter is not valid; the message says which. */
  public static final String INVALID_BLOCK_DEVICE_MAPPING = "InvalidBlockDeviceMapping";
  /** A generic bad value; the message says which. */
  public static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";
  /** Parameters that cannot be given together. */
  public static final String INVALID_PARAMETER_COMBINATION = "InvalidParameterCombination";
  /** A required parameter is missing. */
  public static final String MISSING_PARAMETER = "MissingParameter";
  /** A tag key is empty, too long, or uses the reserved {@code aws:} prefix. */
  public static final String INVALID_TAG_KEY_MALFORMED = "InvalidTagKey.Malformed";
  /** More than 50 user tags on one resource. */
  public static final String TAG_LIMIT_EXCEEDED = "TagLimitExceeded";
  /** A volume type EC2 does not know. */
  public static final String UNKNOWN_VOLUME_TYPE = "UnknownVolumeType";
  /** A volume type that cannot be a boot (root) volume, such as st1 or sc1. */
  public static final String BOOT_FOR_VOLUME_TYPE_UNSUPPORTED = "BootForVolumeTypeUnsupported";
  /** A Region name that is not of EC2's form. */
  public static final String INVALID_REGION = "InvalidRegion";
  /** A bad item in an image attribute, such as a launch permission. */
  public static final String INVALID_AMI_ATTRIBUTE_ITEM_VALUE = "InvalidAMIAttributeItemValue";

  private final String errorCode;

  /** Creates a refusal with EC2's {@code errorCode} and a message in the house grammar. */
  public Ec2Exception(String errorCode, String message) {
    super(requireNonNull(message, "message"));
    this.errorCode = requireNonNull(errorCode, "errorCode");
  }

  /** EC2's error code, e.g. {@code InvalidAMIID.Malformed}. */
  public String errorCode() {
    return errorCode;
  }

  @Override
  public String toString() {
    return errorCode + ": " + getMessage();
  }
}
