package org.amisdk.storage.block;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The EBS direct API of {@link LocalBlockDevices}: snapshots started, written block by block and
 * completed. A pending snapshot's header and each written block are records of the store, so it
 * survives a reopening; its state is guarded by the devices' lock, and its blocks are hashed and
 * stored outside it as every other write's are.
 */
final class DirectSnapshots {
  private final LocalBlockDevices devices;
  /** Guarded by the devices' lock. */
  private final Map<BlockSnapshotId, Pending> pending = new HashMap<>();

  DirectSnapshots(LocalBlockDevices devices) {
    this.devices = devices;
  }

  /** Under the devices' lock: whether {@code id} is pending. */
  boolean isPending(BlockSnapshotId id) {
    return pending.containsKey(id);
  }

  /** Under the devices' lock: the pending snapshots' ids. */
  Set<BlockSnapshotId> ids() {
    return Set.copyOf(pending.keySet());
  }

  /** Makes the pending snapshots read while opening live again, once the devices' workers run. */
  void recover(Map<Manifest, TreeMap<Integer, BlockAddress>> started) {
    started.forEach((header, written) -> {
      Pending p = new Pending(header.size, header.parent, header.parent.map(devices.snapshots::get).orElse(null), devices.ingest());
      p.written.putAll(written);
      written.values().stream().filter(Objects::nonNull).forEach(p.recovered::add);
      pending.put(header.id, p);
    });
  }

  /** Deletes a pending snapshot, its records and the blocks only it wrote; false when {@code id} is not pending. */
  boolean abandon(BlockSnapshotId id) throws IOException {
    Pending abandoned;
    synchronized (devices.lock) {
      abandoned = pending.remove(id);
    }
    if (abandoned == null) {
      return false;
    }
    abandoned.ingest.abandon(); // outside the lock: it waits for the writer, which takes the lock
    synchronized (devices.lock) {
      devices.store.commit(Map.of(), pendingRecords(id, abandoned));
      devices.release(abandoned.recovered);
      devices.unhold(abandoned.parent);
    }
    return true;
  }

  /**
   * Reads the pending snapshots' records: holds their parents and counts their written blocks (a
   * block record is committed only once its block is durable).
   */
  Map<Manifest, TreeMap<Integer, BlockAddress>> readPending(Map<String, byte[]> records) throws IOException {
    Map<BlockSnapshotId, Manifest> headers = new HashMap<>();
    Map<BlockSnapshotId, TreeMap<Integer, BlockAddress>> blocks = new HashMap<>();
    for (Map.Entry<String, byte[]> record : records.entrySet()) {
      String name = record.getKey();
      if (!name.startsWith(LocalBlockDevices.PENDING_RECORD)) {
        continue;
      }
      String[] parts = name.substring(LocalBlockDevices.PENDING_RECORD.length()).split("/", -1);
      try {
        BlockSnapshotId id = BlockSnapshotId.parse(parts[0]);
        if (parts.length == 1) {
          headers.put(id, Manifest.decode(name, record.getValue()));
        } else if (parts.length == 2) {
          byte[] value = record.getValue();
          blocks.computeIfAbsent(id, k -> new TreeMap<>())
              .put(Integer.parseInt(parts[1]), value.length == 0 ? null : BlockAddress.fromBytes(value));
        } else {
          throw new IllegalArgumentException("too many parts");
        }
      } catch (IllegalArgumentException e) {
        throw new IOException("catalog record " + name + " is not a pending snapshot record: " + e.getMessage(), e);
      }
    }
    Map<Manifest, TreeMap<Integer, BlockAddress>> started = new LinkedHashMap<>();
    for (Manifest header : headers.values()) {
      if (header.parent.isPresent() && !devices.snapshots.containsKey(header.parent.get())) {
        throw new IOException("pending snapshot " + header.id + " names parent " + header.parent.get() + ", which is not in the store");
      }
      header.parent.ifPresent(devices::hold);
      TreeMap<Integer, BlockAddress> written = blocks.getOrDefault(header.id, new TreeMap<>());
      devices.count(written.values().stream().filter(Objects::nonNull).toList());
      started.put(header, written);
    }
    return started;
  }

