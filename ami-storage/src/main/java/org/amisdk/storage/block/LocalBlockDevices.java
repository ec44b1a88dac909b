package org.amisdk.storage.block;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.amisdk.storage.OperationCancelledException;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.io.DamagedFileException;
import org.amisdk.storage.io.DurableFiles;

/**
 * {@link BlockDevices#open}: the catalog (snapshots, volumes, pending snapshots) and a reference
 * count per block address, all guarded by {@code lock}; block hashing, compression and I/O run
 * outside it on a small worker pool and one writer thread.
 *
 * <p>References: every manifest holds one per entry, every volume one per stored overwritten
 * block, every operation in progress one per block it added. A block whose count drops to zero is
 * deleted from the store under the lock, so no operation can count on it meanwhile. Records are
 * committed before blocks are freed, and blocks are stored before records name them, so a crash
 * leaves at worst unreferenced blocks, and deleted snapshots that no volume holds any more (their
 * last volume went before their own record did), both of which opening deletes.
 *
 * <p>Its parts: {@link RawImport} and {@link RawExport} move raw files in and out on the workers,
 * {@link DirectSnapshots} holds the EBS direct API's pending snapshots, {@link LocalVolume} a
 * volume's blocks and overwrites.
 */
final class LocalBlockDevices implements BlockDevices {
  static final int BLOCK = BlockStore.BLOCK_SIZE;
  private static final String SNAPSHOT_RECORD = "snapshot/";
  private static final String VOLUME_RECORD = "volume/";
  /** A pending snapshot's header ({@code pending/<id>}: a manifest of no blocks) and its written blocks ({@code pending/<id>/<index>}). */
  static final String PENDING_RECORD = "pending/";

  final BlockStore store;
  final int compressionLevel;
  private final int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
  private final ExecutorService workers;
  private final ExecutorService writer;
  /** Where new blocks gather on their way to the store ({@link Ingest}). */
  final Slabs slabs = new Slabs();
  final Object lock = new Object();
  private final Map<BlockAddress, int[]> references = new HashMap<>();
  final Map<BlockSnapshotId, Manifest> snapshots = new HashMap<>();
  private final Map<BlockSnapshotId, Integer> holders = new HashMap<>();
  private final Map<BlockVolumeId, LocalVolume> volumes = new HashMap<>();
  private final DirectSnapshots direct = new DirectSnapshots(this);

  LocalBlockDevices(BlockStore store, int compressionLevel) throws IOException {
    if (compressionLevel < 1 || compressionLevel > 19) {
      throw new IllegalArgumentException("compression level " + compressionLevel + " is not between 1 and 19");
    }
    this.store = store;
    this.compressionLevel = compressionLevel;
    Map<String, byte[]> records = store.records();
    for (Map.Entry<String, byte[]> record : records.entrySet()) {
      if (record.getKey().startsWith(SNAPSHOT_RECORD)) {
        Manifest manifest = Manifest.decode(record.getKey(), record.getValue());
        snapshots.put(manifest.id, manifest);
      }
    }
    for (Map.Entry<String, byte[]> record : records.entrySet()) {
      String name = record.getKey();
      if (name.startsWith(VOLUME_RECORD)) {
        LocalVolume volume = LocalVolume.decode(this, name, record.getValue());
        volumes.put(volume.id(), volume);
        count(volume.storedOverrides());
      }
    }
    for (LocalVolume volume : volumes.values()) {
      volume.base().ifPresent(base -> {
        if (snapshots.containsKey(base)) {
          holders.merge(base, 1, Integer::sum);
        }
      });
    }
    Map<Manifest, TreeMap<Integer, BlockAddress>> started = direct.readPending(records);
    deleteUnheld();
    for (Manifest manifest : snapshots.values()) {
      count(Arrays.asList(manifest.addresses));
    }
    Set<BlockAddress> stored = store.addresses();
    if (stored.containsAll(references.keySet())) {
      Set<BlockAddress> orphans = new HashSet<>(stored);
      orphans.removeAll(references.keySet());
      store.delete(orphans);
    } // else a record names a block the store lacks: in doubt, delete nothing (verify reports what is missing)
    this.workers = Executors.newFixedThreadPool(threads, daemon("amisdk-block-worker"));
    this.writer = Executors.newSingleThreadExecutor(daemon("amisdk-block-writer"));
    direct.recover(started);
  }


