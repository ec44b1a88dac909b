package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.SnapshotId;
import org.immutables.value.Value;
/** DescribeSnapshots: ids, owners, restorable-by users and filters, all applied together. */
@Value.Immutable
public abstract class DescribeSnapshotsRequest {
  DescribeSnapshotsRequest() {}

  /** Snapshot ids, as text so a malformed one is reported with EC2's error. */
  public abstract List<SnapshotId> snapshotIds();

  /** Account ids, {@code self} or {@code amazon}. */
  public abstract List<String> ownerIds();

  /** Account ids, {@code self} or {@code all}. */
  public abstract List<String> restorableByUserIds();

  /** Filters (see the repository's docs/ec2-coverage.md). */
  public abstract List<Filter> filters();

  /** Page size, 5–1000 (larger is capped); not with snapshot ids. */
  public abstract Optional<Integer> maxResults();

  /** The token of the page to read. */
  public abstract Optional<String> nextToken();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DescribeSnapshotsRequest}. */
  public static final class Builder extends ImmutableDescribeSnapshotsRequest.Builder {
    Builder() {}
  }
}