  /**
   * A snapshot started by the direct API and not completed yet. Its header and each written block
   * are records, so it survives a reopening; {@code recovered} holds the references of blocks
   * written before the last opening (those written since are the ingest's).
   */
  private static final class Pending {
    final long size;
    final Optional<BlockSnapshotId> parent;
    final Manifest parentManifest;
    final TreeMap<Integer, BlockAddress> written = new TreeMap<>();
    final List<BlockAddress> recovered = new ArrayList<>();
    final Ingest ingest;

    Pending(long size, Optional<BlockSnapshotId> parent, Manifest parentManifest, Ingest ingest) {
      this.size = size;
      this.parent = parent;
      this.parentManifest = parentManifest;
      this.ingest = ingest;
    }
  }

  BlockSnapshotId start(long sizeBytes, Optional<BlockSnapshotId> parent) throws IOException {
    if (sizeBytes <= 0 || sizeBytes > Manifest.MAX_SIZE) {
      throw new IllegalArgumentException("snapshot size " + sizeBytes + " is not between 1 byte and 64 TiB");
    }
    synchronized (devices.lock) {
      Manifest parentManifest = parent.map(devices::completed).orElse(null);
      if (parentManifest != null && parentManifest.size > sizeBytes) {
        throw new IllegalArgumentException("snapshot size " + sizeBytes + " is smaller than parent " + parent.get()
            + " (" + parentManifest.size + " bytes)");
      }
      BlockSnapshotId id = BlockSnapshotId.random();
      Manifest header = new Manifest(id, parent, sizeBytes, new int[0], new BlockAddress[0], 0, false);
      devices.store.commit(Map.of(LocalBlockDevices.PENDING_RECORD + id, header.encode()), List.of());
      pending.put(id, new Pending(sizeBytes, parent, parentManifest, devices.ingest()));
      parent.ifPresent(devices::hold); // a deleted parent keeps its blocks until this snapshot is done
      return id;
    }
  }

  private Pending pending(BlockSnapshotId id) {
    synchronized (devices.lock) {
      Pending p = pending.get(id);
      if (p == null) {
        throw devices.snapshots.containsKey(id)
            ? new IllegalStateException("snapshot " + id + " is completed: blocks can only be written while it is pending")
            : new NoSuchElementException("snapshot " + id + " does not exist");
      }
      return p;
    }
  }

  void put(BlockSnapshotId id, long index, byte[] data, String checksum) throws IOException {
    if (data == null || checksum == null) {
      throw new IllegalArgumentException("block " + index + " of snapshot " + id + " has no "
          + (data == null ? "data" : "checksum") + ": both are required");
    }
    Pending p = pending(id);
    if (data.length != LocalBlockDevices.BLOCK) {
      throw new IllegalArgumentException("block " + index + " of snapshot " + id + " has " + data.length
          + " bytes, not " + LocalBlockDevices.BLOCK);
    }
    if (index < 0 || index >= Manifest.blockCount(p.size)) {
      throw new IllegalArgumentException("block index " + index + " is outside snapshot " + id + " of "
          + Manifest.blockCount(p.size) + " blocks");
    }
    BlockAddress claimed = BlockAddress.fromBase64(checksum);
    BlockCodec codec = BlockCodec.get();
    BlockAddress actual = codec.address(data);
    if (!actual.equals(claimed)) {
      throw new IllegalArgumentException("checksum " + checksum + " of block " + index + " of snapshot " + id
          + " does not match its content (" + actual.toBase64() + ")");
    }
    BlockAddress address = BlockCodec.isZero(data) ? null : p.ingest.add(data.clone());
    p.ingest.finish(); // the block is durable before a record names it
    synchronized (devices.lock) {
      if (pending.get(id) != p) {
        throw new IllegalStateException("snapshot " + id + " was completed while block " + index + " was written");
      }
      devices.store.commit(Map.of(LocalBlockDevices.PENDING_RECORD + id + "/" + index, address == null ? new byte[0] : address.toBytes()), List.of());
      p.written.put((int) index, address);
    }
  }

