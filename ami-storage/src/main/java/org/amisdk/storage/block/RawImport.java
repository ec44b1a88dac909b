package org.amisdk.storage.block;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import org.amisdk.storage.ProgressListener;

/**
 * One import of a raw file's blocks: each worker reads runs of consecutive 512 KiB blocks through
 * a channel of its own (so each reads sequentially, and no block is handed from thread to thread)
 * into a direct buffer (read straight from the file, with no copy to the heap, and compressed where
 * it lies), then hashes and compresses it into the ingest; zero blocks are skipped, so they stay
 * holes of the snapshot. The calling thread reports progress ({@link ParallelBlocks}).
 */
final class RawImport {
  private static final int BLOCK = BlockStore.BLOCK_SIZE;

  /** One worker's channel on the image and its buffer. */
  private record Reader(FileChannel channel, ByteBuffer buffer) {}

  private final ExecutorService workers;
  private final int threads;
  private final Ingest ingest;

  RawImport(ExecutorService workers, int threads, Ingest ingest) {
    this.workers = workers;
    this.threads = threads;
    this.ingest = ingest;
  }

  /** The address of each block of {@code image} ({@code size} bytes), null for a zero block; throws the first failure. */
  BlockAddress[] run(Path image, long size, ProgressListener listener) throws IOException {
    BlockAddress[] found = new BlockAddress[Manifest.blockCount(size)];
    Queue<FileChannel> opened = new ConcurrentLinkedQueue<>();
    try {
      ParallelBlocks.run(workers, threads, found.length, () -> {
        try {
          FileChannel channel = FileChannel.open(image, StandardOpenOption.READ);
          opened.add(channel);
          return new Reader(channel, ByteBuffer.allocateDirect(BLOCK));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, (i, reader) -> {
        ByteBuffer buffer = reader.buffer();
        readFully(reader.channel(), buffer, (int) Math.min(BLOCK, size - (long) i * BLOCK), (long) i * BLOCK, image);
        if (!BlockCodec.isZero(buffer)) {
          found[i] = ingest.add(buffer);
        }
      }, listener, "import", image.toString(), size);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      for (FileChannel channel : opened) {
        channel.close();
      }
    }
    return found;
  }

  /** Reads {@code length} bytes at {@code position} into the buffer and zeros the rest of the block. */
  private static void readFully(FileChannel in, ByteBuffer buffer, int length, long position, Path image)
      throws IOException {
    buffer.clear().limit(length);
    while (buffer.hasRemaining()) {
      if (in.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("image " + image + " ended early at byte " + (position + buffer.position()));
      }
    }
    buffer.limit(BLOCK);
    while (buffer.hasRemaining()) {
      buffer.put((byte) 0);
    }
    buffer.clear();
  }
}
