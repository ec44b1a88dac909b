package org.amisdk.storage.object;

import java.io.IOException;

/** Thrown when stored bytes no longer match what was written (a digest or a format check failed). */
public final class CorruptObjectException extends IOException {
  private static final long serialVersionUID = 1L;

  public CorruptObjectException(String message) {
    super(message);
  }
}
