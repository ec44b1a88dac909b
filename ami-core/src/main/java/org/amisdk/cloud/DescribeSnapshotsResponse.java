package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.Snapshot;

/** A page of DescribeSnapshots: the snapshots the caller may see and the next page's token. */
public record DescribeSnapshotsResponse(List<Snapshot> snapshots, Optional<String> nextToken) {
  /** Copies the list. */
  public DescribeSnapshotsResponse {
    snapshots = List.copyOf(snapshots);
  }
}
