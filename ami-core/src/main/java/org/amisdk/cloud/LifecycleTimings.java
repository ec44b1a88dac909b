package org.amisdk.cloud;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the local cloud's asynchronous work takes, measured on its {@link java.time.Clock}:
 * an image from {@code pending} to {@code available}, a snapshot from {@code pending} to
 * {@code completed}, an instance from {@code pending} to {@code running}.
 *
 * <p>The defaults follow what EC2's documentation describes: an EBS-backed
 * instance boots in well under a minute because only the blocks needed to boot are fetched first;
 * an instance-store-backed one takes minutes, because every part of its bundle is fetched from
 * S3 before it boots, so its boot time grows with the bundle size. Snapshots take time in
 * proportion to the data they add. {@link #instant()} makes every transition immediate (a
 * pending state is still observable at the instant of creation).
 *
 * @param imageAvailable time from CreateImage/RegisterImage/CopyImage to {@code available},
 *     on top of the time its snapshots take
 * @param snapshotBase fixed part of a snapshot's time to {@code completed}
 * @param snapshotPerGiB time per GiB of data the snapshot adds
 * @param ebsBoot time from RunInstances/StartInstances to {@code running} for EBS-backed images
 * @param instanceStoreBootBase fixed part of an instance-store-backed boot
 * @param instanceStoreBootPerGiB time per GiB of bundle fetched before an instance-store boot
 * @param stop time from StopInstances to {@code stopped}
 * @param terminate time from TerminateInstances to {@code terminated}
 * @param volumeAvailable time from CreateVolume to {@code available}
 * @param volumeAttach time from AttachVolume to an {@code attached} attachment
 * @param volumeDetach time from DetachVolume (without Force) until the volume is {@code available}
 * @param volumeDelete time from DeleteVolume until the {@code deleting} volume no longer exists
 */
public record LifecycleTimings(
    Duration imageAvailable,
    Duration snapshotBase,
    Duration snapshotPerGiB,
    Duration ebsBoot,
    Duration instanceStoreBootBase,
    Duration instanceStoreBootPerGiB,
    Duration stop,
    Duration terminate,
    Duration volumeAvailable,
    Duration volumeAttach,
    Duration volumeDetach,
    Duration volumeDelete) {

  private static final double GIB = 1024.0 * 1024 * 1024;

  public LifecycleTimings {
    requireNonNegative("imageAvailable", imageAvailable);
    requireNonNegative("snapshotBase", snapshotBase);
    requireNonNegative("snapshotPerGiB", snapshotPerGiB);
    requireNonNegative("ebsBoot", ebsBoot);
    requireNonNegative("instanceStoreBootBase", instanceStoreBootBase);
    requireNonNegative("instanceStoreBootPerGiB", instanceStoreBootPerGiB);
    requireNonNegative("stop", stop);
    requireNonNegative("terminate", terminate);
    requireNonNegative("volumeAvailable", volumeAvailable);
    requireNonNegative("volumeAttach", volumeAttach);
    requireNonNegative("volumeDetach", volumeDetach);
    requireNonNegative("volumeDelete", volumeDelete);
  }

  /** The image, snapshot and instance timings, with every volume transition immediate. */
  public LifecycleTimings(Duration imageAvailable, Duration snapshotBase, Duration snapshotPerGiB, Duration ebsBoot,
      Duration instanceStoreBootBase, Duration instanceStoreBootPerGiB, Duration stop, Duration terminate) {
    this(imageAvailable, snapshotBase, snapshotPerGiB, ebsBoot, instanceStoreBootBase, instanceStoreBootPerGiB, stop, terminate,
        Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /**
   * The realistic defaults: images available 30 s after their snapshots, snapshots 5 s + 30 s
   * per GiB added, EBS-backed boots 20 s, instance-store boots 90 s + 60 s per GiB of bundle (a
   * full 10 GiB bundle: about 11.5 minutes), stops 15 s, terminations 10 s; volumes available
   * 5 s after CreateVolume, attached 5 s after AttachVolume, detached 10 s after DetachVolume,
   * gone 5 s after DeleteVolume.
   */
  public static LifecycleTimings realistic() {
    return new LifecycleTimings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(20), Duration.ofSeconds(90), Duration.ofSeconds(60),
        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(5));
  }

  /** Every transition completes at the instant it starts. */
  public static LifecycleTimings instant() {
    return new LifecycleTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
        Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /** The time a snapshot adding {@code addedBytes} takes to complete. */
  public Duration snapshotDuration(long addedBytes) {
    return snapshotBase.plus(scale(snapshotPerGiB, addedBytes));
  }

  /** The time an instance-store-backed instance with a bundle of {@code bundleBytes} takes to boot. */
  public Duration instanceStoreBoot(long bundleBytes) {
    return instanceStoreBootBase.plus(scale(instanceStoreBootPerGiB, bundleBytes));
  }

  private static Duration scale(Duration perGiB, long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("byte count " + bytes + " is negative");
    }
    return Duration.ofNanos(Math.round(perGiB.toNanos() * (bytes / GIB)));
  }

  private static void requireNonNegative(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " " + duration + " is negative");
    }
  }
}
