package org.amisdk.cloud;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
/**
 * Waiters like the SDK's ({@code ImageAvailable}, {@code SnapshotCompleted}, {@code
 * InstanceRunning}): poll, then sleep, up to a number of attempts. The {@link Sleeper} decides
 * what a sleep is: {@link Sleeper#real()} sleeps the thread (for a cloud on the system clock); a
 * test passes one that advances its mutable clock, so waiting takes no wall time.
 */
public final class Waiters {
  /** The SDK's defaults: 15 s between polls, 40 attempts. */
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(15);
  /** The SDK's default number of attempts. */
  public static final int DEFAULT_ATTEMPTS = 40;

  /** How a waiter lets time pass between polls. */
  @FunctionalInterface
  public interface Sleeper {
    /** Lets {@code duration} pass. */
    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps the calling thread. */
    static Sleeper real() {
      return duration -> Thread.sleep(duration.toMillis());
    }
  }

  private final Ec2 client;
  private final Sleeper sleeper;
  private final Duration delay;
  private final int attempts;

  private Waiters(Ec2 client, Sleeper sleeper, Duration delay, int attempts) {
    this.client = Objects.requireNonNull(client, "client");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.delay = Objects.requireNonNull(delay, "delay");
    if (attempts < 1 || delay.isNegative()) {
      throw new IllegalArgumentException("waiter attempts " + attempts + " and delay " + delay + ": at least one attempt, no negative delay");
    }
    this.attempts = attempts;
  }

  /** Waiters with the SDK's defaults, sleeping the thread. */
  public static Waiters of(Ec2 client) {
    return new Waiters(client, Sleeper.real(), DEFAULT_DELAY, DEFAULT_ATTEMPTS);
  }

  /** Waiters polling every {@code delay}, at most {@code attempts} times, letting time pass with {@code sleeper}. */
  public static Waiters of(Ec2 client, Sleeper sleeper, Duration delay, int attempts) {
    return new Waiters(client, sleeper, delay, attempts);
  }

  /**
   * Waits until the image is {@code available}.
   *
   * @throws IllegalStateException when it becomes {@code failed} or is still not available after the last attempt
   */
  public Image waitUntilImageAvailable(ImageId id) {
    return poll("image " + id, () -> client.describeImages(DescribeImagesRequest.builder().addImageIds(id)
            .includeDisabled(true).build()).images().get(0),
        image -> image.state() == ImageState.AVAILABLE ? Boolean.TRUE : image.state() == ImageState.FAILED ? Boolean.FALSE : null,
        image -> image.state().wireValue());
  }

  /**
   * Waits until the snapshot is {@code completed}.
   *
   * @throws IllegalStateException when it becomes {@code error} or is still pending after the last attempt
   */
  public Snapshot waitUntilSnapshotCompleted(SnapshotId id) {
    return poll("snapshot " + id, () -> client.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(id)
            .build()).snapshots().get(0),
        s -> s.state() == SnapshotState.COMPLETED ? Boolean.TRUE : s.state() == SnapshotState.ERROR ? Boolean.FALSE : null,
        s -> s.state().wireValue() + " at " + s.progress().orElse(0) + "%");
  }

  /**
   * Waits until the instance is {@code running}.
   *
   * @throws IllegalStateException when it is shutting down, terminated or stopping, or still pending after the last attempt
   */
  public Instance waitUntilInstanceRunning(InstanceId id) {
    return poll("instance " + id, () -> client.describeInstances(List.of(id)).get(0),
        i -> switch (i.state()) {
          case RUNNING -> Boolean.TRUE;
          case SHUTTING_DOWN, TERMINATED, STOPPING -> Boolean.FALSE;
          default -> null;
        },
        i -> i.state().wireValue());
  }

  /** Polls until {@code done} says true (success) or false (failure); null means "not yet". */
  private <T> T poll(String subject, Supplier<T> read, Function<T, Boolean> done, Function<T, String> describe) {
    for (int attempt = 1; ; attempt++) {
      T value = read.get();
      Boolean outcome = done.apply(value);
      if (Boolean.TRUE.equals(outcome)) {
        return value;
      }
      if (Boolean.FALSE.equals(outcome)) {
        throw new IllegalStateException(subject + " is " + describe.apply(value) + ": the waiter's state can no longer be reached");
      }
      if (attempt >= attempts) {
        throw new IllegalStateException(subject + " is still " + describe.apply(value) + " after " + attempts + " attempts "
            + delay + " apart: the waiter gave up");
      }
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("waiting for " + subject + " was interrupted", e);
      }
    }
  }
}
