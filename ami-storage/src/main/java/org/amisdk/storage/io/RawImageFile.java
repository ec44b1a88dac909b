package org.amisdk.storage.io;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A new raw disk image file written at aligned offsets, where ranges never written stay holes (a
 * sparse file reads them as zeros). Where the file system allows it the file is written with
 * direct I/O, from aligned buffers straight to the disk: on the machines measured the page cache's
 * writeback ran at a quarter to a half of the disk's speed, and nothing reads the bytes back.
 * Where opening it for direct I/O fails (some file systems refuse it) it is written through the
 * page cache. Either way {@link #finish} forces it to the disk. Writes at distinct offsets may come
 * from several threads.
 */
public final class RawImageFile implements Closeable {
  /** The alignment of offsets and buffers: a page, and a multiple of every common logical block size. */
  public static final int ALIGNMENT = 4096;

  private final Path file;
  private final FileChannel channel;
  private final boolean direct;

  private RawImageFile(Path file, FileChannel channel, boolean direct) {
    this.file = file;
    this.channel = channel;
    this.direct = direct;
  }

  /**
   * Creates {@code file}, which must not exist; {@code preferDirect} asks for direct I/O where the
   * file system allows it (tests turn it off to cover the other way).
   */
  public static RawImageFile create(Path file, boolean preferDirect) throws IOException {
    Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    if (preferDirect && allowsDirect(file)) {
      try {
        return new RawImageFile(file, FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT), true);
      } catch (IOException | UnsupportedOperationException e) {
        // the file system refuses direct I/O after all: write through the page cache
      }
    }
    return new RawImageFile(file, FileChannel.open(file, StandardOpenOption.WRITE), false);
  }

  /** A direct buffer of {@code size} bytes, a multiple of {@value #ALIGNMENT}, aligned for {@link #write}. */
  public static ByteBuffer buffer(int size) {
    if (size <= 0 || size % ALIGNMENT != 0) {
      throw new IllegalArgumentException("a buffer for direct writes holds a positive multiple of " + ALIGNMENT
          + " bytes, not " + size);
    }
    return ByteBuffer.allocateDirect(size + ALIGNMENT).alignedSlice(ALIGNMENT).limit(size).slice();
  }

  /** Whether {@code file}'s store takes direct writes: its block size (when known) divides the alignment. */
  private static boolean allowsDirect(Path file) {
    try {
      long blockSize = Files.getFileStore(file.toAbsolutePath().getParent()).getBlockSize();
      return blockSize > 0 && blockSize <= ALIGNMENT && ALIGNMENT % blockSize == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * Writes the bytes of {@code buffer} (from {@link #buffer}) from 0 to its limit at {@code
   * position}, a multiple of {@value #ALIGNMENT}; the buffer's position is left at its limit. With
   * direct I/O a limit that is not a multiple of {@value #ALIGNMENT} is rounded up, so the bytes
   * past it up to its capacity must be zeros or fall past the size {@link #finish} sets.
   */
  public void write(ByteBuffer buffer, long position) throws IOException {
    if (position % ALIGNMENT != 0) {
      throw new IllegalArgumentException("offset " + position + " of " + file + " is not a multiple of " + ALIGNMENT);
    }
    int length = buffer.limit();
    buffer.position(0);
    if (direct) {
      buffer.limit(Math.min(buffer.capacity(), (length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT));
    }
    while (buffer.hasRemaining()) {
      channel.write(buffer, position + buffer.position());
    }
    buffer.limit(length).position(length);
  }

  /**
   * Sets the file's length to {@code size} and forces it to the disk. A file whose last bytes were
   * never written (zeros) gets its last byte written, so it reaches its size.
   */
  public void finish(long size) throws IOException {
    channel.close();
    try (FileChannel sized = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (sized.size() > size) {
        sized.truncate(size); // a direct write of a short tail wrote whole pages
      } else if (sized.size() < size) {
        sized.write(ByteBuffer.allocate(1), size - 1);
      }
      sized.force(true);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
