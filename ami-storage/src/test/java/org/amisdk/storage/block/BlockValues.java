package org.amisdk.storage.block;

import java.util.SplittableRandom;

/** Values the package's backend tests store: seeded bytes and their addresses. */
abstract class BlockValues {
  /** {@code length} pseudo-random bytes drawn from {@code seed}. */
  static byte[] value(long seed, int length) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  /** The SHA-256 address of a whole array. */
  static BlockAddress addressOf(byte[] value) {
    return BlockAddress.of(value, 0, value.length);
  }
}
