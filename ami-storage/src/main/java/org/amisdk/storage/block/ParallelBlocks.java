package org.amisdk.storage.block;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.amisdk.storage.OperationCancelledException;
import org.amisdk.storage.ProgressListener;

/**
 * Runs a task for blocks 0..count-1 on the block workers, each worker with a buffer of its own,
 * and reports progress from the calling thread as blocks are done (one {@value #BLOCK}-byte block
 * each, up to the total). A worker takes {@value #RUN} consecutive blocks at a time, so a file
 * each worker reads stays a sequential read, and reports them when the run is done (one wake-up of
 * the calling thread per run, not per block). The first failure or a cancellation stops every
 * worker; {@link #run} returns only once they have all stopped, and throws that failure.
 */
final class ParallelBlocks {
  static final int BLOCK = BlockStore.BLOCK_SIZE;
  /** How many consecutive blocks a worker takes at a time. */
  static final int RUN = 8;
  /** What a worker reports when it has no block left (otherwise it reports how many blocks it did). */
  private static final int WORKER_DONE = -1;

  /** The work on block {@code i} with this worker's buffer. */
  @FunctionalInterface
  interface BlockTask<B> {
    void run(int i, B buffer) throws IOException;
  }

  private ParallelBlocks() {}

  /**
   * Runs {@code task} for every block; {@code buffers} makes each worker's buffer, on that worker.
   * {@code phase} and {@code owner} name the work in progress reports and messages ("export of
   * snapshot s-…"); {@code total} is the byte count progress reports reach.
   */
  static <B> void run(ExecutorService workers, int threads, int count, Supplier<B> buffers, BlockTask<B> task,
      ProgressListener listener, String phase, String owner, long total) throws IOException {
    BlockingQueue<Integer> finished = new LinkedBlockingQueue<>();
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean stopped = new AtomicBoolean();
    Phaser running = new Phaser(1);
    for (int w = 0; w < threads; w++) {
      running.register();
      workers.execute(() -> {
        try {
          B buffer = buffers.get();
          for (int first = next.getAndAdd(RUN); first < count; first = next.getAndAdd(RUN)) {
            int end = Math.min(count, first + RUN);
            for (int i = first; i < end; i++) {
              if (failure.get() != null || stopped.get()) {
                finished.add(i - first);
                return;
              }
              task.run(i, buffer);
            }
            finished.add(end - first);
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          finished.add(WORKER_DONE);
          running.arriveAndDeregister();
        }
      });
    }
    try {
      long done = 0;
      int workersLeft = threads;
      while (workersLeft > 0 && failure.get() == null) {
        Integer blocks = finished.poll(50, TimeUnit.MILLISECONDS);
        if (blocks != null && blocks == WORKER_DONE) {
          workersLeft--;
        } else if (blocks != null) {
          done = Math.min(total, done + (long) blocks * BLOCK);
        }
        if (!listener.progress(phase, done, total)) {
          failure.compareAndSet(null, new OperationCancelledException(
              phase + " of " + owner + " was cancelled at " + done + " of " + total + " bytes"));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, new InterruptedIOException(phase + " of " + owner + " was interrupted"));
    } finally {
      stopped.set(true); // if the listener threw, the workers stop too
      running.arriveAndAwaitAdvance();
    }
    LocalBlockDevices.rethrow(failure.get());
  }
}
