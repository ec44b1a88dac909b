package org.amisdk.storage.block;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import org.amisdk.storage.ProgressListener;

/**
 * One export of stored blocks into a new raw file of the snapshot's size (the blocks not written,
 * the zero ones, stay holes). Each worker reads, decompresses and checks a block into its own
 * 512 KiB buffer and writes it at its offset ({@link ParallelBlocks}); the calling thread reports
 * progress as blocks are written. Where the file system allows it the file is written with direct
 * I/O, from aligned buffers straight to the disk: the page cache's writeback is what limits a
 * buffered write that must end on the disk (a quarter to a half of the disk's speed on the
 * machines measured), and nothing reads the exported bytes back. Elsewhere it is written through
 * the page cache. Either way it is forced to the disk before {@link #run} returns.
 */
final class RawExport {
  private static final int BLOCK = BlockStore.BLOCK_SIZE;
  /** The buffer alignment used for direct I/O: a page, and a multiple of every common logical block size. */
  private static final int ALIGNMENT = 4096;

  private final LocalBlockDevices devices;
  private final ExecutorService workers;
  private final int threads;
  private final String owner;
  private final long size;
  private final int[] indexes;
  private final BlockAddress[] addresses;
  private final boolean preferDirect;

  /** {@code preferDirect}: write with direct I/O where the file system allows it (tests turn it off to cover the other way). */
  RawExport(LocalBlockDevices devices, ExecutorService workers, int threads, String owner, long size, int[] indexes,
      BlockAddress[] addresses, boolean preferDirect) {
    this.devices = devices;
    this.workers = workers;
    this.threads = threads;
    this.owner = owner;
    this.size = size;
    this.indexes = indexes;
    this.addresses = addresses;
    this.preferDirect = preferDirect;
  }

  /** Creates {@code file}, writes every block into it and forces it; throws the first failure, or on cancellation. */
  void run(Path file, ProgressListener listener) throws IOException {
    try (RandomAccessFile created = new RandomAccessFile(file.toFile(), "rw")) {
      created.setLength(size); // zero blocks stay holes
    }
    boolean direct = preferDirect && allowsDirect(file);
    FileChannel out;
    try {
      out = direct ? FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)
          : FileChannel.open(file, StandardOpenOption.WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      if (!direct) {
        throw e;
      }
      direct = false; // the file system refuses direct I/O after all (tmpfs, some network file systems)
      out = FileChannel.open(file, StandardOpenOption.WRITE);
    }
    try (FileChannel channel = out) {
      writeBlocks(channel, direct, listener);
      if (direct) {
        channel.truncate(size); // a direct write of a short last block wrote all of its 512 KiB
      }
      channel.force(true);
    }
  }

  /**
   * Whether {@code file}'s store may take direct writes of 512 KiB blocks at 512 KiB offsets: its
   * block size (when known) divides them.
   */
  private static boolean allowsDirect(Path file) {
    try {
      long blockSize = Files.getFileStore(file.getParent()).getBlockSize();
      return blockSize > 0 && blockSize <= ALIGNMENT && ALIGNMENT % blockSize == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private void writeBlocks(FileChannel out, boolean direct, ProgressListener listener) throws IOException {
    ParallelBlocks.run(workers, threads, indexes.length,
        () -> ByteBuffer.allocateDirect(BLOCK + ALIGNMENT).alignedSlice(ALIGNMENT), (i, buffer) -> {
          buffer.clear();
          devices.readBlock(addresses[i], buffer, owner, indexes[i]);
          long position = (long) indexes[i] * BLOCK;
          buffer.limit(direct ? BLOCK : (int) Math.min(BLOCK, size - position));
          while (buffer.hasRemaining()) {
            out.write(buffer, position + buffer.position());
          }
        }, listener, "export", owner, size);
  }
}
