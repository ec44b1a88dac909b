package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeId;
import org.immutables.value.Value;

/** CreateSnapshot from a volume: incremental through the block store. */
@Value.Immutable
public abstract class CreateSnapshotRequest {
  CreateSnapshotRequest() {}

  /** The volume. */
  public abstract VolumeId volumeId();

  /** The description. */
  public abstract Optional<String> description();

  /** Tags for the snapshot. */
  public abstract List<Tag> tags();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CreateSnapshotRequest}. */
  public static final class Builder extends ImmutableCreateSnapshotRequest.Builder {
    Builder() {}
  }
}
