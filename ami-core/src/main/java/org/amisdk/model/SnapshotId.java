package org.amisdk.model;

import java.util.random.RandomGenerator;

/** The id of an EBS snapshot, e.g. {@code snap-0123456789abcdef0} or the legacy {@code snap-1a2b3c4d}. */
public final class SnapshotId extends ResourceId {
  private SnapshotId(String id) {
    super(id);
  }

  /**
   * Parses {@code snap-} plus 8 or 17 lowercase hex digits.
   *
   * @throws Ec2Exception {@code InvalidSnapshotID.Malformed} when {@code text} is not of that form
   */
  public static SnapshotId parse(String text) {
    return new SnapshotId(checked("snap", Ec2ErrorCode.INVALID_SNAPSHOT_ID_MALFORMED, text));
  }

  /** A fresh 17-hex-digit id drawn from {@code random}. */
  public static SnapshotId random(RandomGenerator random) {
    return new SnapshotId(fresh("snap", random));
  }
}
