package org.amisdk.storage.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.amisdk.storage.ProgressListener;

/**
 * Snapshots, volumes and raw images on top of any {@link BlockStore}: the data plane's block
 * service. Blocks are 512 KiB, addressed by SHA-256, compressed with zstd; all-zero blocks are
 * never stored; identical blocks are stored once across the whole store. Every block read is
 * checked against its address.
 *
 * <p>Snapshots are immutable once completed. Deleting one frees exactly the blocks no other
 * snapshot, volume or operation in progress holds; a snapshot that volumes were made from
 * disappears at once but keeps its blocks until the last such volume is gone (and so does the
 * parent of a snapshot still pending). Catalog changes are durable and atomic when the method
 * returns; a snapshot started with {@link #startSnapshot} survives a reopening with every block
 * written to it, while volume writes not yet flushed do not.
 *
 * <p>Thread-safe. Misuse (unknown ids, bad sizes, wrong checksums, writes to a completed snapshot)
 * throws JDK exceptions and changes nothing; storage failures throw {@link IOException}.
 */
public interface BlockDevices extends Closeable {

  /**
   * The zstd level used unless another is given: the fastest that keeps the stored bytes within 5%
   * of restic's (the project's aim). Measured on the benchmark's 1 GiB ext4 image (1,364 non-zero
   * blocks) on 2026-12-01: level 1 stores 250.7 MB, level 2 241.6 MB, level 3 235.0 MB (restic
   * 0.14: 236.5 MB, so 1.060, 1.022 and 0.994 times restic's); compressing the blocks took 2.2, 2.9
   * and 4.2 CPU seconds, so level 2 costs a third less CPU than level 3 for 2.8% more bytes.
   */
  int DEFAULT_COMPRESSION_LEVEL = 2;

  /**
   * Opens the service on {@code store} and takes ownership of it (closing the service closes it; a
   * failed open closes it too). Reads the catalog and, once all of it decoded cleanly and every
   * block it names is in the store, deletes blocks nothing references (leftovers of a crash); when
   * a named block is missing it deletes nothing ({@link #verify} reports what is missing).
   */
  static BlockDevices open(BlockStore store) throws IOException {
    return open(store, DEFAULT_COMPRESSION_LEVEL);
  }

