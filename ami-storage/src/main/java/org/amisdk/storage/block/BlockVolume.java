package org.amisdk.storage.block;

import java.io.IOException;
import java.util.Optional;

/**
 * A writable block device of a fixed size, made by {@link BlockDevices#createVolume}. Reads and
 * writes go to any byte offset and length; written blocks stay in memory until {@link #flush}
 * (or until enough of them gather), which stores them durably. A volume made from a snapshot reads
 * that snapshot's blocks until they are overwritten. Thread-safe.
 */
public interface BlockVolume {

  /** The volume's stable id. */
  BlockVolumeId id();

  /** The volume's size in bytes. */
  long size();

  /** The snapshot the volume's unchanged blocks come from: the one it was made from or last snapshotted to. */
  Optional<BlockSnapshotId> base();

  /**
   * Reads {@code length} bytes at {@code position} into {@code target} from {@code offset}.
   *
   * @throws IllegalArgumentException when the range is outside the volume (any {@code position}, up
   *     to {@link Long#MAX_VALUE}, is checked without overflow)
   * @throws IndexOutOfBoundsException when the range is outside the array
   * @throws CorruptBlockException when a block read does not match its address
   */
  void read(long position, byte[] target, int offset, int length) throws IOException;

  /**
   * Writes {@code length} bytes from {@code source} at {@code offset} to the volume at {@code position}.
   *
   * @throws IllegalArgumentException when the range is outside the volume
   * @throws IndexOutOfBoundsException when the range is outside the array
   */
  void write(long position, byte[] source, int offset, int length) throws IOException;

  /** Stores every written block durably; after it returns a reopened store sees the writes. */
  void flush() throws IOException;

  /** How many blocks were written since the volume's base snapshot (what a snapshot would store). */
  int changedBlocks();
}
