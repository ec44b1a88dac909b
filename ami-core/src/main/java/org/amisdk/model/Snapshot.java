package org.amisdk.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * An EBS snapshot with every field of EC2's {@code DescribeSnapshots} {@code Snapshot} shape.
 *
 * <p>Rules checked at build time: the volume size is 1–65,536 GiB; progress is 0–100 and 100 for
 * a completed snapshot; the description is at most 255 characters; a KMS key needs {@code
 * encrypted} true; a completion time is not before the start time; at most 50 user tags with
 * unique keys. Build with {@link #builder()}.
 */
@Value.Immutable
public abstract class Snapshot {
  /** Longest snapshot description. */
  public static final int MAX_DESCRIPTION_LENGTH = 255;

  Snapshot() {}

  /** The snapshot id. */
  public abstract SnapshotId snapshotId();

  /** The volume it was taken from (arbitrary for copies). */
  public abstract Optional<VolumeId> volumeId();

  /** The state. */
  public abstract SnapshotState state();

  /** Error details, e.g. for a failed encrypted copy. */
  public abstract Optional<String> stateMessage();

  /** When the snapshot was started. */
  public abstract Instant startTime();

  /** Progress in percent, 0–100 (wire: {@code "87%"}). */
  public abstract Optional<Integer> progress();

  /** The owning account. */
  public abstract AccountId ownerId();

  /** {@code amazon} for Amazon's snapshots, absent otherwise. */
  public abstract Optional<String> ownerAlias();

  /** The description, possibly empty, at most 255 characters. */
  public abstract Optional<String> description();

  /** The size of the source volume, in GiB. */
  public abstract int volumeSize();

  /** The tags visible to the caller. */
  public abstract List<Tag> tags();

  /** Whether the snapshot is encrypted; absent when not stated. */
  public abstract Optional<Boolean> encrypted();

  /** The KMS key ARN of an encrypted snapshot. */
  public abstract Optional<String> kmsKeyId();

  /** The data encryption key id; the same value means the same lineage. */
  public abstract Optional<String> dataEncryptionKeyId();

  /** The server-side encryption type. */
  public abstract Optional<SseType> sseType();

  /** The Outpost the snapshot is on. */
  public abstract Optional<String> outpostArn();

  /** The Local Zone of the snapshot. */
  public abstract Optional<String> availabilityZone();

  /** The storage tier. */
  public abstract Optional<StorageTier> storageTier();

  /** When a temporarily restored archived snapshot goes back to the archive. */
  public abstract Optional<Instant> restoreExpiryTime();

  /** How a copy is transferred. */
  public abstract Optional<TransferType> transferType();

  /** The completion duration requested for a time-based copy, in minutes. */
  public abstract Optional<Integer> completionDurationMinutes();

  /** When the snapshot completed. */
  public abstract Optional<Instant> completionTime();

  /** The full size of the snapshot's data, in bytes. */
  public abstract Optional<Long> fullSnapshotSizeInBytes();

  /** Whether the snapshot is encrypted, taking an absent flag as false. */
  public final boolean isEncrypted() {
    return encrypted().orElse(false);
  }

  /** A builder; snapshot id, state, start time, owner and volume size are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Snapshot}; {@code build()} checks every rule. */
  public static final class Builder extends ImmutableSnapshot.Builder {
    Builder() {}
  }

  @Value.Check
  void check() {
    String bad = Ec2ErrorCode.INVALID_PARAMETER_VALUE;
    Rules.inRange("snapshot volume size (GiB)", volumeSize(), 1, 65_536, bad);
    progress().ifPresent(p -> Rules.inRange("snapshot progress (%)", p, 0, 100, bad));
    if (state() == SnapshotState.COMPLETED && progress().isPresent() && progress().get() != 100) {
      throw new Ec2Exception(bad, String.format(
          "snapshot %s is completed at %d%%: a completed snapshot is at 100%%", snapshotId(), progress().get()));
    }
    description().ifPresent(d -> Text.atMost("snapshot description", d, MAX_DESCRIPTION_LENGTH, bad));
    for (Optional<String> text : List.of(stateMessage(), ownerAlias(), dataEncryptionKeyId(), outpostArn(), availabilityZone())) {
      text.ifPresent(t -> Text.atMost("snapshot text field", t, 2048, bad));
    }
    if (kmsKeyId().isPresent()) {
      Text.atMost("KMS key id", kmsKeyId().get(), 2048, bad);
      if (!isEncrypted()) {
        throw new Ec2Exception(bad, String.format(
            "snapshot %s names KMS key \"%s\" but is not encrypted: KmsKeyId needs Encrypted true",
            snapshotId(), Text.shorten(kmsKeyId().get())));
      }
    }
    if (completionTime().isPresent() && completionTime().get().isBefore(startTime())) {
      throw new Ec2Exception(bad, String.format(
          "snapshot %s completed at %s before it started at %s: completion cannot precede the start",
          snapshotId(), completionTime().get(), startTime()));
    }
    completionDurationMinutes().ifPresent(m -> Rules.inRange("completion duration (minutes)", m, 1, Integer.MAX_VALUE, bad));
    fullSnapshotSizeInBytes().ifPresent(b -> Rules.inRange("full snapshot size (bytes)", b, 0, Long.MAX_VALUE, bad));
    Rules.tags("snapshot", snapshotId(), tags());
  }
}
