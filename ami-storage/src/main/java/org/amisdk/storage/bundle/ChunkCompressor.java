package org.amisdk.storage.bundle;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
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
 * Each thread keeps its own
 * deflater or zstd context and output buffer; {@link #close()} frees the native ones once no
 * thread compresses any more. Safe for concurrent use.
 */
final class ChunkCompressor implements AutoCloseable {
  static final int GZIP_LEVEL = 6;
  static final int ZSTD_LEVEL = 3;
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final Compression compression;
  private final Map<Integer, byte[]> zeroMembers = new ConcurrentHashMap<>();
  private final ThreadLocal<Deflater> deflaters;
  private final ThreadLocal<ZstdCompressCtx> zstdContexts;
  private final Queue<Runnable> closers = new ConcurrentLinkedQueue<>();
  private final byte[] zeros;
  private final ThreadLocal<byte[]> outputs = ThreadLocal.withInitial(() -> new byte[0]);

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
  }

  /** Whether the first {@code length} bytes of {@code chunk} (at most the chunk size) are all zero. */
  boolean isZero(byte[] chunk, int length) {
    return Arrays.mismatch(chunk, 0, length, zeros, 0, length) == -1;
  }

  /** The compressed form of {@code length} zero bytes (at most the chunk size), made once per length. */
  byte[] zeroMember(int length) {
    return zeroMembers.computeIfAbsent(length, n -> compress(zeros, n));
  }

  /** The compressed form of {@code length} bytes of {@code chunk}. */
  byte[] compress(byte[] chunk, int length) {
    return compression == Compression.GZIP ? gzipMember(chunk, length) : zstdFrame(chunk, length);
  }

  private byte[] gzipMember(byte[] chunk, int length) {
    Deflater deflater = deflaters.get();
    deflater.reset();
    deflater.setInput(chunk, 0, length);
    deflater.finish();
    byte[] out = output(length + length / 8 + 1024);
    System.arraycopy(GZIP_HEADER, 0, out, 0, GZIP_HEADER.length);
    int n = GZIP_HEADER.length;
    while (!deflater.finished()) {
      if (n == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
        outputs.set(out);
      }
      n += deflater.deflate(out, n, out.length - n);
    }
    CRC32 crc = new CRC32();
    crc.update(chunk, 0, length);
    byte[] member = Arrays.copyOf(out, n + 8);
    writeIntLe(member, n, (int) crc.getValue());
    writeIntLe(member, n + 4, length);
    return member;
  }

  /** This thread's output buffer, at least {@code size} bytes: reused, as fresh 1 MiB arrays are costly. */
  private byte[] output(int size) {
    byte[] out = outputs.get();
    if (out.length < size) {
      out = new byte[size];
      outputs.set(out);
    }
    return out;
  }

  private static void writeIntLe(byte[] out, int at, int value) {
    out[at] = (byte) value;
    out[at + 1] = (byte) (value >>> 8);
    out[at + 2] = (byte) (value >>> 16);
    out[at + 3] = (byte) (value >>> 24);
  }

  private byte[] zstdFrame(byte[] chunk, int length) {
    byte[] out = output((int) Zstd.compressBound(length));
    int n = zstdContexts.get().compressByteArray(out, 0, out.length, chunk, 0, length);
    return Arrays.copyOf(out, n);
  }
}
