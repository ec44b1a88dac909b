package org.amisdk.storage.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.amisdk.storage.bundle.ChunkCompressor.Compressed;
import org.junit.jupiter.api.Test;

class ChunkCompressorTest {
  private static final int CHUNK = 64 * 1024;

  @Test
  void gzipMember_growsAnOutputBufferTooSmall_andStaysValid() throws Exception {
    byte[] chunk = new byte[CHUNK];
    new SplittableRandom(7).nextBytes(chunk); // incompressible: the member is longer than the chunk
    try (ChunkCompressor compressor = new ChunkCompressor(Compression.GZIP, CHUNK)) {
      Compressed member = compressor.compress(chunk, CHUNK, new byte[16]);
      try (GZIPInputStream in = new GZIPInputStream(
          new ByteArrayInputStream(member.bytes(), 0, member.length()))) {
        assertArrayEquals(chunk, in.readAllBytes());
      }
    }
  }

  @Test
  void zeroMember_isMadeOncePerLength_andDecompressesToZeros() {
    try (ChunkCompressor compressor = new ChunkCompressor(Compression.ZSTD, CHUNK)) {
      byte[] chunk = new byte[CHUNK];
      assertTrue(compressor.isZero(chunk, CHUNK));
      chunk[CHUNK - 1] = 1;
      assertFalse(compressor.isZero(chunk, CHUNK));
      assertTrue(compressor.isZero(chunk, CHUNK - 1));
      Compressed zeros = compressor.zeroMember(1000);
      assertSame(zeros, compressor.zeroMember(1000));
      byte[] frame = Arrays.copyOf(zeros.bytes(), zeros.length());
      assertArrayEquals(new byte[1000], Zstd.decompress(frame, 1000));
    }
  }
}
