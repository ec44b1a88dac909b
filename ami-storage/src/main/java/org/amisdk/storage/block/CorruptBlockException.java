package org.amisdk.storage.block;

import java.io.IOException;

/**
 * Thrown when a stored block does not match its address or cannot be decoded; the message names
 * the snapshot or volume and the block index. Corrupt bytes are never returned as data.
 */
public final class CorruptBlockException extends IOException {
  private static final long serialVersionUID = 1L;

  public CorruptBlockException(String message) {
    super(message);
  }

  public CorruptBlockException(String message, Throwable cause) {
    super(message, cause);
  }
}