  void complete(BlockSnapshotId id, int changedBlocks) throws IOException {
    Pending p;
    synchronized (devices.lock) {
      p = pending(id);
      if (changedBlocks != p.written.size()) {
        throw new IllegalArgumentException("changed block count " + changedBlocks + " of snapshot " + id
            + " does not match the " + p.written.size() + " blocks written");
      }
      pending.remove(id);
    }
    try {
      p.ingest.finish();
    } catch (IOException | RuntimeException e) {
      p.ingest.abandon();
      throw e;
    }
    BlockAddress[] byIndex = new BlockAddress[Manifest.blockCount(p.size)];
    if (p.parentManifest != null) {
      for (int i = 0; i < p.parentManifest.indexes.length; i++) {
        byIndex[p.parentManifest.indexes[i]] = p.parentManifest.addresses[i];
      }
    }
    p.written.forEach((index, address) -> byIndex[index] = address);
    try {
      devices.commitSnapshot(LocalBlockDevices.manifest(id, p.parent, p.size, byIndex, p.ingest.added()), p.ingest, Map.of(), pendingRecords(id, p));
    } catch (IOException | RuntimeException e) {
      p.ingest.abandon();
      throw e;
    }
    synchronized (devices.lock) {
      devices.release(p.recovered);
      devices.unhold(p.parent);
    }
  }

  /** The names of a pending snapshot's records: its header and one per written block. */
  private static List<String> pendingRecords(BlockSnapshotId id, Pending p) {
    List<String> names = new ArrayList<>(p.written.size() + 1);
    names.add(LocalBlockDevices.PENDING_RECORD + id);
    p.written.keySet().forEach(index -> names.add(LocalBlockDevices.PENDING_RECORD + id + "/" + index));
    return names;
  }

  List<SnapshotBlock> list(BlockSnapshotId id) {
    Manifest manifest = devices.completed(id);
    List<SnapshotBlock> blocks = new ArrayList<>(manifest.indexes.length);
    for (int i = 0; i < manifest.indexes.length; i++) {
      blocks.add(new SnapshotBlock(manifest.indexes[i], manifest.addresses[i]));
    }
    return blocks;
  }

  List<ChangedBlock> changed(BlockSnapshotId first, BlockSnapshotId second) {
    Manifest a = devices.completed(first);
    Manifest b = devices.completed(second);
    if (!descends(a, b) && !descends(b, a)) {
      throw new IllegalArgumentException("snapshots " + first + " and " + second
          + " are unrelated: neither descends from the other");
    }
    List<ChangedBlock> changed = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.indexes.length || j < b.indexes.length) {
      int ia = i < a.indexes.length ? a.indexes[i] : Integer.MAX_VALUE;
      int ib = j < b.indexes.length ? b.indexes[j] : Integer.MAX_VALUE;
      if (ia == ib) {
        if (!a.addresses[i].equals(b.addresses[j])) {
          changed.add(new ChangedBlock(ia, Optional.of(a.addresses[i]), Optional.of(b.addresses[j])));
        }
        i++;
        j++;
      } else if (ia < ib) {
        changed.add(new ChangedBlock(ia, Optional.of(a.addresses[i++]), Optional.empty()));
      } else {
        changed.add(new ChangedBlock(ib, Optional.empty(), Optional.of(b.addresses[j++])));
      }
    }
    return changed;
  }

  private boolean descends(Manifest child, Manifest ancestor) {
    synchronized (devices.lock) {
      Manifest at = child;
      for (int steps = 0; at != null && steps <= devices.snapshots.size(); steps++) {
        if (at.id.equals(ancestor.id)) {
          return true;
        }
        at = at.parent.map(devices.snapshots::get).orElse(null);
      }
      return false;
    }
  }

  byte[] get(BlockSnapshotId id, long index) throws IOException {
    BlockAddress address;
    synchronized (devices.lock) {
      Manifest manifest = devices.completed(id);
      address = index < 0 || index > Integer.MAX_VALUE ? null : manifest.lookup((int) index);
      if (address == null) {
        throw new NoSuchElementException("block " + index + " of snapshot " + id + " is not listed");
      }
      devices.pin(List.of(address));
    }
    try {
      byte[] block = new byte[LocalBlockDevices.BLOCK];
      devices.readBlock(address, block, "snapshot " + id, index);
      return block;
    } finally {
      devices.release(List.of(address));
    }
  }
}
