package org.amisdk.cloud;

import java.util.HashMap;
import java.util.Map;

/**
 * Holds on stored data (a block-store snapshot or volume) that an operation in progress reads
 * outside the region lock, and the deletions that wait for them: a deletion of held data runs when
 * the last hold is released, so a concurrent delete never pulls blocks from under a read or export.
 *
 * <p>Two depths, each for its own window: the block layer pins a snapshot's blocks only once its
 * export or read has begun, while a hold here covers the whole operation from the moment the
 * catalog named the data under the region lock, so a delete committed between that lookup and the
 * storage call cannot make the storage call find the snapshot or volume gone (a false "does not
 * exist" or "block missing"). The block layer's pins keep a storage-level caller (which has no
 * catalog) just as safe.
 *
 * <p>A deletion that fails is dropped: the catalog no longer names the data, and the next opening's
 * orphan sweep removes it. Thread-safe.
 */
final class Holds {
  private final Map<Object, Integer> counts = new HashMap<>();
  private final Map<Object, Runnable> waiting = new HashMap<>();

  /** A hold on stored data, released by {@link #close()} (once). */
  interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  /** Holds {@code data} until the returned hold is closed. */
  synchronized Hold hold(Object data) {
    counts.merge(data, 1, Integer::sum);
    boolean[] closed = {false};
    return () -> {
      synchronized (closed) {
        if (closed[0]) {
          return;
        }
        closed[0] = true;
      }
      release(data);
    };
  }

  /** Whether an operation in progress holds {@code data}. */
  synchronized boolean isHeld(Object data) {
    return counts.containsKey(data);
  }

  /** Runs {@code deletion} now when nothing holds {@code data}, otherwise when its last hold is released. */
  void deleteWhenFree(Object data, Runnable deletion) {
    synchronized (this) {
      if (counts.containsKey(data)) {
        waiting.put(data, deletion);
        return;
      }
    }
    runQuietly(deletion);
  }

  private void release(Object data) {
    Runnable deletion;
    synchronized (this) {
      int left = counts.merge(data, -1, Integer::sum);
      if (left > 0) {
        return;
      }
      counts.remove(data);
      deletion = waiting.remove(data);
    }
    if (deletion != null) {
      runQuietly(deletion);
    }
  }

  /** Runs a deletion; a failure leaves an orphan for the next opening's sweep, never an exception for the caller. */
  static boolean runQuietly(Runnable deletion) {
    try {
      deletion.run();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
