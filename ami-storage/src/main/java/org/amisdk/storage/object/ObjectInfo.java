package org.amisdk.storage.object;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store knows of one object without reading it.
 *
 * @param key the object's key
 * @param size its length in bytes
 * @param digest its content digest as the backend states it: {@code sha256:<hex>} where the
 *     backend knows the SHA-256 (always for the local backends), otherwise {@code etag:<etag>}
 * @param lastModified when it was last written
 */
public record ObjectInfo(ObjectKey key, long size, String digest, Instant lastModified) {
  public ObjectInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(lastModified, "lastModified");
    if (size < 0) {
      throw new IllegalArgumentException("object " + key + " has a negative size " + size);
    }
  }

  /** The digest string for a SHA-256 given in lower-case hex. */
  public static String sha256Digest(String hex) {
    return "sha256:" + hex;
  }
}
