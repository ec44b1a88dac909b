package org.amisdk.storage.block;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Per-thread tools to turn a 512 KiB block into its stored form and back: a SHA-256 digest, zstd
 * contexts and a scratch buffer. The stored form is one codec byte (0 raw, 1 zstd) and the payload.
 * A block is a byte array or a buffer (a direct one is compressed where it lies, with no copy).
 */
final class BlockCodec {
  static final int BLOCK = BlockStore.BLOCK_SIZE;
  private static final byte[] ZERO = new byte[BLOCK];
  private static final ByteBuffer DIRECT_ZERO = ByteBuffer.allocateDirect(BLOCK).asReadOnlyBuffer();
  private static final ThreadLocal<BlockCodec> PER_THREAD = ThreadLocal.withInitial(BlockCodec::new);

  private final MessageDigest digest = BlockAddress.sha256();
  private final ZstdCompressCtx compressor = new ZstdCompressCtx();
  private final ZstdDecompressCtx decompressor = new ZstdDecompressCtx();
  private final byte[] scratch = new byte[(int) Zstd.compressBound(BLOCK)];
  private ByteBuffer directScratch;
  private int level = -1;

  static BlockCodec get() {
    return PER_THREAD.get();
  }

  static boolean isZero(byte[] block) {
    return Arrays.equals(block, 0, BLOCK, ZERO, 0, BLOCK);
  }

  /** Whether the {@value #BLOCK} bytes of {@code block} from its position on are all zero. */
  static boolean isZero(ByteBuffer block) {
    ByteBuffer bytes = block.slice(block.position(), BLOCK);
    return bytes.isDirect() ? bytes.mismatch(DIRECT_ZERO) < 0 : bytes.mismatch(ByteBuffer.wrap(ZERO)) < 0;
  }

  BlockAddress address(byte[] block) {
    digest.update(block, 0, BLOCK);
    return BlockAddress.of(digest);
  }

  /** The address of the {@value #BLOCK} bytes of {@code block} from its position on; the buffer is left as it was. */
  BlockAddress address(ByteBuffer block) {
    digest.update(block.slice(block.position(), BLOCK));
    return BlockAddress.of(digest);
  }

  byte[] encode(byte[] block, int compressionLevel) {
    return encode(ByteBuffer.wrap(block), compressionLevel);
  }

  /** The stored form of the {@value #BLOCK} bytes of {@code block} from its position on; the buffer is left as it was. */
  byte[] encode(ByteBuffer block, int compressionLevel) {
    if (level != compressionLevel) {
      compressor.setLevel(compressionLevel);
      level = compressionLevel;
    }
    int at = block.position();
    int length;
    if (block.isDirect()) {
      if (directScratch == null) {
        directScratch = ByteBuffer.allocateDirect(scratch.length);
      }
      length = compressor.compressDirectByteBuffer(directScratch, 0, scratch.length, block, at, BLOCK);
    } else {
      length = compressor.compressByteArray(scratch, 0, scratch.length, block.array(), block.arrayOffset() + at, BLOCK);
    }
    if (length >= BLOCK - 64) {
      byte[] raw = new byte[BLOCK + 1];
      block.get(at, raw, 1, BLOCK);
      return raw;
    }
    byte[] stored = new byte[length + 1];
    stored[0] = 1;
    if (block.isDirect()) {
      directScratch.get(0, stored, 1, length);
    } else {
      System.arraycopy(scratch, 0, stored, 1, length);
    }
    return stored;
  }

  /**
   * Decodes a stored block into {@code target} and checks it against {@code address}.
   *
   * @return null when it matches, otherwise why not
   */
  String decode(byte[] stored, byte[] target, BlockAddress address) {
    return decode(stored, ByteBuffer.wrap(target), address);
  }

  /**
   * As {@link #decode(byte[], byte[], BlockAddress)}, into the {@value #BLOCK} bytes of {@code
   * target} from its position on (a direct buffer is filled where it lies); the buffer's position
   * and limit are left as they were.
   */
  String decode(byte[] stored, ByteBuffer target, BlockAddress address) {
    if (stored.length == 0) {
      return "it is empty";
    }
    int at = target.position();
    if (stored[0] == 0) {
      if (stored.length != BLOCK + 1) {
        return "its raw length is " + (stored.length - 1);
      }
      target.put(at, stored, 1, BLOCK);
    } else if (stored[0] == 1) {
      try {
        int length = target.isDirect()
            ? decompressor.decompressByteArrayToDirectByteBuffer(target, at, BLOCK, stored, 1, stored.length - 1)
            : decompressor.decompressByteArray(target.array(), target.arrayOffset() + at, BLOCK, stored, 1,
                stored.length - 1);
        if (length != BLOCK) {
          return "it decompresses to " + length + " bytes";
        }
      } catch (ZstdException e) {
        return "it does not decompress (" + e.getMessage() + ")";
      }
    } else {
      return "its codec byte is " + stored[0];
    }
    BlockAddress actual = address(target);
    return actual.equals(address) ? null : "its content hashes to " + actual;
  }
}
