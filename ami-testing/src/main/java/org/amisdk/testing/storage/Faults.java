package org.amisdk.testing.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults a {@link FaultyObjectStore} or {@link FaultyBlockStore} injects, and what it counted:
 * fail the Nth call from now, fail once N more bytes have passed (read or written), or stall the
 * Nth call until released. Each fault fires once; an injected failure is an {@link IOException}
 * whose message starts with {@value #INJECTED}. A failed call is refused before it reaches the
 * wrapped store; a byte limit fails the stream or value carrying the byte past it, mid-transfer
 * for an object store's streams (what a dropped connection does). Thread-safe.
 */
public final class Faults {
  /** How every injected failure's message begins. */
  public static final String INJECTED = "injected failure";

  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private volatile int failingCall = -1;
  private volatile long failingByte = -1;
  private volatile int stalledCall = -1;
  private volatile CountDownLatch release = new CountDownLatch(0);
  private volatile CountDownLatch stalled = new CountDownLatch(1);

  Faults() {}

  /** Makes the {@code n}th call from now (1 is the next) fail. */
  public Faults failCall(int n) {
    failingCall = calls.get() + requirePositive(n);
    return this;
  }

  /** Makes the call that would carry the byte count past {@code n} more bytes fail. */
  public Faults failAfterBytes(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("byte count " + n + " is negative");
    }
    failingByte = bytes.get() + n;
    return this;
  }

  /**
   * Makes the {@code n}th call from now wait, before reaching the store, until {@code release}
   * opens; the returned latch opens once that call is waiting.
   */
  public CountDownLatch stallCall(int n, CountDownLatch release) {
    this.release = release;
    this.stalled = new CountDownLatch(1);
    stalledCall = calls.get() + requirePositive(n);
    return stalled;
  }

  /** Calls made so far (each method of the store counts one). */
  public int calls() {
    return calls.get();
  }

  /** Bytes read and written so far through the store. */
  public long bytes() {
    return bytes.get();
  }

  /** Counts a call named {@code what}; stalls or fails it when told to. */
  void call(String what) throws IOException {
    int n = calls.incrementAndGet();
    if (n == stalledCall) {
      stalled.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while stalling call " + n + ": " + what);
      }
    }
    if (n == failingCall) {
      throw new IOException(INJECTED + " of call " + n + ": " + what);
    }
  }

  /** Counts {@code count} bytes of {@code what}; fails when they pass the byte limit. */
  void bytes(String what, long count) throws IOException {
    long before = bytes.getAndAdd(count);
    long limit = failingByte;
    if (limit >= 0 && before + count > limit && before <= limit) {
      failingByte = -1;
      throw new IOException(INJECTED + " after " + limit + " bytes: " + what);
    }
  }

  private static int requirePositive(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("call number " + n + " is not positive: 1 is the next call");
    }
    return n;
  }
}
