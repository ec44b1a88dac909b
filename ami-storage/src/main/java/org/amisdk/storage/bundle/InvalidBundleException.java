package org.amisdk.storage.bundle;

import java.io.IOException;

/**
 * Thrown when a stored bundle is not a valid one: a malformed or inconsistent manifest, a missing,
 * truncated or altered part, a failed authentication tag or a key that does not open it.
 */
public final class InvalidBundleException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidBundleException(String message) {
    super(message);
  }

  public InvalidBundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
