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
 * contexts and scratch buffers. The stored form is one codec byte (0 raw, 1 zstd) and the payload.
 * A block is a byte array or a buffer (a direct one is compressed where it lies, with no copy).
 *
 * <p>zstd only ever sees direct buffers: an array block or stored form is copied into this
 * thread's scratch first. Given arrays, zstd-jni pins them for the whole call (a JNI critical
 * region), and with every core compressing or decompressing blocks back to back some array is
 * nearly always pinned; on Java 17's G1 an allocation that then needs a collection can fail with
 * a false {@link OutOfMemoryError} ("Retried waiting for GCLocker too often").
 */
final class BlockCodec {
  static final int BLOCK = BlockStore.BLOCK_SIZE;
  private static final byte[] ZERO = new byte[BLOCK];
  private static final ByteBuffer DIRECT_ZERO = ByteBuffer.allocateDirect(BLOCK).asReadOnlyBuffer();
  private static final ThreadLocal<BlockCodec> PER_THREAD = ThreadLocal.withInitial(BlockCodec::new);

  private final MessageDigest digest = BlockAddress.sha256();
  private final ZstdCompressCtx compressor = new ZstdCompressCtx();
  private final ZstdDecompressCtx decompressor = new ZstdDecompressCtx();
  /** The stored form of the last block encoded: the codec byte, then the payload. */
  private final ByteBuffer scratch = ByteBuffer.allocateDirect((int) Zstd.compressBound(BLOCK) + 1);
  /** An array block on its way to or from zstd. */
  private final ByteBuffer plain = ByteBuffer.allocateDirect(BLOCK);
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

  /**
   * The stored form of the {@value #BLOCK} bytes of {@code block} from its position on, as a
   * read-only view of this thread's scratch buffer, valid until the thread's next encode or
   * decode; the block buffer is left as it was.
   */
  ByteBuffer encode(ByteBuffer block, int compressionLevel) {
    if (level != compressionLevel) {
      compressor.setLevel(compressionLevel);
      level = compressionLevel;
    }
    int at = block.position();
    if (!block.isDirect()) {
      plain.put(0, block, at, BLOCK);
      block = plain;
      at = 0;
    }
    int length = compressor.compressDirectByteBuffer(scratch, 1, scratch.capacity() - 1, block, at, BLOCK);
    if (length >= BLOCK - 64) {
      scratch.put(0, (byte) 0).put(1, block, at, BLOCK);
      length = BLOCK;
    } else {
      scratch.put(0, (byte) 1);
    }
    return scratch.asReadOnlyBuffer().limit(length + 1);
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
      if (stored.length > scratch.capacity()) {
        return "its compressed length is " + (stored.length - 1) + ", more than zstd makes of a block";
      }
      scratch.put(0, stored);
      ByteBuffer into = target.isDirect() ? target : plain;
      try {
        int length = decompressor.decompressDirectByteBuffer(into, target.isDirect() ? at : 0, BLOCK, scratch, 1,
            stored.length - 1);
        if (length != BLOCK) {
          return "it decompresses to " + length + " bytes";
        }
      } catch (ZstdException e) {
        return "it does not decompress (" + e.getMessage() + ")";
      }
      if (!target.isDirect()) {
        target.put(at, plain, 0, BLOCK);
      }
    } else {
      return "its codec byte is " + stored[0];
    }
    BlockAddress actual = address(target);
    return actual.equals(address) ? null : "its content hashes to " + actual;
  }
}
