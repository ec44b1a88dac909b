package org.amisdk.storage.bundle;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses one chunk of an image into an independent gzip member or zstd frame, so chunks can
 * be compressed in parallel and their outputs concatenated into one valid stream (as pigz does).
 * An all-zero chunk reuses the member made once for that length. Safe for concurrent use.
 */
final class ChunkCompressor {
  static final int GZIP_LEVEL = 6;
  static final int ZSTD_LEVEL = 3;
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final Compression compression;
  private final Map<Integer, byte[]> zeroMembers = new ConcurrentHashMap<>();
  private final ThreadLocal<Deflater> deflaters;
  private final byte[] zeros;

  ChunkCompressor(Compression compression, int chunkSize) {
    this.compression = compression;
    this.zeros = new byte[chunkSize];
    this.deflaters = ThreadLocal.withInitial(() -> new Deflater(GZIP_LEVEL, true));
  }

  /** The compressed form of {@code length} bytes of {@code chunk}. */
  byte[] compress(byte[] chunk, int length) {
    if (length <= zeros.length && Arrays.mismatch(chunk, 0, length, zeros, 0, length) == -1) {
      return zeroMembers.computeIfAbsent(length, n -> compressNow(zeros, n));
    }
    return compressNow(chunk, length);
  }

  private byte[] compressNow(byte[] chunk, int length) {
    return compression == Compression.GZIP ? gzipMember(chunk, length) : zstdFrame(chunk, length);
  }

  private byte[] gzipMember(byte[] chunk, int length) {
    Deflater deflater = deflaters.get();
    deflater.reset();
    deflater.setInput(chunk, 0, length);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(length / 3 + 64);
    out.write(GZIP_HEADER, 0, GZIP_HEADER.length);
    byte[] buffer = new byte[64 * 1024];
    while (!deflater.finished()) {
      int n = deflater.deflate(buffer);
      out.write(buffer, 0, n);
    }
    CRC32 crc = new CRC32();
    crc.update(chunk, 0, length);
    writeIntLe(out, (int) crc.getValue());
    writeIntLe(out, length);
    return out.toByteArray();
  }

  private static void writeIntLe(ByteArrayOutputStream out, int value) {
    out.write(value);
    out.write(value >>> 8);
    out.write(value >>> 16);
    out.write(value >>> 24);
  }

  private static byte[] zstdFrame(byte[] chunk, int length) {
    byte[] out = new byte[(int) Zstd.compressBound(length)];
    long n = Zstd.compressByteArray(out, 0, out.length, chunk, 0, length, ZSTD_LEVEL);
    if (Zstd.isError(n)) {
      throw new IllegalStateException("zstd failed to compress a chunk: " + Zstd.getErrorName(n));
    }
    return Arrays.copyOf(out, (int) n);
  }
}
