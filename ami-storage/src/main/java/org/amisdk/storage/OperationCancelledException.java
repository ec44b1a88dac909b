package org.amisdk.storage;

import java.util.concurrent.CancellationException;

/** Thrown when a {@link ProgressListener} cancelled a long operation; nothing of it is visible. */
public final class OperationCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  public OperationCancelledException(String message) {
    super(message);
  }
}
