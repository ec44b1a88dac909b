package org.amisdk.storage.block;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ExecutionException;

/**
 * Stores new blocks for one operation (an import, a volume flush, a pending snapshot): hashes each
 * block, takes a reference on its address so nothing frees it meanwhile, compresses and batches the
 * blocks the store lacks, and writes each batch of about {@value #BATCH_BYTES} bytes with one
 * durable {@link BlockStore#put} on the writer thread. {@link #finish} makes everything durable;
 * {@link #abandon} drops every reference taken. {@link #add} may be called from several threads.
 */
final class Ingest {
  static final int BATCH_BYTES = 16 << 20;

  private final LocalBlockDevices devices;
  private final ExecutorService writer;
  private final Semaphore batchesInFlight = new Semaphore(2);
  private final List<BlockAddress> acquired = new ArrayList<>();
  private final List<Future<?>> writes = new ArrayList<>();
  private Map<BlockAddress, byte[]> batch = new HashMap<>();
  private long batchBytes;
  private int added;
  private boolean handedOver;

  Ingest(LocalBlockDevices devices, ExecutorService writer) {
    this.devices = devices;
    this.writer = writer;
  }

  /** Stores a non-zero 512 KiB block (unless the store has it) and returns its address. */
  BlockAddress add(byte[] block) throws IOException {
    BlockCodec codec = BlockCodec.get();
    BlockAddress address = codec.address(block);
    boolean store = devices.acquire(address);
    synchronized (this) {
      acquired.add(address);
      if (!store || batch.containsKey(address)) {
        return address;
      }
    }
    byte[] stored = codec.encode(block, devices.compressionLevel);
    Map<BlockAddress, byte[]> full = null;
    synchronized (this) {
      if (batch.putIfAbsent(address, stored) == null) {
        added++;
        batchBytes += stored.length;
        if (batchBytes >= BATCH_BYTES) {
          full = batch;
          batch = new HashMap<>();
          batchBytes = 0;
        }
      }
    }
    if (full != null) {
      write(full);
    }
    return address;
  }

  private void write(Map<BlockAddress, byte[]> blocks) throws IOException {
    try {
      batchesInFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to store blocks");
    }
    Future<?> write = writer.submit(() -> {
      try {
        devices.store.put(blocks);
        devices.stored(blocks.keySet());
        return null;
      } finally {
        batchesInFlight.release();
      }
    });
    synchronized (this) {
      writes.add(write);
    }
  }

  /** Writes the last batch and waits until every block added is durable. */
  void finish() throws IOException {
    Map<BlockAddress, byte[]> last;
    synchronized (this) {
      last = batch;
      batch = new HashMap<>();
      batchBytes = 0;
    }
    if (!last.isEmpty()) {
      write(last);
    }
    awaitWrites();
  }

  private void awaitWrites() throws IOException {
    List<Future<?>> pending;
    synchronized (this) {
      pending = List.copyOf(writes);
      writes.clear();
    }
    IOException failure = null;
    for (Future<?> write : pending) {
      try {
        write.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new InterruptedIOException("interrupted while storing blocks");
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof IOException io ? io : new IOException("storing blocks failed", e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Waits for writes in flight, then releases every reference taken (freeing what nothing else
   * holds), unless they were already handed over to a committed record.
   */
  void abandon() throws IOException {
    try {
      awaitWrites();
    } catch (IOException ignored) {
      // the operation fails anyway; what was written is released below
    }
    List<BlockAddress> references;
    synchronized (this) {
      if (handedOver) {
        return;
      }
      handedOver = true;
      references = List.copyOf(acquired);
    }
    devices.release(references);
  }

  /** Every reference taken, one per {@link #add}, now owned by the caller (a committed record). */
  synchronized List<BlockAddress> handOver() {
    handedOver = true;
    return List.copyOf(acquired);
  }

  /** How many blocks this ingest stored that the store did not have. */
  synchronized int added() {
    return added;
  }
}
