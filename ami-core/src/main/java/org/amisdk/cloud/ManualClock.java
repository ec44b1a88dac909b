package org.amisdk.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told to, for a local cloud whose time a test or an example
 * controls: with realistic {@link LifecycleTimings} (boots take seconds, snapshots take time per
 * GiB), advancing it shows every intermediate state without sleeping, and {@link #sleeper()} makes
 * the {@link Waiters} advance it instead of waiting. Thread-safe.
 */
public final class ManualClock extends Clock {
  private volatile Instant now;

  /** A clock reading {@code start} until advanced. */
  public ManualClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward by {@code duration}. */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("clock advance " + duration + " is negative: time only moves forward");
    }
    now = now.plus(duration);
  }

  /** A waiter's sleeper that advances this clock instead of sleeping the thread. */
  public Waiters.Sleeper sleeper() {
    return this::advance;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("manual clock is UTC only: zone " + zone + " is not supported");
  }
}
