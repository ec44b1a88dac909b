package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.Tag;
import org.immutables.value.Value;

/**
 * StartSnapshot (EBS direct APIs): a new pending snapshot of the caller, written block by block
 * with {@link Ec2#putSnapshotBlock} and sealed with {@link Ec2#completeSnapshot}.
 */
@Value.Immutable
public abstract class StartSnapshotRequest {
  /** The timeout when none is given, in minutes (EBS direct APIs, StartSnapshot). */
  public static final int DEFAULT_TIMEOUT_MINUTES = 60;

  StartSnapshotRequest() {}

  /** The size of the volume the snapshot is of, in GiB (1 to 65,536). */
  public abstract long volumeSize();

  /** The snapshot this one continues: its blocks are the new snapshot's until overwritten. */
  public abstract Optional<String> parentSnapshotId();

  /** The description, at most 255 characters. */
  public abstract Optional<String> description();

  /** Tags for the snapshot. */
  public abstract List<Tag> tags();

  /** A token that makes a retried request return the snapshot the first one started. */
  public abstract Optional<String> clientToken();

  /**
   * Minutes after which the snapshot is cancelled (state {@code error}, its blocks freed) when no
   * block is written to it, or when it is not completed after its last block: 10 to 4,320, EBS's
   * default 60.
   */
  @Value.Default
  public int timeout() {
    return DEFAULT_TIMEOUT_MINUTES;
  }

  /** Whether the snapshot is recorded as encrypted (metadata only: the bytes are not encrypted). */
  @Value.Default
  public boolean encrypted() {
    return false;
  }

  /** The KMS key recorded for an encrypted snapshot (metadata only). */
  public abstract Optional<String> kmsKeyArn();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link StartSnapshotRequest}. */
  public static final class Builder extends ImmutableStartSnapshotRequest.Builder {
    Builder() {}
  }
}
