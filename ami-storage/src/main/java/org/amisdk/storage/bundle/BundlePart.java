package org.amisdk.storage.bundle;

import java.util.Objects;
import org.amisdk.storage.object.ObjectKey;

/**
 * One stored part of a bundle.
 *
 * @param number the part's number, from 1
 * @param key where it is stored
 * @param size its stored length in bytes (with a nonce and tag when encrypted)
 * @param sha256 the SHA-256 of its stored bytes, lower-case hex
 */
public record BundlePart(int number, ObjectKey key, long size, String sha256) {
  public BundlePart {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
  }
}
