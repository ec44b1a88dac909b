package org.amisdk.storage.bundle;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses one chunk of an image into an independent gzip member or zstd frame, so chunks can
 * be compressed in parallel and their outputs concatenated into one valid stream (as pigz does).
 * An all-zero chunk is recognized ({@link #isZero}) and takes the member made once for its length.
 * The caller gives the output buffer, so buffers can be reused; each thread keeps its own deflater
 * or zstd context, and {@link #close()} frees them once no thread compresses any more. Safe for
 * concurrent use.
 *
 * <p>The codecs only ever see direct buffers: each compression copies its chunk into pooled direct
 * buffers and the output back. Given arrays, zlib and zstd-jni pin them for the whole call (JNI's
 * critical regions), and while threads compress one chunk after another some array is nearly
 * always pinned; on Java 17's G1 an allocation that then needs a collection gives up after a few
 * retries with a false {@link OutOfMemoryError} ("Retried waiting for GCLocker too often"), which
 * bundling met in the benchmark. The copies cost about 2% of a chunk's compression.
 */
final class ChunkCompressor implements AutoCloseable {
  static final int GZIP_LEVEL = 6;
  static final int ZSTD_LEVEL = 3;
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final Compression compression;
  private final Map<Integer, Compressed> zeroMembers = new ConcurrentHashMap<>();
  private final ThreadLocal<Deflater> deflaters;
  private final ThreadLocal<ZstdCompressCtx> zstdContexts;
  /** One compression's direct buffers: the chunk in, and {@link #outputSize()} bytes out. */
  private record Staging(ByteBuffer input, ByteBuffer output) {}

  /** Staging buffers not in use, one per compression running at once at most; dropped by {@link #close()}. */
  private final Queue<Staging> stagings = new ConcurrentLinkedQueue<>();
  private final Queue<Runnable> closers = new ConcurrentLinkedQueue<>();
  private final byte[] zeros;

  ChunkCompressor(Compression compression, int chunkSize) {
    this.compression = compression;
    this.zeros = new byte[chunkSize];
    this.deflaters = ThreadLocal.withInitial(() -> {
      Deflater deflater = new Deflater(GZIP_LEVEL, true);
      closers.add(deflater::end);
      return deflater;
    });
    this.zstdContexts = ThreadLocal.withInitial(() -> {
      ZstdCompressCtx context = new ZstdCompressCtx().setLevel(ZSTD_LEVEL);
      closers.add(context::close);
      return context;
    });
  }

  /** Frees the native deflaters and contexts; call only when no thread is compressing. */
  @Override
  public void close() {
    for (Runnable closer = closers.poll(); closer != null; closer = closers.poll()) {
      closer.run();
    }
    stagings.clear();
  }

  /** Whether the first {@code length} bytes of {@code chunk} (at most the chunk size) are all zero. */
  boolean isZero(byte[] chunk, int length) {
    return Arrays.mismatch(chunk, 0, length, zeros, 0, length) == -1;
  }

  /** The compressed form of {@code length} zero bytes (at most the chunk size), made once per length and kept trimmed. */
  Compressed zeroMember(int length) {
    return zeroMembers.computeIfAbsent(length, n -> {
      Compressed made = compress(zeros, n, new byte[outputSize()]);
      return new Compressed(Arrays.copyOf(made.bytes(), made.length()), made.length());
    });
  }

  /** An output buffer's usual size: enough for any chunk in zstd, and for nearly any in gzip. */
  int outputSize() {
    return compression == Compression.GZIP
        ? zeros.length + zeros.length / 8 + 1024
        : (int) Zstd.compressBound(zeros.length);
  }

  /**
   * The compressed form of {@code length} bytes of {@code chunk}, written into {@code out} (of
   * {@link #outputSize()} bytes; a larger array is returned if it did not suffice).
   */
  Compressed compress(byte[] chunk, int length, byte[] out) {
    Staging staging = stage(chunk, length);
    try {
      return compression == Compression.GZIP
          ? gzipMember(chunk, length, out, staging)
          : zstdFrame(length, out, staging);
    } finally {
      stagings.offer(staging);
    }
  }

  /** Staging buffers whose input holds the chunk's first {@code length} bytes, ready to read. */
  private Staging stage(byte[] chunk, int length) {
    Staging staging = stagings.poll();
    if (staging == null) {
      staging = new Staging(ByteBuffer.allocateDirect(zeros.length), ByteBuffer.allocateDirect(outputSize()));
    }
    staging.input().clear().put(chunk, 0, length).flip();
    return staging;
  }

  private Compressed gzipMember(byte[] chunk, int length, byte[] out, Staging staging) {
    ByteBuffer input = staging.input();
    ByteBuffer output = staging.output();
    Deflater deflater = deflaters.get();
    deflater.reset();
    deflater.setInput(input);
    deflater.finish();
    System.arraycopy(GZIP_HEADER, 0, out, 0, GZIP_HEADER.length);
    int n = GZIP_HEADER.length;
    while (!deflater.finished()) {
      deflater.deflate(output.clear());
      output.flip();
      if (n + output.remaining() > out.length) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, n + output.remaining()));
      }
      int produced = output.remaining();
      output.get(out, n, produced);
      n += produced;
    }
    if (n + 8 > out.length) {
      out = Arrays.copyOf(out, n + 8);
    }
    CRC32 crc = new CRC32();
    crc.update(chunk, 0, length);
    writeIntLe(out, n, (int) crc.getValue());
    writeIntLe(out, n + 4, length);
    return new Compressed(out, n + 8);
  }

  private static void writeIntLe(byte[] out, int at, int value) {
    out[at] = (byte) value;
    out[at + 1] = (byte) (value >>> 8);
    out[at + 2] = (byte) (value >>> 16);
    out[at + 3] = (byte) (value >>> 24);
  }

  private Compressed zstdFrame(int length, byte[] out, Staging staging) {
    ByteBuffer input = staging.input();
    ByteBuffer output = staging.output();
    int n = zstdContexts.get().compressDirectByteBuffer(output, 0, output.capacity(), input, 0, length);
    if (n > out.length) {
      out = new byte[n];
    }
    output.get(0, out, 0, n);
    return new Compressed(out, n);
  }

  /** A chunk's compressed form: the first {@code length} bytes of {@code bytes}. */
  record Compressed(byte[] bytes, int length) {}
}
