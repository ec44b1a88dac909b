package org.amisdk.cloud;

import java.util.List;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.SnapshotId;
import org.immutables.value.Value;
/** ModifySnapshotAttribute for {@code createVolumePermission}: add or remove accounts and group {@code all}, not both in one call. */
@Value.Immutable
public abstract class ModifySnapshotAttributeRequest {
  ModifySnapshotAttributeRequest() {}

  /** The snapshot id. */
  public abstract SnapshotId snapshotId();

  /** Permissions to add (accounts or everyone). */
  public abstract List<LaunchPermission> add();

  /** Permissions to remove. */
  public abstract List<LaunchPermission> remove();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ModifySnapshotAttributeRequest}. */
  public static final class Builder extends ImmutableModifySnapshotAttributeRequest.Builder {
    Builder() {}
  }
}
