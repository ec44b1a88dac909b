package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.ImageId;
import org.amisdk.model.Region;
import org.amisdk.model.Tag;
import org.immutables.value.Value;
/** CopyImage, called in the destination region: new image and new snapshots, owned by the caller. */
@Value.Immutable
public abstract class CopyImageRequest {
  CopyImageRequest() {}

  /** The image to copy. */
  public abstract ImageId sourceImageId();

  /** The region the image is in. */
  public abstract Region sourceRegion();

  /** The copy's name. */
  public abstract String name();

  /** The copy's description. */
  public abstract Optional<String> description();

  /** Whether the copy's snapshots are encrypted. */
  @Value.Default
  public boolean encrypted() {
    return false;
  }

  /** The KMS key; needs {@code encrypted}. */
  public abstract Optional<String> kmsKeyId();

  /** Whether the caller's own tags on the source are copied. */
  @Value.Default
  public boolean copyImageTags() {
    return false;
  }

  /** Tags for the copy (TagSpecifications {@code image}). */
  public abstract List<Tag> imageTags();

  /** Tags for every snapshot the copy makes (TagSpecifications {@code snapshot}). */
  public abstract List<Tag> snapshotTags();

  /**
   * A client token ("Ensuring idempotency in Amazon EC2 API requests"): a retry with the same token
   * and parameters returns the first call's image and changes nothing; at most 64 ASCII characters.
   */
  public abstract Optional<String> clientToken();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CopyImageRequest}. */
  public static final class Builder extends ImmutableCopyImageRequest.Builder {
    Builder() {}
  }
}
