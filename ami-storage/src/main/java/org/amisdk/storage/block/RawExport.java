package org.amisdk.storage.block;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.amisdk.storage.OperationCancelledException;
import org.amisdk.storage.ProgressListener;

/**
 * One export of stored blocks into a raw file whose length is already set (so the blocks not
 * written, the zero ones, stay holes). The workers read, decompress and check blocks into pooled
 * 512 KiB buffers; the calling thread writes each finished block at its offset and reports
 * progress; a flusher thread forces every {@value #WRITEBACK_BYTES} bytes written to the disk while
 * the next are written and decompressed, so no worker waits on the disk and the caller's final
 * force has little left. The first failure or a cancellation stops the workers; {@link #run}
 * returns only once they have stopped.
 */
final class RawExport {
  static final long WRITEBACK_BYTES = 64L << 20;
  private static final int BLOCK = BlockStore.BLOCK_SIZE;

  /** A decoded block waiting to be written, or the end of one worker's share. */
  private record Decoded(int i, byte[] buffer) {}

  private static final Decoded WORKER_DONE = new Decoded(-1, null);

  private final LocalBlockDevices devices;
  private final ExecutorService workers;
  private final int threads;
  private final String owner;
  private final long size;
  private final int[] indexes;
  private final BlockAddress[] addresses;

  RawExport(LocalBlockDevices devices, ExecutorService workers, int threads, String owner, long size, int[] indexes,
      BlockAddress[] addresses) {
    this.devices = devices;
    this.workers = workers;
    this.threads = threads;
    this.owner = owner;
    this.size = size;
    this.indexes = indexes;
    this.addresses = addresses;
  }

  /** Writes every block into {@code out} and forces it; throws the first failure, or on cancellation. */
  void run(FileChannel out, ProgressListener listener) throws IOException {
    int buffers = 2 * threads + 2;
    BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(buffers);
    for (int b = 0; b < buffers; b++) {
      free.add(new byte[BLOCK]);
    }
    BlockingQueue<Decoded> decoded = new ArrayBlockingQueue<>(buffers + threads);
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Phaser running = new Phaser(1);
    for (int w = 0; w < threads; w++) {
      running.register();
      workers.execute(() -> decode(next, free, decoded, failure, running));
    }
    ExecutorService flusher = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "amisdk-export-flush");
      thread.setDaemon(true);
      return thread;
    });
    Future<?> flush = null;
    try {
      long done = 0;
      long unflushed = 0;
      int workersLeft = threads;
      while (workersLeft > 0 && failure.get() == null) {
        Decoded block = decoded.poll(50, TimeUnit.MILLISECONDS);
        if (block == WORKER_DONE) {
          workersLeft--;
        } else if (block != null) {
          write(out, block);
          free.add(block.buffer());
          done += BLOCK;
          unflushed += BLOCK;
          if (unflushed >= WRITEBACK_BYTES && (flush == null || flush.isDone())) {
            awaitFlush(flush);
            flush = flusher.submit(() -> {
              out.force(false); // start writing back early, so the last force has less to wait for
              return null;
            });
            unflushed = 0;
          }
        }
        if (!listener.progress("export", Math.min(done, size), size)) {
          failure.compareAndSet(null, new OperationCancelledException(
              "export of " + owner + " was cancelled at " + done + " of " + size + " bytes"));
        }
      }
      LocalBlockDevices.rethrow(failure.get());
      awaitFlush(flush);
      flush = null;
      out.force(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("export of " + owner + " was interrupted");
    } finally {
      failure.compareAndSet(null, new OperationCancelledException("export of " + owner + " stopped"));
      running.arriveAndAwaitAdvance();
      if (flush != null) {
        try {
          awaitFlush(flush);
        } catch (IOException ignored) {
          // the export failed already; the file is deleted
        }
      }
      flusher.shutdownNow();
    }
  }

  /** One worker: decodes blocks until none is left or the export stops, then says so. */
  private void decode(AtomicInteger next, BlockingQueue<byte[]> free, BlockingQueue<Decoded> decoded,
      AtomicReference<Throwable> failure, Phaser running) {
    try {
      for (int i = next.getAndIncrement(); i < indexes.length && failure.get() == null; i = next.getAndIncrement()) {
        byte[] buffer = null;
        while (buffer == null && failure.get() == null) {
          buffer = free.poll(50, TimeUnit.MILLISECONDS);
        }
        if (buffer == null) {
          break;
        }
        devices.readBlock(addresses[i], buffer, owner, indexes[i]);
        decoded.put(new Decoded(i, buffer));
      }
      decoded.put(WORKER_DONE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, new InterruptedIOException("export of " + owner + " was interrupted"));
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    } finally {
      running.arriveAndDeregister();
    }
  }

  private void write(FileChannel out, Decoded block) throws IOException {
    long position = (long) indexes[block.i()] * BLOCK;
    ByteBuffer bytes = ByteBuffer.wrap(block.buffer(), 0, (int) Math.min(BLOCK, size - position));
    while (bytes.hasRemaining()) {
      out.write(bytes, position + bytes.position());
    }
  }

  private static void awaitFlush(Future<?> flush) throws IOException {
    if (flush == null) {
      return;
    }
    try {
      flush.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while forcing an export to disk");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException("forcing an export to disk failed", e.getCause());
    }
  }
}