  /**
   * Deletes the records of deleted snapshots no volume holds any more: a crash between a volume's
   * delete (or rebase) and the delete of the held snapshot it let go of leaves such a record, which
   * would otherwise keep its blocks forever. Runs while opening, before references are counted.
   */
  private void deleteUnheld() throws IOException {
    List<String> unheld = new ArrayList<>();
    for (Manifest manifest : snapshots.values()) {
      if (manifest.held && !holders.containsKey(manifest.id)) {
        unheld.add(SNAPSHOT_RECORD + manifest.id);
      }
    }
    if (!unheld.isEmpty()) {
      store.commit(Map.of(), unheld);
      snapshots.values().removeIf(manifest -> manifest.held && !holders.containsKey(manifest.id));
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  // ---------------------------------------------------------------- references

  /** Adds a reference per address to blocks known to be stored (what records name). */
  void count(Iterable<BlockAddress> addresses) {
    for (BlockAddress address : addresses) {
      int[] entry = references.computeIfAbsent(address, a -> new int[2]);
      entry[0]++;
      entry[1] = 1;
    }
  }

  /**
   * Takes a reference on {@code address}; true when the caller must store the block, because no
   * write of it is known to have completed (so the store itself is never asked, under the lock).
   */
  boolean acquire(BlockAddress address) {
    synchronized (lock) {
      int[] entry = references.computeIfAbsent(address, a -> new int[2]);
      entry[0]++;
      return entry[1] == 0;
    }
  }

  /** Notes that these blocks are durably stored, so later operations need not store them again. */
  void stored(Iterable<BlockAddress> addresses) {
    synchronized (lock) {
      for (BlockAddress address : addresses) {
        int[] entry = references.get(address);
        if (entry != null) {
          entry[1] = 1;
        }
      }
    }
  }

  /** Drops one reference per address and deletes the blocks nothing holds any more. */
  void release(Iterable<BlockAddress> addresses) throws IOException {
    synchronized (lock) {
      List<BlockAddress> free = new ArrayList<>();
      for (BlockAddress address : addresses) {
        int[] count = references.get(address);
        if (count != null && --count[0] == 0) {
          references.remove(address);
          free.add(address);
        }
      }
      store.delete(free);
    }
  }

  Ingest ingest() {
    return new Ingest(this, writer);
  }

  // ---------------------------------------------------------------- catalog

  Manifest completed(BlockSnapshotId id) {
    synchronized (lock) {
      Manifest manifest = snapshots.get(id);
      if (manifest == null || manifest.held) {
        if (direct.isPending(id)) {
          throw new IllegalStateException("snapshot " + id + " is pending: only completed snapshots can be read");
        }
        throw new NoSuchElementException("snapshot " + id + " does not exist");
      }
      return manifest;
    }
  }

  /**
   * Commits a new snapshot (and perhaps a volume record with it) and swaps the operation's block
   * references for the manifest's.
   */
  private void commitSnapshot(Manifest manifest, Ingest ingest, Map<String, byte[]> alsoPut) throws IOException {
    commitSnapshot(manifest, ingest, alsoPut, List.of());
  }

  void commitSnapshot(Manifest manifest, Ingest ingest, Map<String, byte[]> alsoPut, List<String> deletes)
      throws IOException {
    synchronized (lock) {
      Map<String, byte[]> puts = new LinkedHashMap<>();
      puts.put(SNAPSHOT_RECORD + manifest.id, manifest.encode()); // first: a volume record may name it
      puts.putAll(alsoPut);
      store.commit(puts, deletes);
      snapshots.put(manifest.id, manifest);
      count(Arrays.asList(manifest.addresses));
      release(ingest.handOver());
    }
  }

  void hold(BlockSnapshotId id) {
    holders.merge(id, 1, Integer::sum);
  }

  /** Drops a volume's hold on its base; frees a deleted snapshot when its last volume lets go. */
  void unhold(Optional<BlockSnapshotId> base) throws IOException {
    if (base.isEmpty() || holders.computeIfPresent(base.get(), (id, n) -> n == 1 ? null : n - 1) != null) {
      return;
    }
    Manifest manifest = snapshots.get(base.get());
    if (manifest != null && manifest.held) {
      store.commit(Map.of(), List.of(SNAPSHOT_RECORD + manifest.id));
      snapshots.remove(manifest.id);
      release(Arrays.asList(manifest.addresses));
    }
  }

  @Override
  public List<SnapshotInfo> snapshots() {
    synchronized (lock) {
      return snapshots.values().stream().filter(m -> !m.held).map(Manifest::info).toList();
    }
  }

  @Override
  public Set<BlockSnapshotId> pendingSnapshots() {
    synchronized (lock) {
      return direct.ids();
    }
  }

  @Override
  public Optional<SnapshotInfo> snapshot(BlockSnapshotId id) {
    synchronized (lock) {
      Manifest manifest = snapshots.get(id);
      return manifest == null || manifest.held ? Optional.empty() : Optional.of(manifest.info());
    }
  }

  @Override
  public SnapshotStats stats(BlockSnapshotId id) {
    synchronized (lock) {
      Manifest manifest = completed(id);
      Map<BlockAddress, Integer> own = new HashMap<>();
      for (BlockAddress address : manifest.addresses) {
        own.merge(address, 1, Integer::sum);
      }
      long exclusive = 0;
      if (!holders.containsKey(id)) {
        for (Map.Entry<BlockAddress, Integer> entry : own.entrySet()) {
          if (references.get(entry.getKey())[0] == entry.getValue()) {
            exclusive++;
          }
        }
      }
      return new SnapshotStats(id, manifest.size, manifest.addresses.length, manifest.added, exclusive);
    }
  }

  @Override
  public StoreStats stats() throws IOException {
    long blocks;
    synchronized (lock) {
      blocks = references.size();
    }
    return new StoreStats(blocks, blocks * BLOCK, store.storedBytes());
  }

  @Override
  public void deleteSnapshot(BlockSnapshotId id) throws IOException {
    if (direct.abandon(id)) {
      return;
    }
    synchronized (lock) {
      Manifest manifest = completed(id);
      if (holders.containsKey(id)) {
        Manifest held = manifest.asHeld();
        store.commit(Map.of(SNAPSHOT_RECORD + id, held.encode()), List.of());
        snapshots.put(id, held);
        return;
      }
      store.commit(Map.of(), List.of(SNAPSHOT_RECORD + id));
      snapshots.remove(id);
      release(Arrays.asList(manifest.addresses));
    }
  }

  // ---------------------------------------------------------------- raw import and export

  @Override
  public BlockSnapshotId importRaw(Path image, Optional<BlockSnapshotId> parent, ProgressListener listener) throws IOException {
    parent.ifPresent(this::completed);
    BlockSnapshotId id = BlockSnapshotId.random();
    Ingest ingest = ingest();
    try {
      long size = Files.size(image); // the workers open the image themselves
      if (size == 0 || size > Manifest.MAX_SIZE) {
        throw new IllegalArgumentException("image " + image + " of " + size + " bytes is not between 1 byte and 64 TiB");
      }
      BlockAddress[] found = new RawImport(workers, threads, ingest).run(image, size, listener);
      ingest.finish();
      progress(listener, "import", size, size, "import of " + image);
      Manifest manifest = manifest(id, parent, size, found, ingest.added());
      commitSnapshot(manifest, ingest, Map.of());
      return id;
    } catch (IOException | RuntimeException | Error e) {
      ingest.abandon();
      throw e;
    }
  }

  static Manifest manifest(BlockSnapshotId id, Optional<BlockSnapshotId> parent, long size, BlockAddress[] byIndex,
      int added) {
    int count = 0;
    for (BlockAddress address : byIndex) {
      count += address == null ? 0 : 1;
    }
    int[] indexes = new int[count];
    BlockAddress[] addresses = new BlockAddress[count];
    int at = 0;
    for (int i = 0; i < byIndex.length; i++) {
      if (byIndex[i] != null) {
        indexes[at] = i;
        addresses[at++] = byIndex[i];
      }
    }
    return new Manifest(id, parent, size, indexes, addresses, added, false);
  }

  static void rethrow(Throwable failure) throws IOException {
    if (failure instanceof IOException e) {
      throw e;
    } else if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure instanceof Error e) {
      throw e;
    } else if (failure != null) {
      throw new IOException("a block worker failed", failure);
    }
  }

  static void progress(ProgressListener listener, String phase, long done, long total, String what) {
    if (!listener.progress(phase, done, total)) {
      throw new OperationCancelledException(what + " was cancelled at " + done + " of " + total + " bytes");
    }
  }

  @Override
  public void export(BlockSnapshotId snapshot, Path target, ProgressListener listener) throws IOException {
    Manifest manifest = completedAndPinned(snapshot);
    try {
      exportBlocks("snapshot " + snapshot, manifest.size, manifest.indexes, manifest.addresses, target, listener);
    } finally {
      release(Arrays.asList(manifest.addresses)); // a snapshot deleted meanwhile lets its blocks go now
    }
  }

  /**
   * A completed snapshot whose blocks are pinned, for a read: a concurrent delete of the snapshot
   * cannot free them until the reader {@link #release}s them.
   */
  private Manifest completedAndPinned(BlockSnapshotId id) {
    synchronized (lock) {
      Manifest manifest = completed(id);
      pin(Arrays.asList(manifest.addresses));
      return manifest;
    }
  }

  /** Under the lock: takes one reference per address, which {@link #release} gives back. */
  void pin(Iterable<BlockAddress> addresses) {
    for (BlockAddress address : addresses) {
      references.computeIfAbsent(address, a -> new int[] {0, 1})[0]++;
    }
  }

  @Override
  public void export(BlockVolumeId id, Path target, ProgressListener listener) throws IOException {
    LocalVolume volume = existingVolume(id);
    synchronized (volume) {
      volume.flush();
      TreeMap<Integer, BlockAddress> blocks = volume.blockMap();
      int[] indexes = blocks.keySet().stream().mapToInt(Integer::intValue).toArray();
      exportBlocks("volume " + id, volume.size(), indexes, blocks.values().toArray(new BlockAddress[0]), target,
          listener);
    }
  }

  private void exportBlocks(String owner, long size, int[] indexes, BlockAddress[] addresses, Path target,
      ProgressListener listener) throws IOException {
    Path temp = DurableFiles.temporaryFileFor(target);
    try {
      new RawExport(this, workers, threads, owner, size, indexes, addresses, true).run(temp, listener);
      progress(listener, "export", size, size, "export of " + owner);
      DurableFiles.publish(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Reads a block into {@code target} and checks it, naming the owner and index when it is bad. */
  void readBlock(BlockAddress address, byte[] target, String owner, long index) throws IOException {
    readBlock(address, ByteBuffer.wrap(target), owner, index);
  }

  /** As {@link #readBlock(BlockAddress, byte[], String, long)}, into the 512 KiB from the buffer's position on. */
  void readBlock(BlockAddress address, ByteBuffer target, String owner, long index) throws IOException {
    byte[] stored;
    try {
      stored = store.get(address);
    } catch (DamagedFileException | CorruptBlockException e) { // the store found its copy damaged
      throw new CorruptBlockException("block " + index + " of " + owner + " is corrupt: " + e.getMessage(), e);
    }
    if (stored == null) {
      throw new CorruptBlockException("block " + index + " of " + owner + " is missing: no block " + address);
    }
    String problem = BlockCodec.get().decode(stored, target, address);
    if (problem != null) {
      throw new CorruptBlockException("block " + index + " of " + owner + " is corrupt: " + problem
          + " instead of " + address);
    }
  }

  // ---------------------------------------------------------------- verify

  @Override
  public VerifyReport verify(ProgressListener listener) throws IOException {
    Map<BlockAddress, String> firstUse = new LinkedHashMap<>();
    Map<BlockAddress, String> volumeUse = new LinkedHashMap<>();
    for (LocalVolume volume : volumes()
        .stream().map(this::volume).flatMap(Optional::stream).map(LocalVolume.class::cast).toList()) {
      volume.overrides().forEach((index, address) -> {
        if (address != null) {
          volumeUse.putIfAbsent(address, "block " + index + " of volume " + volume.id());
        }
      });
    }
    synchronized (lock) {
      for (Manifest manifest : snapshots.values()) {
        for (int i = 0; i < manifest.indexes.length; i++) {
          firstUse.putIfAbsent(manifest.addresses[i], "block " + manifest.indexes[i] + " of snapshot " + manifest.id);
        }
      }
      // a volume block no longer referenced was let go since the volume was looked at: not verify's business
      volumeUse.forEach((address, use) -> {
        if (references.containsKey(address)) {
          firstUse.putIfAbsent(address, use);
        }
      });
      pin(firstUse.keySet()); // what is verified stays stored until verify is done, deleted or not
    }
    try {
      return verify(firstUse, listener);
    } finally {
      release(firstUse.keySet());
    }
  }

  private VerifyReport verify(Map<BlockAddress, String> firstUse, ProgressListener listener) throws IOException {
    List<BlockAddress> addresses = new ArrayList<>(firstUse.keySet());
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    long total = (long) addresses.size() * BLOCK;
    ParallelBlocks.run(workers, threads, addresses.size(), () -> new byte[BLOCK], (i, buffer) -> {
      BlockAddress address = addresses.get(i);
      byte[] stored;
      try {
        stored = store.get(address);
      } catch (DamagedFileException | CorruptBlockException e) {
        problems.add(firstUse.get(address) + " (" + address + ") is corrupt: " + e.getMessage());
        return;
      }
      String problem = stored == null ? "is missing" : BlockCodec.get().decode(stored, buffer, address);
      if (problem != null) {
        problems.add(firstUse.get(address) + " (" + address + ") " + (stored == null ? problem : "is corrupt: " + problem));
      }
    }, listener, "verify", "the store", total);
    progress(listener, "verify", total, total, "verify");
    List<String> sorted = new ArrayList<>(problems);
    sorted.sort(null);
    return new VerifyReport(addresses.size(), sorted);
  }

  // ---------------------------------------------------------------- volumes

  private LocalVolume existingVolume(BlockVolumeId id) {
    synchronized (lock) {
      LocalVolume volume = volumes.get(id);
      if (volume == null) {
        throw new NoSuchElementException("volume " + id + " does not exist");
      }
      return volume;
    }
  }

  @Override
  public BlockVolume createVolume(long sizeBytes) throws IOException {
    if (sizeBytes <= 0 || sizeBytes > Manifest.MAX_SIZE) {
      throw new IllegalArgumentException("volume size " + sizeBytes + " is not between 1 byte and 64 TiB");
    }
    LocalVolume volume = new LocalVolume(this, BlockVolumeId.random(), sizeBytes, null, new TreeMap<>());
    synchronized (lock) {
      store.commit(Map.of(VOLUME_RECORD + volume.id(), volume.encode()), List.of());
      volumes.put(volume.id(), volume);
    }
    return volume;
  }

  @Override
  public BlockVolume createVolume(BlockSnapshotId snapshot) throws IOException {
    return createVolumes(snapshot, 1).get(0);
  }

  @Override
  public List<BlockVolume> createVolumes(BlockSnapshotId snapshot, int count) throws IOException {
    return createVolumes(snapshot, -1, count);
  }

  @Override
  public List<BlockVolume> createVolumes(BlockSnapshotId snapshot, long sizeBytes, int count) throws IOException {
    if (count < 1 || count > MAX_VOLUMES_PER_CALL) {
      throw new IllegalArgumentException("volume count " + count + " is not 1 to " + MAX_VOLUMES_PER_CALL);
    }
    synchronized (lock) {
      Manifest base = completed(snapshot);
      long size = sizeBytes < 0 ? base.size : sizeBytes;
      if (size < base.size || size > Manifest.MAX_SIZE) {
        throw new IllegalArgumentException("volume size " + size + " bytes is not between the " + base.size
            + " bytes of snapshot " + snapshot + " and 64 TiB");
      }
      List<BlockVolume> made = new ArrayList<>(count);
      Map<String, byte[]> records = new HashMap<>();
      for (int i = 0; i < count; i++) {
        LocalVolume volume = new LocalVolume(this, BlockVolumeId.random(), size, base, new TreeMap<>());
        made.add(volume);
        records.put(VOLUME_RECORD + volume.id(), volume.encode());
      }
      store.commit(records, List.of());
      for (BlockVolume volume : made) {
        volumes.put(volume.id(), (LocalVolume) volume);
        hold(snapshot);
      }
      return made;
    }
  }

  Manifest manifestOf(BlockSnapshotId id) {
    synchronized (lock) {
      return snapshots.get(id);
    }
  }

  @Override
  public Optional<BlockVolume> volume(BlockVolumeId id) {
    synchronized (lock) {
      return Optional.ofNullable(volumes.get(id));
    }
  }

  @Override
  public List<BlockVolumeId> volumes() {
    synchronized (lock) {
      return List.copyOf(volumes.keySet());
    }
  }

  @Override
  public void deleteVolume(BlockVolumeId id) throws IOException {
    LocalVolume volume = existingVolume(id);
    synchronized (volume) {
      synchronized (lock) {
        store.commit(Map.of(), List.of(VOLUME_RECORD + id));
        volumes.remove(id);
        volume.markDeleted();
        release(volume.storedOverrides());
        unhold(volume.base());
      }
    }
  }

  /** Stores a volume's dirty blocks on the workers; returns the new overrides and the ingest holding them. */
  Ingest storeDirty(String owner, Map<Integer, byte[]> dirty, Map<Integer, BlockAddress> stored) throws IOException {
    Ingest ingest = ingest();
    List<Map.Entry<Integer, byte[]>> blocks = new ArrayList<>(dirty.entrySet());
    BlockAddress[] addresses = new BlockAddress[blocks.size()];
    try {
      ParallelBlocks.run(workers, threads, blocks.size(), () -> null, (i, unused) -> {
        byte[] block = blocks.get(i).getValue();
        addresses[i] = BlockCodec.isZero(block) ? null : ingest.add(block);
      }, ProgressListener.NONE, "flush", owner, 0);
      ingest.finish();
    } catch (IOException | RuntimeException e) {
      ingest.abandon();
      throw e;
    }
    for (int i = 0; i < addresses.length; i++) {
      stored.put(blocks.get(i).getKey(), addresses[i]);
    }
    return ingest;
  }

  /** Commits a volume's new overrides: its record first, then the references swap. */
  void commitVolume(BlockVolumeId id, byte[] record, Ingest ingest, List<BlockAddress> replaced) throws IOException {
    synchronized (lock) {
      store.commit(Map.of(VOLUME_RECORD + id, record), List.of());
      ingest.handOver(); // its references now belong to the volume's overrides
      release(replaced);
    }
  }

  @Override
  public BlockSnapshotId snapshot(BlockVolumeId id) throws IOException {
    LocalVolume volume = existingVolume(id);
    synchronized (volume) {
      volume.checkLive();
      Map<Integer, BlockAddress> stored = new HashMap<>();
      Ingest ingest = storeDirty("volume " + id, volume.dirty(), stored);
      TreeMap<Integer, BlockAddress> overrides = volume.overrides();
      List<BlockAddress> oldOverrides = volume.storedOverrides();
      overrides.putAll(stored);
      BlockAddress[] byIndex = new BlockAddress[Manifest.blockCount(volume.size())];
      volume.blockMapWith(overrides).forEach((index, address) -> byIndex[index] = address);
      Manifest manifest = manifest(BlockSnapshotId.random(), volume.base(), volume.size(), byIndex, ingest.added());
      synchronized (lock) {
        Optional<BlockSnapshotId> oldBase = volume.base();
        try {
          commitSnapshot(manifest, ingest, Map.of(VOLUME_RECORD + id, volume.encodeRebased(manifest)));
        } catch (IOException | RuntimeException e) {
          ingest.abandon();
          throw e;
        }
        volume.rebase(manifest);
        release(oldOverrides);
        hold(manifest.id);
        unhold(oldBase);
      }
      return manifest.id;
    }
  }

  // ---------------------------------------------------------------- EBS direct API (DirectSnapshots)

  @Override
  public BlockSnapshotId startSnapshot(long sizeBytes, Optional<BlockSnapshotId> parent) throws IOException {
    return direct.start(sizeBytes, parent);
  }

  @Override
  public void putSnapshotBlock(BlockSnapshotId id, long index, byte[] data, String checksum) throws IOException {
    direct.put(id, index, data, checksum);
  }

  @Override
  public void completeSnapshot(BlockSnapshotId id, int changedBlocks) throws IOException {
    direct.complete(id, changedBlocks);
  }

  @Override
  public List<SnapshotBlock> listSnapshotBlocks(BlockSnapshotId id) {
    return direct.list(id);
  }

  @Override
  public List<ChangedBlock> listChangedBlocks(BlockSnapshotId first, BlockSnapshotId second) {
    return direct.changed(first, second);
  }

  @Override
  public byte[] getSnapshotBlock(BlockSnapshotId id, long index) throws IOException {
    return direct.get(id, index);
  }

  @Override
  public void close() throws IOException {
    workers.shutdownNow();
    writer.shutdown();
    try {
      writer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
  }
}
