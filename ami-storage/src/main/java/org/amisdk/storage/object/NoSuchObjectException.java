package org.amisdk.storage.object;

import java.io.IOException;

/** Thrown when an object (or a multipart upload) named by a call does not exist. */
public final class NoSuchObjectException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public NoSuchObjectException(String key) {
    this(key, "object " + key + " does not exist", null);
  }

  public NoSuchObjectException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The key that was asked for. */
  public String key() {
    return key;
  }
}
