package org.amisdk.cloud;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.amisdk.model.Region;

/**
 * One region's catalog journal: numbers each commit, writes commits durably with group commit,
 * and checkpoints the region when the journal outgrows a bound.
 *
 * <p>Commit: {@link #append} (under the region's lock) queues a batch and gives it the next
 * sequence number; {@link #awaitDurable} (after the region's lock is released) returns once that
 * commit is durable. The first waiter finding no write in progress writes every queued commit as
 * one record with one fsync; commits queued meanwhile wait for the next write, so threads
 * committing at once share fsyncs. A failed write fails every waiting and later commit.
 *
 * <p>Checkpoint: when the commits since the last checkpoint exceed {@code max(minBytes, size of
 * the last checkpoint / 2)} bytes (or the store's commit count), {@link #append} reports a checkpoint
 * due at the next sequence number {@code s}; the writer starts a new segment at {@code s}, the
 * caller hands the region's contents as of {@code s} to {@link #checkpoint} on a background
 * thread, which publishes them atomically and drops the segments before {@code s}. At most one
 * checkpoint runs at a time; a failed one leaves the journal whole and is retried later.
 */
final class Journal {
  private static final long NONE = -1;
  /** Entries per batch of a checkpoint: batches are decoded in parallel on open. */
  static final int CHECKPOINT_BATCH = 4096;

  private final CatalogStore store;
  private final Region region;
  private final long minBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition written = lock.newCondition();
  // guarded by lock
  private long next;
  private long taken;
  private long durable;
  private final List<byte[]> queued = new ArrayList<>();
  private long boundary = NONE;
  private long segment;
  private boolean writing;
  private IOException failure;
  private long bytes;
  private long commits;
  private long checkpointBytes;
  private boolean checkpointing;
  private boolean closed;
  /** Where the last segment's valid records end, and the checkpoint's sequence, as opening found them. */
  private final long openedEnd;
  private final long openedCheckpoint;
  /** Whether the last segment, appended to in place, has an older version than this one writes. */
  private boolean olderTail;

  private Journal(CatalogStore store, Region region, long minBytes, long next, long segment, long bytes, long commits,
      long checkpointBytes, long openedEnd, long openedCheckpoint) {
    this.store = store;
    this.openedEnd = openedEnd;
    this.openedCheckpoint = openedCheckpoint;
    this.region = region;
    this.minBytes = minBytes;
    this.next = next;
    this.taken = next - 1;
    this.durable = next - 1;
    this.segment = segment;
    this.bytes = bytes;
    this.commits = commits;
    this.checkpointBytes = checkpointBytes;
  }

  /**
   * What opening a region read: its checkpoint's batches, then the journal's commits after it, in
   * order; and the journal, to be {@link #resume resumed} once the whole cloud loaded cleanly.
   */
  record Opened(Journal journal, List<byte[]> checkpoint, List<JournalFormat.Commit> commits) {}

  /** A journal for a region that has no commits yet (its first segment exists). */
  static Journal fresh(CatalogStore store, Region region, long minBytes) {
    return new Journal(store, region, minBytes, 1, 1, 0, 0, 0, JournalFormat.FILE_HEADER, 1);
  }

  /**
   * Reads a region: its newest checkpoint and every segment after it, checking that nothing is
   * missing (the segment a checkpoint names, a gap between segments, a sequence out of order).
   * Only a torn last record of the last segment is dropped (and only by {@link #resume}); any
   * other damage refuses the open naming the file and offset. Changes nothing.
   */
  static Opened open(CatalogStore store, Region region, long minBytes) throws IOException {
    CatalogStore.Stored stored = store.load(region);
    long next = 1;
    List<byte[]> checkpoint = List.of();
    long checkpointBytes = 0;
    if (stored.checkpoint().isPresent()) {
      CatalogStore.Part part = stored.checkpoint().get();
      byte[] file = part.read();
      checkpointBytes = file.length;
      next = part.sequence();
      checkpoint = JournalFormat.readWhole(file, JournalFormat.CHECKPOINT, next, part.name()).stream()
          .map(JournalFormat.Commit::batch).toList();
    }
    List<CatalogStore.Part> segments = new ArrayList<>();
    for (CatalogStore.Part part : stored.segments()) {
      if (part.sequence() >= next) {
        segments.add(part);
      }
    }
    if (store.appendsInPlace() ? segments.isEmpty() || segments.get(0).sequence() != next
        : !segments.isEmpty() && segments.get(0).sequence() != next) {
      throw new IOException("catalog of region " + region + " in " + store + " is missing its journal segment of commit " + next
          + (segments.isEmpty() ? "" : " (the first present is " + segments.get(0).name() + ")") + ": refused, nothing changed");
    }
    List<JournalFormat.Commit> commits = new ArrayList<>();
    long expected = next;
    long bytes = 0;
    long end = JournalFormat.FILE_HEADER;
    boolean olderTail = false;
    for (int i = 0; i < segments.size(); i++) {
      CatalogStore.Part part = segments.get(i);
      if (part.sequence() != expected) {
        throw new IOException("catalog of region " + region + " in " + store + " is missing commits " + expected + " to "
            + (part.sequence() - 1) + " before " + part.name() + ": refused, nothing changed");
      }
      byte[] bytesOf = part.read();
      olderTail = JournalFormat.checkHeader(bytesOf, JournalFormat.SEGMENT, part.name()) < JournalFormat.VERSION;
      JournalFormat.Scan scan = JournalFormat.scan(bytesOf, JournalFormat.FILE_HEADER, part.name(),
          store.appendsInPlace() && i == segments.size() - 1);
      end = scan.end();
      for (JournalFormat.Commit commit : scan.commits()) {
        if (commit.sequence() != expected) {
          throw new IOException("catalog journal " + part.name() + " holds commit " + commit.sequence() + " where commit "
              + expected + " belongs: refused, nothing changed");
        }
        expected++;
        bytes += commit.batch().length + 4;
        commits.add(commit);
      }
    }
    long tail = segments.isEmpty() ? next : segments.get(segments.size() - 1).sequence();
    Journal journal = new Journal(store, region, minBytes, expected, tail, bytes, commits.size(), checkpointBytes, end, next);
    journal.olderTail = olderTail && store.appendsInPlace();
    return new Opened(journal, checkpoint, commits);
  }

