package org.amisdk.storage.block;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Stores new blocks for one operation (an import, a volume flush, a pending snapshot): hashes each
 * block, takes a reference on its address so nothing frees it meanwhile, compresses the blocks the
 * store lacks into the batch's {@link Slabs} and hands them to the writer thread, which stores them
 * with one durable {@link BlockStore#put} per batch (on a directory store, written from the slabs
 * where they lie). The writer takes whatever has gathered each time its last put
 * is done, once at least a minimum has (or on {@link #finish}): on a directory store
 * {@value #MIN_BATCH_BYTES} bytes, so batches follow the disk's pace and little is left to write
 * when the last block is added; on any other store {@value #BATCH_BYTES}, since each put there may
 * be an object of its own. Adding waits while {@value #BATCH_BYTES} bytes are gathered behind a
 * put in flight. {@link #finish} makes everything durable; {@link #abandon} drops every reference
 * taken. {@link #add} may be called from several threads.
 */
final class Ingest {
  static final int BATCH_BYTES = 16 << 20;
  static final int MIN_BATCH_BYTES = 1 << 20;

  private final LocalBlockDevices devices;
  private final Executor writer;
  private final long minimumBatch;
  private final List<BlockAddress> acquired = new ArrayList<>();
  /** Every address this ingest compressed, so a block repeated in the operation is stored once. */
  private final Set<BlockAddress> taken = new HashSet<>();
  private Batch batch = new Batch();
  private boolean writing;
  private boolean abandoned;
  private IOException failure;
  private int added;
  private boolean handedOver;

  Ingest(LocalBlockDevices devices, Executor writer) {
    this.devices = devices;
    this.writer = writer;
    this.minimumBatch = devices.store instanceof DirectoryBlockStore ? MIN_BATCH_BYTES : BATCH_BYTES;
  }

  /** Stores a non-zero 512 KiB block (unless the store has it) and returns its address. */
  BlockAddress add(byte[] block) throws IOException {
    return add(ByteBuffer.wrap(block));
  }

  /**
   * As {@link #add(byte[])}, for the 512 KiB from the buffer's position on, which are compressed
   * before this returns (the caller may reuse the buffer then).
   */
  BlockAddress add(ByteBuffer block) throws IOException {
    BlockCodec codec = BlockCodec.get();
    BlockAddress address = codec.address(block);
    boolean store = devices.acquire(address);
    synchronized (this) {
      acquired.add(address);
      if (!store || !taken.add(address)) {
        return address;
      }
    }
    try {
      ByteBuffer stored = codec.encode(block, devices.compressionLevel);
      synchronized (this) {
        while (writing && batch.bytes >= BATCH_BYTES && failure == null) {
          awaitWriter();
        }
        throwFailure();
        batch.add(address, stored);
        added++;
        if (!writing && batch.bytes >= minimumBatch) {
          startWrite();
        }
      }
    } catch (IOException | RuntimeException | Error e) { // interrupted, or no direct memory left for a slab
      synchronized (this) {
        // the address is taken: another add of the same block already returned it as stored, so
        // this ingest must never finish as if it were
        if (failure == null) {
          failure = new IOException("storing block " + address + " failed", e);
        }
        notifyAll();
      }
      throw e;
    }
    return address;
  }

  /** Hands the gathered batch to the writer thread; called holding this ingest's lock with no put in flight. */
  private void startWrite() {
    Batch blocks = batch;
    batch = new Batch();
    writing = true;
    try {
      writer.execute(() -> write(blocks));
    } catch (RuntimeException e) { // the writer was shut down: the store is closing
      writing = false;
      failure = new IOException("the block writer is stopped: the block devices are closed", e);
      notifyAll();
    }
  }

  /** On the writer thread: stores the batch, then each batch of at least the minimum gathered meanwhile. */
  private void write(Batch first) {
    Batch blocks = first;
    while (true) {
      IOException failed = null;
      try {
        blocks.store();
      } catch (IOException e) {
        failed = e;
      } catch (RuntimeException | Error e) {
        failed = new IOException("storing " + blocks.stored.size() + " blocks failed", e);
      } finally {
        devices.slabs.give(blocks.slabs);
      }
      synchronized (this) {
        if (failed != null && failure == null) {
          failure = failed;
        }
        if (failure != null || abandoned || batch.bytes < minimumBatch) { // finish takes a smaller rest
          writing = false;
          notifyAll();
          return;
        }
        blocks = batch;
        batch = new Batch();
        notifyAll();
      }
    }
  }

  private void awaitWriter() throws InterruptedIOException {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to store blocks");
    }
  }

  private void throwFailure() throws IOException {
    if (failure != null) {
      throw failure;
    }
  }

  /** Writes what is gathered and waits until every block added is durable. */
  synchronized void finish() throws IOException {
    while (true) {
      throwFailure();
      if (!writing && batch.stored.isEmpty()) {
        return;
      }
      if (!writing) {
        startWrite();
      } else {
        awaitWriter();
      }
    }
  }

  /**
   * Waits for the put in flight, then releases every reference taken (freeing what nothing else
   * holds), unless they were already handed over to a committed record.
   */
  void abandon() throws IOException {
    List<BlockAddress> references;
    synchronized (this) {
      abandoned = true;
      devices.slabs.give(batch.slabs);
      batch = new Batch();
      boolean interrupted = false;
      while (writing) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true; // the references must not be released under a put in flight
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
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

  /** The blocks gathered for one put: their stored forms, in order, packed into slabs of their own. */
  private final class Batch {
    final Map<BlockAddress, ByteBuffer> stored = new LinkedHashMap<>();
    final List<ByteBuffer> slabs = new ArrayList<>();
    long bytes;

    /** Copies a stored form (left as it was) into the batch's last slab, or a new one when it does not fit. */
    void add(BlockAddress address, ByteBuffer form) {
      ByteBuffer slab = slabs.isEmpty() ? null : slabs.get(slabs.size() - 1);
      if (slab == null || slab.remaining() < form.remaining()) {
        slab = devices.slabs.take();
        slabs.add(slab);
      }
      int at = slab.position();
      slab.put(form.duplicate());
      stored.put(address, slab.slice(at, slab.position() - at));
      bytes += slab.position() - at;
    }

    /** Stores the batch durably: a directory store writes it from the slabs, any other store gets arrays. */
    void store() throws IOException {
      if (devices.store instanceof DirectoryBlockStore directory) {
        directory.putBuffers(stored);
      } else {
        Map<BlockAddress, byte[]> copies = new LinkedHashMap<>();
        stored.forEach((address, form) -> {
          byte[] copy = new byte[form.remaining()];
          form.duplicate().get(copy);
          copies.put(address, copy);
        });
        devices.store.put(copies);
      }
      devices.stored(stored.keySet());
    }
  }
}
