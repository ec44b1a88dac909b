package org.amisdk.cloud;

import java.util.Collection;
import org.amisdk.model.Ec2Exception;

/** EC2's error codes the control plane uses beyond the model's, and the refusals with EC2's own message forms. */
final class Refusals {
  static final String AMI_NOT_FOUND = "InvalidAMIID.NotFound";
  static final String AMI_UNAVAILABLE = "InvalidAMIID.Unavailable";
  static final String AMI_NAME_DUPLICATE = "InvalidAMIName.Duplicate";
  static final String AUTH_FAILURE = "AuthFailure";
  static final String SNAPSHOT_NOT_FOUND = "InvalidSnapshot.NotFound";
  static final String SNAPSHOT_IN_USE = "InvalidSnapshot.InUse";
  static final String VOLUME_NOT_FOUND = "InvalidVolume.NotFound";
  static final String VOLUME_IN_USE = "VolumeInUse";
  static final String INSTANCE_NOT_FOUND = "InvalidInstanceID.NotFound";
  static final String INCORRECT_INSTANCE_STATE = "IncorrectInstanceState";
  static final String INCORRECT_STATE = "IncorrectState";
  static final String UNSUPPORTED_OPERATION = "UnsupportedOperation";
  static final String OPERATION_NOT_PERMITTED = "OperationNotPermitted";
  static final String INVALID_PARAMETER_DEPENDENCY = "InvalidParameterDependency";
  static final String INVALID_ID = "InvalidID";
  static final String INVALID_NEXT_TOKEN = "InvalidNextToken";
  static final String INVALID_FILTER = "InvalidFilter";
  static final String INVALID_MANIFEST = "InvalidManifest";
  static final String CONCURRENT_SNAPSHOT_LIMIT = "ConcurrentSnapshotLimitExceeded";

  /** EC2's text for adding group {@code all} while image block public access is on (section 5). */
  static final String BLOCK_PUBLIC_ACCESS_MESSAGE = "You can't publicly share this image because block public access for AMIs "
      + "is enabled for this account. To publicly share the image, you must call the DisableImageBlockPublicAccess API.";

  private Refusals() {}

  static Ec2Exception refuse(String code, String format, Object... args) {
    return new Ec2Exception(code, String.format(format, args));
  }

  /** {@code The image id '[ami-a]' does not exist}, or the plural form for several. */
  static Ec2Exception imagesNotFound(Collection<?> ids) {
    String list = String.join(", ", ids.stream().map(Object::toString).toList());
    return ids.size() == 1
        ? refuse(AMI_NOT_FOUND, "The image id '[%s]' does not exist", list)
        : refuse(AMI_NOT_FOUND, "The image ids '[%s]' do not exist", list);
  }

  static Ec2Exception snapshotNotFound(Object id) {
    return refuse(SNAPSHOT_NOT_FOUND, "The snapshot '%s' does not exist.", id);
  }

  static Ec2Exception volumeNotFound(Object id) {
    return refuse(VOLUME_NOT_FOUND, "The volume '%s' does not exist.", id);
  }

  static Ec2Exception instanceNotFound(Object id) {
    return refuse(INSTANCE_NOT_FOUND, "The instance ID '%s' does not exist", id);
  }

  /** EC2's RunInstances text for an image the caller may not launch. */
  static Ec2Exception notAuthorizedForImage(Object id) {
    return refuse(AUTH_FAILURE, "Not authorized for images: [%s]", id);
  }

  static Ec2Exception notOwner(String what, Object id, String action) {
    return refuse(AUTH_FAILURE, "%s %s belongs to another account: only its owner may %s it", what, id, action);
  }
}
