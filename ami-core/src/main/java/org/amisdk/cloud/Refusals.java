package org.amisdk.cloud;

import java.util.Collection;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
/** EC2's error codes the control plane uses beyond the model's, and the refusals with EC2's own message forms. */
final class Refusals {

  /** EC2's text for adding group {@code all} while image block public access is on. */
  static final String BLOCK_PUBLIC_ACCESS_MESSAGE = "You can't publicly share this image because block public access for AMIs "
      + "is enabled for this account. To publicly share the image, you must call the DisableImageBlockPublicAccess API.";

  private Refusals() {}

  /** {@code The image id '[ami-a]' does not exist}, or the plural form for several. */
  static Ec2Exception imagesNotFound(Collection<?> ids) {
    String list = String.join(", ", ids.stream().map(Object::toString).toList());
    return ids.size() == 1
        ? Ec2Exception.of(Ec2ErrorCode.INVALID_AMI_ID_NOT_FOUND, "The image id '[%s]' does not exist", list)
        : Ec2Exception.of(Ec2ErrorCode.INVALID_AMI_ID_NOT_FOUND, "The image ids '[%s]' do not exist", list);
  }

  static Ec2Exception snapshotNotFound(Object id) {
    return Ec2Exception.of(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND, "The snapshot '%s' does not exist.", id);
  }

  static Ec2Exception volumeNotFound(Object id) {
    return Ec2Exception.of(Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND, "The volume '%s' does not exist.", id);
  }

  static Ec2Exception instanceNotFound(Object id) {
    return Ec2Exception.of(Ec2ErrorCode.INVALID_INSTANCE_ID_NOT_FOUND, "The instance ID '%s' does not exist", id);
  }

  /** EC2's RunInstances text for an image the caller may not launch. */
  static Ec2Exception notAuthorizedForImage(Object id) {
    return Ec2Exception.of(Ec2ErrorCode.AUTH_FAILURE, "Not authorized for images: [%s]", id);
  }

  static Ec2Exception notOwner(String what, Object id, String action) {
    return Ec2Exception.of(Ec2ErrorCode.AUTH_FAILURE, "%s %s belongs to another account: only its owner may %s it", what, id, action);
  }
}
