package org.amisdk.cloud;

import org.amisdk.model.SnapshotId;

/**
 * What DeregisterImage with DeleteAssociatedSnapshots did to one snapshot: {@code success}, or
 * {@code skipped} when another image uses it.
 */
public record DeleteSnapshotResult(SnapshotId snapshotId, String returnCode) {
  /** The snapshot was deleted. */
  public static final String SUCCESS = "success";
  /** The snapshot was kept because another image uses it. */
  public static final String SKIPPED = "skipped";
}
