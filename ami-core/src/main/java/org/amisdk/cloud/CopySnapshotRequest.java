package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.immutables.value.Value;

/** CopySnapshot, called in the destination region. */
@Value.Immutable
public abstract class CopySnapshotRequest {
  CopySnapshotRequest() {}

  /** The snapshot to copy. */
  public abstract SnapshotId sourceSnapshotId();

  /** The region it is in. */
  public abstract Region sourceRegion();

  /** The copy's description. */
  public abstract Optional<String> description();

  /** Whether the copy is encrypted (only true may be asked). */
  @Value.Default
  public boolean encrypted() {
    return false;
  }

  /** The KMS key; needs {@code encrypted}. */
  public abstract Optional<String> kmsKeyId();

  /** TagSpecifications: the caller's tags on the copy (at most 50). */
  public abstract List<Tag> tags();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CopySnapshotRequest}. */
  public static final class Builder extends ImmutableCopySnapshotRequest.Builder {
    Builder() {}
  }
}
