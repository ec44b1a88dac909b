package org.amisdk.storage.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.amisdk.storage.io.RawImageFile;

/**
 * Unbundling into a {@link RawImageFile}: each chunk goes at the next offset, and an all-zero chunk
 * is not written, so it stays a hole (an image's free space costs neither writes nor disk).
 */
final class ImageFileSink implements BundleReader.ImageSink {
  private static final byte[] ZEROS = new byte[BundleReader.DECOMPRESSED_CHUNK];

  private final RawImageFile file;
  private final ByteBuffer buffer = RawImageFile.buffer(BundleReader.DECOMPRESSED_CHUNK);
  private long position;

  ImageFileSink(RawImageFile file) {
    this.file = file;
  }

  @Override
  public void accept(byte[] chunk, int length) throws IOException {
    if (position % RawImageFile.ALIGNMENT != 0) { // a short chunk is only ever the last
      throw new IllegalStateException("a chunk came after a short one, at offset " + position);
    }
    if (Arrays.mismatch(chunk, 0, length, ZEROS, 0, length) != -1) {
      file.write(buffer.clear().put(chunk, 0, length).flip(), position);
    }
    position += length;
  }
}
