package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImdsSupport;
import org.amisdk.model.LaunchPermission;
import org.immutables.value.Value;
/** ModifyImageAttribute: one attribute per call, launch permissions added and/or removed, a description or IMDS support. */
@Value.Immutable
public abstract class ModifyImageAttributeRequest {
  ModifyImageAttributeRequest() {}

  /** The image id. */
  public abstract ImageId imageId();

  /** Launch permissions to add. */
  public abstract List<LaunchPermission> launchPermissionAdd();

  /** Launch permissions to remove. */
  public abstract List<LaunchPermission> launchPermissionRemove();

  /** A new description. */
  public abstract Optional<String> description();

  /** IMDS support to set ({@code v2.0} cannot be undone). */
  public abstract Optional<ImdsSupport> imdsSupport();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ModifyImageAttributeRequest}. */
  public static final class Builder extends ImmutableModifyImageAttributeRequest.Builder {
    Builder() {}
  }
}
