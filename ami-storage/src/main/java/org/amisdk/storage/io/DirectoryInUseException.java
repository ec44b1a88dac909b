package org.amisdk.storage.io;

import java.io.IOException;

/** A store directory could not be opened because another store, in this or another process, holds its {@link DirectoryLock}. */
public final class DirectoryInUseException extends IOException {
  private static final long serialVersionUID = 1L;

  public DirectoryInUseException(String message) {
    super(message);
  }
}
