package org.amisdk.storage.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Where stored blocks and the small catalog records of a {@link BlockDevices} live: the storage
 * SPI. A backend keeps opaque values under {@link BlockAddress} keys and under record names; it
 * does not hash, compress, check addresses, count references or know what a snapshot is: all of
 * that is built once, in {@link BlockDevices}, on top of this interface.
 *
 * <p>Contract, checked for every backend by {@code org.amisdk.testing.storage.BlockStoreContract}
 * (in the ami-testing artifact):
 * a call that returned is durable; putting a key that is already there is allowed and keeps one
 * copy; deleting an absent key does nothing; all methods are thread-safe. A crash during
 * {@link #put} may leave part of it (the service deletes blocks nothing names when it opens).
 * {@link #commit} is atomic: after a crash either all of it is there or none of it. It applies
 * its deletes first, then its puts in the map's iteration order (a name both deleted and put ends
 * up put). The three built-in backends (memory, directory, {@link #onObjects objects}) also make
 * each {@link #put} atomic.
 */
public interface BlockStore extends Closeable {

  /** The size of a block in bytes (the EBS direct API block size, 512 KiB). */
  int BLOCK_SIZE = 524_288;

  /** A store held in memory, for tests: fast, and gone when dropped. */
  static BlockStore inMemory() {
    return new MemoryBlockStore();
  }

  /**
   * A durable, crash-safe store in {@code directory} (created if missing): blocks are appended to
   * pack files with one fsync per {@link #put}, records to a catalog log, every batch and value
   * checksummed. The directory belongs to one process at a time: opening takes an exclusive lock
   * on it, held until {@link #close}. Opening after a crash drops a torn last write and any leftover
   * temporary file; damage anywhere else refuses the open, naming the file and offset, and changes
   * nothing ({@link #repairDirectory} salvages).
   *
   * @throws org.amisdk.storage.io.DirectoryInUseException when another store holds the directory
   * @throws org.amisdk.storage.io.DamagedFileException when a file is damaged beyond a torn last write
   */
  static BlockStore directory(Path directory) throws IOException {
    return DirectoryBlockStore.open(directory);
  }

  /**
   * Repairs a damaged {@link #directory} store (not open elsewhere): rewrites each damaged file with
   * every intact batch and entry it holds, and reports what it could not keep. Blocks that a
   * damaged pack held are gone (snapshots naming them then fail {@code verify}); catalog records in
   * a damaged batch are gone (the blocks only they named are then deleted by the next
   * {@link BlockDevices#open}). An intact store is left untouched.
   *
   * @throws org.amisdk.storage.io.DirectoryInUseException when a store holds the directory
   */
  static RepairReport repairDirectory(Path directory) throws IOException {
    return DirectoryBlockStore.repair(directory);
  }

  /**
   * Repairs a damaged {@link #onObjects} store under {@code prefix} (not open anywhere): replays
   * every log object that reads back (the newest intact checkpoint, then each later pack, delete and
   * commit), deletes the damaged ones, writes a checkpoint of what it kept, and reports what it
   * could not keep. A damaged checkpoint costs every record only it held (older log objects are
   * gone once a checkpoint supersedes them); blocks of a damaged pack are gone (snapshots naming
   * them then fail {@code verify}). An intact store is left untouched. Does not close
   * {@code objects}.
   */
  static RepairReport repairObjects(org.amisdk.storage.object.ObjectStore objects, String prefix) throws IOException {
    return ObjectBlockStore.repair(objects, prefix);
  }

  /**
   * A durable store kept as objects under {@code prefix} in {@code objects} (in memory, a directory,
   * S3, …), which it owns and closes. Every call is one atomic object put in a log that opening
   * replays; see {@code ObjectBlockStore}. Single writer: one process at a time may open a given
   * prefix, as object stores offer no compare-and-swap to guard against a second.
   */
  static BlockStore onObjects(org.amisdk.storage.object.ObjectStore objects, String prefix) throws IOException {
    return ObjectBlockStore.open(objects, prefix, ObjectBlockStore.DEFAULT_CHECKPOINT_EVERY);
  }

  /** Stores each value under its address, durably, in one commit. */
  void put(Map<BlockAddress, byte[]> blocks) throws IOException;

  /** The value stored under {@code address}, or {@code null} when there is none. */
  byte[] get(BlockAddress address) throws IOException;

  /**
   * The bytes the value under {@code address} occupies on the backend, 0 when there is none.
   * Backends that index their values answer without reading the value; this default reads it.
   */
  default long storedSize(BlockAddress address) throws IOException {
    byte[] value = get(address);
    return value == null ? 0 : value.length;
  }

  /** Whether a value is stored under {@code address}. */
  boolean contains(BlockAddress address) throws IOException;

  /** Deletes the values stored under these addresses, durably, in one commit. */
  void delete(Collection<BlockAddress> addresses) throws IOException;

  /** Every address with a stored value (what garbage collection and verify walk). */
  Set<BlockAddress> addresses() throws IOException;

  /** The bytes the stored values occupy on the backend, overhead included. */
  long storedBytes() throws IOException;

  /** Deletes, then puts, catalog records (small values under names), durably and atomically. */
  void commit(Map<String, byte[]> puts, Collection<String> deletes) throws IOException;

  /** Every catalog record, by name. */
  Map<String, byte[]> records() throws IOException;
}
