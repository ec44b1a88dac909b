package org.amisdk.storage.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of a raw disk image of known size, to bundle. {@link #open()} may be called once per
 * bundling; the stream must deliver exactly {@link #size()} bytes.
 */
public interface RawImageSource {

  /** The image's length in bytes. */
  long size();

  /** Opens the image from its first byte; the caller closes the stream. */
  InputStream open() throws IOException;

  /** The image in a file; its size is taken now. */
  static RawImageSource ofFile(Path file) throws IOException {
    long size = Files.size(file);
    return of(size, () -> Files.newInputStream(file));
  }

  /** An image held in memory. */
  static RawImageSource ofBytes(byte[] bytes) {
    byte[] copy = bytes.clone();
    return of(copy.length, () -> new ByteArrayInputStream(copy));
  }

  /** An image of {@code size} bytes that {@code opener} streams (a volume, a snapshot, a download). */
  static RawImageSource of(long size, Opener opener) {
    if (size < 0) {
      throw new IllegalArgumentException("raw image size " + size + " is negative");
    }
    return new RawImageSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return opener.open();
      }
    };
  }

  /** Opens a stream of an image's bytes. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }
}
