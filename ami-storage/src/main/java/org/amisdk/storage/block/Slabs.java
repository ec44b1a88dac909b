package org.amisdk.storage.block;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The direct buffers that new blocks' stored forms gather in on their way to the store, so a block
 * is copied once from its compressor's output and written from there (no array to allocate per
 * block, no copy to the heap and back). A slab taken is given back once its batch is written; at
 * most {@value #MAX_IDLE} idle slabs are kept. Thread-safe.
 */
final class Slabs {
  /** Four stored blocks at least: a stored form is at most a block and its codec byte. */
  static final int SLAB_BYTES = 4 * (BlockStore.BLOCK_SIZE + 1);
  private static final int MAX_IDLE = 8;

  private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();

  /** An empty slab of {@value #SLAB_BYTES} bytes. */
  synchronized ByteBuffer take() {
    ByteBuffer slab = idle.poll();
    return slab == null ? ByteBuffer.allocateDirect(SLAB_BYTES) : slab.clear();
  }

  /** Takes back slabs nothing reads any more. */
  synchronized void give(List<ByteBuffer> slabs) {
    for (ByteBuffer slab : slabs) {
      if (idle.size() < MAX_IDLE) {
        idle.push(slab);
      }
    }
  }
}
