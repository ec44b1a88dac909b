package org.amisdk.storage.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A store file holds damage that is not a torn last write: the store refuses to open (or a read
 * refuses to answer) rather than guess, and changes nothing. The message names the file, the
 * offset and what was found there.
 */
public final class DamagedFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  public DamagedFileException(Path file, long offset, String found) {
    super(file + " is damaged at offset " + offset + ": " + found);
    this.file = file;
    this.offset = offset;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }

  /** Where in the file the damage was found. */
  public long offset() {
    return offset;
  }
}