  /** Drops a torn tail and what the checkpoint superseded: called once every region loaded and checked. */
  void resume() throws IOException {
    store.resume(region, segment, openedEnd, openedCheckpoint);
    if (olderTail) { // commits of this version go to a segment whose header says so
      store.startSegment(region, next);
      segment = next;
    }
  }

  Region region() {
    return region;
  }

  /** The sequence number of the last commit appended (0 when none). */
  long last() {
    lock.lock();
    try {
      return next - 1;
    } finally {
      lock.unlock();
    }
  }

  /** Stops a checkpoint that waits for its segment: the cloud is closing. */
  void close() {
    lock.lock();
    try {
      closed = true;
      written.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** What {@link #append} gives back: the commit's sequence number, and whether a checkpoint is due after it. */
  record Ticket(long sequence, boolean checkpointDue) {}

  /** Queues a commit's batch; a due checkpoint starts a new segment after it. */
  Ticket append(byte[] batch) {
    lock.lock();
    try {
      long sequence = next++;
      queued.add(batch);
      bytes += batch.length + 4;
      commits++;
      boolean due = !checkpointing && (bytes > Math.max(minBytes, checkpointBytes / 2) || commits > store.commitsPerCheckpoint());
      if (due) {
        checkpointing = true;
        boundary = next;
        bytes = 0;
        commits = 0;
      }
      return new Ticket(sequence, due);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns once commit {@code sequence} is durable, writing the queued commits itself when no
   * other thread is.
   *
   * @throws IOException when the write failed (now or before): the journal takes no more commits
   */
  void awaitDurable(long sequence) throws IOException {
    lock.lock();
    try {
      while (durable < sequence) {
        if (failure != null) {
          throw new IOException("catalog journal of region " + region + " failed to write: " + failure.getMessage(), failure);
        }
        if (writing) {
          written.awaitUninterruptibly();
          continue;
        }
        writing = true;
        long first = taken + 1;
        List<byte[]> batch = List.copyOf(queued);
        queued.clear();
        taken = next - 1;
        long cut = boundary;
        IOException error = null;
        lock.unlock();
        try {
          write(first, batch, cut);
        } catch (IOException | RuntimeException e) {
          error = e instanceof IOException io ? io : new IOException(e.toString(), e);
        } finally {
          lock.lock();
        }
        writing = false;
        if (error != null) {
          failure = error;
        } else {
          durable = first + batch.size() - 1;
          if (cut != NONE && durable >= cut - 1) {
            boundary = NONE;
            segment = cut;
          }
        }
        written.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Writes commits {@code first}... as records, starting the segment at {@code cut} when they reach it. */
  private void write(long first, List<byte[]> batch, long cut) throws IOException {
    int from = 0;
    long sequence = first;
    while (from < batch.size() || sequence == cut) {
      if (sequence == cut) {
        store.startSegment(region, cut);
        cut = NONE;
        continue;
      }
      int to = cut > sequence ? (int) Math.min(batch.size(), from + (cut - sequence)) : batch.size();
      store.append(region, sequence, JournalFormat.record(sequence, batch.subList(from, to)));
      sequence += to - from;
      from = to;
    }
  }

  /**
   * Writes a checkpoint of the region as of commit {@code next} (its entries as batches), once the
   * segment starting there exists, then drops the segments before it. Runs in the background.
   */
  void checkpoint(long next, List<byte[]> batches) {
    boolean done = false;
    long size = 0;
    try {
      byte[] file = JournalFormat.file(JournalFormat.CHECKPOINT, next, batches);
      size = file.length;
      lock.lock();
      try {
        while (segment < next && failure == null && !closed) {
          written.awaitUninterruptibly();
        }
        if (segment < next) {
          return;
        }
      } finally {
        lock.unlock();
      }
      store.checkpoint(region, next, file);
      done = true;
    } catch (IOException | RuntimeException e) {
      // the journal is whole without this checkpoint; the next one is tried after the journal grows again
    } finally {
      lock.lock();
      try {
        checkpointing = false;
        checkpointBytes = done ? size : Math.max(2 * checkpointBytes, 2 * minBytes);
      } finally {
        lock.unlock();
      }
    }
  }
}
