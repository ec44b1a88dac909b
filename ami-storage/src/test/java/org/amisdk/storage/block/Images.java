package org.amisdk.storage.block;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Test images: random raw disks mixing zero, random, repeated and compressible blocks. */
final class Images {
  static final int BLOCK = BlockStore.BLOCK_SIZE;

  private Images() {}

  /** An image of {@code size} bytes: each block zero, random, a copy of an earlier one, or text. */
  static byte[] random(SplittableRandom random, long size) {
    byte[] image = new byte[Math.toIntExact(size)];
    int blocks = (image.length + BLOCK - 1) / BLOCK;
    for (int b = 0; b < blocks; b++) {
      int start = b * BLOCK;
      int length = Math.min(BLOCK, image.length - start);
      switch (random.nextInt(4)) {
        case 0 -> { } // zero
        case 1 -> fillRandom(random, image, start, length);
        case 2 -> {
          if (b > 0) {
            int from = random.nextInt(b) * BLOCK;
            System.arraycopy(image, from, image, start, Math.min(length, image.length - from));
          }
        }
        default -> {
          for (int i = 0; i < length; i++) {
            image[start + i] = (byte) ('a' + (i * 7 + b) % 26);
          }
          image[start + random.nextInt(length)] = (byte) random.nextInt();
        }
      }
    }
    return image;
  }

  static void fillRandom(SplittableRandom random, byte[] target, int offset, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    System.arraycopy(bytes, 0, target, offset, length);
  }

  /** A random size of 1 to {@code maxBlocks} blocks, often not a multiple of the block size. */
  static long randomSize(SplittableRandom random, int maxBlocks) {
    long blocks = 1 + random.nextInt(maxBlocks);
    return random.nextBoolean() ? blocks * BLOCK : (blocks - 1) * BLOCK + 1 + random.nextInt(BLOCK - 1);
  }

  static Path write(Path directory, String name, byte[] image) throws IOException {
    Files.createDirectories(directory);
    return Files.write(directory.resolve(name), image);
  }

  static String sha256(byte[] bytes) {
    MessageDigest digest = BlockAddress.sha256();
    return HexFormat.of().formatHex(digest.digest(bytes));
  }
}
