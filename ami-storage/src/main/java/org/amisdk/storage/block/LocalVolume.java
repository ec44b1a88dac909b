package org.amisdk.storage.block;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A volume of {@link LocalBlockDevices}: a base snapshot's block list, the stored blocks written
 * since (overrides, index → address, null for a zero block: persisted in the volume's record),
 * and the written blocks not flushed yet (dirty, in memory). Changed-block tracking is the
 * overrides plus the dirty blocks: a snapshot stores only those.
 */
final class LocalVolume implements BlockVolume {
  private static final int MAGIC = 0x564f4c55;
  private static final int BLOCK = BlockStore.BLOCK_SIZE;
  private static final int AUTO_FLUSH_BLOCKS = 64;

  private final LocalBlockDevices devices;
  private final BlockVolumeId id;
  private final long size;
  private Manifest base;
  private TreeMap<Integer, BlockAddress> overrides;
  private final Map<Integer, byte[]> dirty = new HashMap<>();
  private boolean deleted;

  LocalVolume(LocalBlockDevices devices, BlockVolumeId id, long size, Manifest base, TreeMap<Integer, BlockAddress> overrides) {
    this.devices = devices;
    this.id = id;
    this.size = size;
    this.base = base;
    this.overrides = overrides;
  }

  @Override
  public BlockVolumeId id() {
    return id;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public synchronized Optional<BlockSnapshotId> base() {
    return base == null ? Optional.empty() : Optional.of(base.id);
  }

  @Override
  public synchronized int changedBlocks() {
    int changed = overrides.size();
    for (Integer index : dirty.keySet()) {
      changed += overrides.containsKey(index) ? 0 : 1;
    }
    return changed;
  }

  /** Refuses use of a deleted volume, whose writes would otherwise bring its record back. */
  synchronized void checkLive() {
    if (deleted) {
      throw new IllegalStateException("volume " + id + " is deleted: it can no longer be read or written");
    }
  }

  private void checkRange(long position, byte[] array, int offset, int length) {
    checkLive();
    Objects.checkFromIndexSize(offset, length, array.length);
    if (position < 0 || length > size || position > size - length) { // no sum: it could overflow
      throw new IllegalArgumentException("range of " + length + " bytes at " + position
          + " is outside volume " + id + " of " + size + " bytes");
    }
  }

  @Override
  public synchronized void read(long position, byte[] target, int offset, int length) throws IOException {
    checkRange(position, target, offset, length);
    byte[] block = null;
    while (length > 0) {
      int index = (int) (position / BLOCK);
      int within = (int) (position % BLOCK);
      int n = Math.min(length, BLOCK - within);
      byte[] written = dirty.get(index);
      if (written != null) {
        System.arraycopy(written, within, target, offset, n);
      } else {
        BlockAddress address = address(index);
        if (address == null) {
          java.util.Arrays.fill(target, offset, offset + n, (byte) 0);
        } else {
          block = block == null ? new byte[BLOCK] : block;
          devices.readBlock(address, block, "volume " + id, index);
          System.arraycopy(block, within, target, offset, n);
        }
      }
      position += n;
      offset += n;
      length -= n;
    }
  }

  /** The stored address of block {@code index} (ignoring unflushed writes), null when zero. */
  private BlockAddress address(int index) {
    if (overrides.containsKey(index)) {
      return overrides.get(index);
    }
    return base == null ? null : base.lookup(index);
  }

  @Override
  public synchronized void write(long position, byte[] source, int offset, int length) throws IOException {
    checkRange(position, source, offset, length);
    while (length > 0) {
      int index = (int) (position / BLOCK);
      int within = (int) (position % BLOCK);
      int n = Math.min(length, BLOCK - within);
      byte[] block = dirty.get(index);
      if (block == null) {
        block = new byte[BLOCK];
        BlockAddress address = n == BLOCK ? null : address(index);
        if (address != null) {
          devices.readBlock(address, block, "volume " + id, index);
        }
        dirty.put(index, block);
      }
      System.arraycopy(source, offset, block, within, n);
      position += n;
      offset += n;
      length -= n;
    }
    if (dirty.size() >= AUTO_FLUSH_BLOCKS) {
      flush();
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    checkLive();
    if (dirty.isEmpty()) {
      return;
    }
    Map<Integer, BlockAddress> stored = new HashMap<>();
    Ingest ingest = devices.storeDirty("volume " + id, dirty, stored);
    TreeMap<Integer, BlockAddress> next = new TreeMap<>(overrides);
    List<BlockAddress> replaced = new ArrayList<>();
    stored.forEach((index, address) -> {
      BlockAddress old = next.put(index, address);
      if (old != null) {
        replaced.add(old);
      }
    });
    try {
      devices.commitVolume(id, encode(base, next), ingest, replaced);
    } catch (IOException | RuntimeException e) {
      ingest.abandon();
      throw e;
    }
    overrides = next;
    dirty.clear();
  }

  // ---- used by LocalBlockDevices, under this volume's monitor

  synchronized Map<Integer, byte[]> dirty() {
    return new HashMap<>(dirty);
  }

  synchronized TreeMap<Integer, BlockAddress> overrides() {
    return new TreeMap<>(overrides);
  }

  synchronized List<BlockAddress> storedOverrides() {
    List<BlockAddress> stored = new ArrayList<>();
    for (BlockAddress address : overrides.values()) {
      if (address != null) {
        stored.add(address);
      }
    }
    return stored;
  }

  /** Every non-zero stored block: the base's, then the overrides over it (unflushed writes ignored). */
  synchronized TreeMap<Integer, BlockAddress> blockMap() {
    return blockMapWith(overrides);
  }

  synchronized TreeMap<Integer, BlockAddress> blockMapWith(Map<Integer, BlockAddress> over) {
    TreeMap<Integer, BlockAddress> blocks = new TreeMap<>();
    if (base != null) {
      for (int i = 0; i < base.indexes.length; i++) {
        blocks.put(base.indexes[i], base.addresses[i]);
      }
    }
    over.forEach((index, address) -> {
      if (address == null) {
        blocks.remove(index);
      } else {
        blocks.put(index, address);
      }
    });
    return blocks;
  }

  synchronized void rebase(Manifest snapshot) {
    base = snapshot;
    overrides = new TreeMap<>();
    dirty.clear();
  }

  synchronized void markDeleted() {
    deleted = true;
    dirty.clear();
  }

  synchronized byte[] encode() {
    return encode(base, overrides);
  }

  byte[] encodeRebased(Manifest snapshot) {
    return encode(snapshot, new TreeMap<>());
  }

  private byte[] encode(Manifest on, TreeMap<Integer, BlockAddress> over) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + over.size() * 37);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeUTF(id.value());
      out.writeLong(size);
      out.writeUTF(on == null ? "" : on.id.value());
      out.writeInt(over.size());
      byte[] address = new byte[BlockAddress.BYTES];
      for (Map.Entry<Integer, BlockAddress> entry : over.entrySet()) {
        out.writeInt(entry.getKey());
        out.writeBoolean(entry.getValue() != null);
        if (entry.getValue() != null) {
          entry.getValue().writeTo(address, 0);
          out.write(address);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** Reads a volume record; untrusted, so every field is checked. */
  static LocalVolume decode(LocalBlockDevices devices, String name, byte[] record) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
      if (in.readInt() != MAGIC) {
        throw new IOException("catalog record " + name + " is not a volume record");
      }
      BlockVolumeId id = BlockVolumeId.parse(in.readUTF());
      long size = in.readLong();
      String baseId = in.readUTF();
      int count = in.readInt();
      if (size <= 0 || size > Manifest.MAX_SIZE || count < 0 || count > Manifest.blockCount(size)
          || count * 5L > record.length) {
        throw new IOException("catalog record " + name + " has size " + size + " and " + count + " blocks");
      }
      Manifest base = null;
      if (!baseId.isEmpty()) {
        base = devices.manifestOf(BlockSnapshotId.parse(baseId));
        if (base == null) {
          throw new IOException("catalog record " + name + " names base snapshot " + baseId + ", which does not exist");
        }
      }
      TreeMap<Integer, BlockAddress> overrides = new TreeMap<>();
      byte[] address = new byte[BlockAddress.BYTES];
      for (int i = 0; i < count; i++) {
        int index = in.readInt();
        if (index < 0 || index >= Manifest.blockCount(size)) {
          throw new IOException("catalog record " + name + " names block " + index + " outside the volume");
        }
        if (in.readBoolean()) {
          in.readFully(address);
          overrides.put(index, BlockAddress.fromBytes(address));
        } else {
          overrides.put(index, null);
        }
      }
      return new LocalVolume(devices, id, size, base, overrides);
    } catch (IllegalArgumentException e) {
      throw new IOException("catalog record " + name + " is malformed: " + e.getMessage(), e);
    }
  }
}
