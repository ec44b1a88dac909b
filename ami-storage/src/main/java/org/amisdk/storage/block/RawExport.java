package org.amisdk.storage.block;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.io.RawImageFile;

/**
 * One export of stored blocks into a new raw file of the snapshot's size (a {@link RawImageFile}:
 * the blocks not written, the zero ones, stay holes; direct I/O where the file system allows it).
 * Each worker reads, decompresses and checks a block into its own aligned 512 KiB buffer and
 * writes it at its offset ({@link ParallelBlocks}); the calling thread reports progress as blocks
 * are written. The file is forced to the disk before {@link #run} returns.
 */
final class RawExport {
  private static final int BLOCK = BlockStore.BLOCK_SIZE;

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
    try (RawImageFile out = RawImageFile.create(file, preferDirect)) {
      ParallelBlocks.run(workers, threads, indexes.length, () -> RawImageFile.buffer(BLOCK), (i, buffer) -> {
        buffer.clear();
        devices.readBlock(addresses[i], buffer, owner, indexes[i]);
        long position = (long) indexes[i] * BLOCK;
        out.write(buffer.limit((int) Math.min(BLOCK, size - position)), position);
      }, listener, "export", owner, size);
      out.finish(size);
    }
  }
}
