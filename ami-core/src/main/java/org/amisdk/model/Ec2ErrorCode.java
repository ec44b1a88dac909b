package org.amisdk.model;

/**
 * EC2's error codes, as {@link Ec2Exception#errorCode()} reports them; callers compare against
 * these constants. Each is spelled as in EC2's API reference ("Error codes for the Amazon EC2
 * API"); the coverage page {@code docs/ec2-coverage.md} lists where the control plane uses them.
 */
public final class Ec2ErrorCode {
  /** An AMI id (or kernel or ramdisk id) is not of EC2's form. */
  public static final String INVALID_AMI_ID_MALFORMED = "InvalidAMIID.Malformed";
  /** No image with that id is visible to the caller. */
  public static final String INVALID_AMI_ID_NOT_FOUND = "InvalidAMIID.NotFound";
  /** The image exists but is not available for the operation (pending, failed, deregistered). */
  public static final String INVALID_AMI_ID_UNAVAILABLE = "InvalidAMIID.Unavailable";
  /** An AMI name breaks the length or character rules. */
  public static final String INVALID_AMI_NAME_MALFORMED = "InvalidAMIName.Malformed";
  /** The caller already owns an image of that name in the region. */
  public static final String INVALID_AMI_NAME_DUPLICATE = "InvalidAMIName.Duplicate";
  /** A bad item in an image attribute, such as a launch permission. */
  public static final String INVALID_AMI_ATTRIBUTE_ITEM_VALUE = "InvalidAMIAttributeItemValue";
  /** A snapshot id is not of EC2's form. */
  public static final String INVALID_SNAPSHOT_ID_MALFORMED = "InvalidSnapshotID.Malformed";
  /** No snapshot with that id is visible to the caller. */
  public static final String INVALID_SNAPSHOT_NOT_FOUND = "InvalidSnapshot.NotFound";
  /** The snapshot is used by a registered image. */
  public static final String INVALID_SNAPSHOT_IN_USE = "InvalidSnapshot.InUse";
  /** A volume id is not of EC2's form. */
  public static final String INVALID_VOLUME_ID_MALFORMED = "InvalidVolumeID.Malformed";
  /** No volume with that id belongs to the caller. */
  public static final String INVALID_VOLUME_NOT_FOUND = "InvalidVolume.NotFound";
  /** The volume is attached to an instance. */
  public static final String VOLUME_IN_USE = "VolumeInUse";
  /** An instance id is not of EC2's form. */
  public static final String INVALID_INSTANCE_ID_MALFORMED = "InvalidInstanceID.Malformed";
  /** A reservation id is not of EC2's form. */
  public static final String INVALID_RESERVATION_ID_MALFORMED = "InvalidReservationID.Malformed";
  /** No instance with that id belongs to the caller. */
  public static final String INVALID_INSTANCE_ID_NOT_FOUND = "InvalidInstanceID.NotFound";
  /** The instance is not in a state the operation accepts. */
  public static final String INCORRECT_INSTANCE_STATE = "IncorrectInstanceState";
  /** The resource is not in a state the operation accepts. */
  public static final String INCORRECT_STATE = "IncorrectState";
  /** An account id is not 12 digits. */
  public static final String INVALID_USER_ID_MALFORMED = "InvalidUserID.Malformed";
  /** A resource id of no kind the action knows. */
  public static final String INVALID_ID = "InvalidID";
  /** A block device mapping parameter is not valid; the message says which. */
  public static final String INVALID_BLOCK_DEVICE_MAPPING = "InvalidBlockDeviceMapping";
  /** A generic bad value; the message says which. */
  public static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";
  /** A client token reused with other parameters (or for another action). */
  public static final String IDEMPOTENT_PARAMETER_MISMATCH = "IdempotentParameterMismatch";
  /** Parameters that cannot be given together. */
  public static final String INVALID_PARAMETER_COMBINATION = "InvalidParameterCombination";
  /** A parameter needs another that is missing. */
  public static final String INVALID_PARAMETER_DEPENDENCY = "InvalidParameterDependency";
  /** A required parameter is missing. */
  public static final String MISSING_PARAMETER = "MissingParameter";
  /** A paging token this describe did not hand out. */
  public static final String INVALID_NEXT_TOKEN = "InvalidNextToken";
  /** A filter name the action does not support. */
  public static final String INVALID_FILTER = "InvalidFilter";
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
  /** An Availability Zone the region does not have. */
  public static final String INVALID_AVAILABILITY_ZONE = "InvalidAvailabilityZone";
  /** The caller may not act on the resource. */
  public static final String AUTH_FAILURE = "AuthFailure";
  /** A DryRun request the caller is not permitted to make. */
  public static final String UNAUTHORIZED_OPERATION = "UnauthorizedOperation";
  /** A DryRun request that would have succeeded; nothing changed. */
  public static final String DRY_RUN_OPERATION = "DryRunOperation";
  /** The operation is not supported for this resource. */
  public static final String UNSUPPORTED_OPERATION = "UnsupportedOperation";
  /** The operation is not permitted in the resource's current configuration. */
  public static final String OPERATION_NOT_PERMITTED = "OperationNotPermitted";
  /** An instance-store bundle manifest that cannot be used. */
  public static final String INVALID_MANIFEST = "InvalidManifest";
  /** Too many snapshots of one volume in progress. */
  public static final String CONCURRENT_SNAPSHOT_LIMIT_EXCEEDED = "ConcurrentSnapshotLimitExceeded";
  /** A volume and an instance in different Availability Zones. */
  public static final String INVALID_VOLUME_ZONE_MISMATCH = "InvalidVolume.ZoneMismatch";
  /** An Availability Zone name the region does not have (CreateVolume, DescribeAvailabilityZones). */
  public static final String INVALID_ZONE_NOT_FOUND = "InvalidZone.NotFound";
  /** DetachVolume names an instance or device the volume is not attached to. */
  public static final String INVALID_ATTACHMENT_NOT_FOUND = "InvalidAttachment.NotFound";

  /** Recycle Bin (rbin API): a request breaks a rule of the API (range, length, combination). */
  public static final String RBIN_VALIDATION = "ValidationException";
  /** Recycle Bin (rbin API): no retention rule of the caller has that identifier. */
  public static final String RBIN_RESOURCE_NOT_FOUND = "ResourceNotFoundException";
  /** Recycle Bin (rbin API): the region already has the most retention rules an account may have. */
  public static final String RBIN_QUOTA_EXCEEDED = "ServiceQuotaExceededException";

  private Ec2ErrorCode() {}
}
