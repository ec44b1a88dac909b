package org.amisdk.storage.object;

import java.io.IOException;
import java.io.InputStream;

/**
 * An object being uploaded in numbered parts, made visible under its key by {@link #complete()}
 * as the concatenation of its parts in number order.
 *
 * <p>Parts are numbered 1 to {@value #MAX_PARTS}; putting a part number again replaces it. S3
 * requires every part but the last to be at least 5 MiB; the local backends accept any size.
 * An upload is used by one thread at a time.
 */
public interface MultipartUpload {

  /** The highest part number, as in S3. */
  int MAX_PARTS = 10_000;

  /**
   * Checks a part number, for backends.
   *
   * @throws IllegalArgumentException naming the upload if {@code partNumber} is not 1 to {@value #MAX_PARTS}
   */
  static void checkPartNumber(ObjectKey key, int partNumber) {
    if (partNumber < 1 || partNumber > MAX_PARTS) {
      throw new IllegalArgumentException("part number " + partNumber + " of the upload to " + key
          + " is not 1 to " + MAX_PARTS);
    }
  }

  /** The key the object will have. */
  ObjectKey key();

  /**
   * Stores part {@code partNumber}: exactly {@code length} bytes of {@code content}.
   *
   * @throws IllegalArgumentException if {@code partNumber} is not 1 to {@value #MAX_PARTS}
   * @throws IOException if the stream delivers fewer or more bytes than {@code length}
   */
  void putPart(int partNumber, InputStream content, long length) throws IOException;

  /**
   * Publishes the parts as one object under {@link #key()}.
   *
   * @throws IllegalStateException if no part was put, or the upload is already finished
   */
  ObjectInfo complete() throws IOException;

  /** Discards the parts; nothing appears under the key. Aborting twice does nothing. */
  void abort() throws IOException;
}