  /** As {@link #open(BlockStore)}, compressing new blocks with zstd at {@code compressionLevel}. */
  static BlockDevices open(BlockStore store, int compressionLevel) throws IOException {
    try {
      return new LocalBlockDevices(store, compressionLevel);
    } catch (IOException | RuntimeException e) {
      try {
        store.close(); // it was handed over: a refused open releases it (and its directory's lock)
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  // ---- raw images

  /**
   * Imports a raw disk image as a new snapshot, streaming it with bounded memory. Blocks already
   * in the store (for instance the parent's) are not stored again.
   *
   * @param parent the snapshot this one descends from (lineage for {@link #listChangedBlocks})
   * @throws org.amisdk.storage.OperationCancelledException when {@code listener} cancelled: nothing
   *     of the import is visible or kept
   */
  BlockSnapshotId importRaw(Path image, Optional<BlockSnapshotId> parent, ProgressListener listener) throws IOException;

  /**
   * Writes a snapshot to a raw file byte for byte (zero blocks as holes), atomically: the target
   * appears whole or not at all.
   */
  void export(BlockSnapshotId snapshot, Path target, ProgressListener listener) throws IOException;

  /** Flushes a volume and writes its content to a raw file, as {@link #export(BlockSnapshotId, Path, ProgressListener)}. */
  void export(BlockVolumeId volume, Path target, ProgressListener listener) throws IOException;

  // ---- snapshots

  /** Every completed snapshot, in no particular order. */
  List<SnapshotInfo> snapshots();

  /** The snapshots started (through {@link #startSnapshot}) and neither completed nor deleted yet. */
  Set<BlockSnapshotId> pendingSnapshots();

  /** A completed snapshot, or empty when there is none with that id. */
  Optional<SnapshotInfo> snapshot(BlockSnapshotId id);

  /** The cost of a completed snapshot. */
  SnapshotStats stats(BlockSnapshotId id);

  /** The size of the whole store. */
  StoreStats stats() throws IOException;

  /** Deletes a completed snapshot and frees the blocks only it held, or abandons a pending one and what was written to it. */
  void deleteSnapshot(BlockSnapshotId id) throws IOException;

  // ---- volumes

  /** A new, all-zero volume of {@code sizeBytes}. */
  BlockVolume createVolume(long sizeBytes) throws IOException;

  /** A new volume with a snapshot's content, usable at once; no block is copied. */
  BlockVolume createVolume(BlockSnapshotId snapshot) throws IOException;

  /** The most volumes one {@link #createVolumes} call makes. */
  int MAX_VOLUMES_PER_CALL = 10_000;

  /**
   * {@code count} new volumes from one snapshot, committed together.
   *
   * @throws IllegalArgumentException if {@code count} is not 1 to {@value #MAX_VOLUMES_PER_CALL}
   */
  List<BlockVolume> createVolumes(BlockSnapshotId snapshot, int count) throws IOException;

  /**
   * {@code count} new volumes of {@code sizeBytes} from one snapshot, committed together: the
   * snapshot's bytes, then zeros up to {@code sizeBytes} (EC2 lets a volume be larger than its
   * snapshot). No block is copied.
   *
   * @throws IllegalArgumentException if {@code sizeBytes} is smaller than the snapshot or over 64 TiB,
   *     or {@code count} is not 1 to {@value #MAX_VOLUMES_PER_CALL}
   */
  List<BlockVolume> createVolumes(BlockSnapshotId snapshot, long sizeBytes, int count) throws IOException;

  /** A volume by id, or empty. */
  Optional<BlockVolume> volume(BlockVolumeId id);

  /** Every volume's id. */
  List<BlockVolumeId> volumes();

  /** Deletes a volume, dropping unflushed writes, and frees what only it held. */
  void deleteVolume(BlockVolumeId id) throws IOException;

  /**
   * Snapshots a volume: stores only the blocks written since its last snapshot (changed-block
   * tracking) and commits the snapshot, whose parent is the volume's base. The volume's base
   * becomes the new snapshot.
   */
  BlockSnapshotId snapshot(BlockVolumeId volume) throws IOException;

  // ---- verify

  /**
   * Reads every referenced block, checks it against its address, and reports what is missing or
   * corrupt. Snapshots and volumes deleted while it runs are no false alarm: what it reads stays
   * stored until it is done.
   */
  VerifyReport verify(ProgressListener listener) throws IOException;

  // ---- EBS direct API equivalents

  /**
   * StartSnapshot: a pending snapshot of {@code sizeBytes} that starts with the parent's blocks.
   *
   * @throws IllegalArgumentException when the parent is unknown or larger than {@code sizeBytes}
   */
  BlockSnapshotId startSnapshot(long sizeBytes, Optional<BlockSnapshotId> parent) throws IOException;

  /**
   * PutSnapshotBlock: writes block {@code index} of a pending snapshot (again overwrites), durably.
   *
   * @param checksum the base64 SHA-256 of the 524,288 bytes; a mismatch is refused
   * @throws IllegalArgumentException when the data or checksum is missing, or the length, index or
   *     checksum is wrong
   * @throws IllegalStateException when the snapshot is not pending
   */
  void putSnapshotBlock(BlockSnapshotId id, long index, byte[] data, String checksum) throws IOException;

  /**
   * CompleteSnapshot: stores the written blocks durably and makes the snapshot visible.
   *
   * @throws IllegalArgumentException when {@code changedBlocks} is not the number of blocks written
   */
  void completeSnapshot(BlockSnapshotId id, int changedBlocks) throws IOException;

  /** ListSnapshotBlocks: the non-zero blocks of a completed snapshot, by ascending index. */
  List<SnapshotBlock> listSnapshotBlocks(BlockSnapshotId id);

  /**
   * ListChangedBlocks: the blocks that differ between two snapshots of one lineage, by ascending index.
   *
   * @throws IllegalArgumentException when neither snapshot descends from the other
   */
  List<ChangedBlock> listChangedBlocks(BlockSnapshotId first, BlockSnapshotId second);

  /**
   * GetSnapshotBlock: the 524,288 bytes of a listed block, checked against its address.
   *
   * @throws java.util.NoSuchElementException when the snapshot does not list that block
   */
  byte[] getSnapshotBlock(BlockSnapshotId id, long index) throws IOException;
}
