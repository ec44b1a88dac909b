package org.amisdk.storage.block;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * A completed snapshot's block list (ascending index → address; absent indexes are zero) and its
 * catalog record. {@code held} marks a snapshot deleted by the caller but still the base of volumes.
 */
final class Manifest {
  static final long MAX_SIZE = 65_536L << 30; // EBS's largest snapshot, 64 TiB
  private static final int MAGIC = 0x534e4150;

  final BlockSnapshotId id;
  final Optional<BlockSnapshotId> parent;
  final long size;
  final int[] indexes;
  final BlockAddress[] addresses;
  final int added;
  final boolean held;

  Manifest(BlockSnapshotId id, Optional<BlockSnapshotId> parent, long size, int[] indexes, BlockAddress[] addresses,
      int added, boolean held) {
    this.id = id;
    this.parent = parent;
    this.size = size;
    this.indexes = indexes;
    this.addresses = addresses;
    this.added = added;
    this.held = held;
  }

  static int blockCount(long size) {
    return (int) ((size + BlockStore.BLOCK_SIZE - 1) / BlockStore.BLOCK_SIZE);
  }

  Manifest asHeld() {
    return new Manifest(id, parent, size, indexes, addresses, added, true);
  }

  /** The address of block {@code index}, or null when it is zero. */
  BlockAddress lookup(int index) {
    int at = Arrays.binarySearch(indexes, index);
    return at >= 0 ? addresses[at] : null;
  }

  SnapshotInfo info() {
    return new SnapshotInfo(id, parent, size);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + indexes.length * 36);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeUTF(id.value());
      out.writeUTF(parent.map(BlockSnapshotId::value).orElse(""));
      out.writeLong(size);
      out.writeInt(added);
      out.writeBoolean(held);
      out.writeInt(indexes.length);
      byte[] address = new byte[BlockAddress.BYTES];
      for (int i = 0; i < indexes.length; i++) {
        out.writeInt(indexes[i]);
        addresses[i].writeTo(address, 0);
        out.write(address);
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** Reads a record; it is untrusted, so every field is checked. */
  static Manifest decode(String name, byte[] record) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
      if (in.readInt() != MAGIC) {
        throw new IOException("catalog record " + name + " is not a snapshot record");
      }
      BlockSnapshotId id = BlockSnapshotId.parse(in.readUTF());
      String parent = in.readUTF();
      long size = in.readLong();
      int added = in.readInt();
      boolean held = in.readBoolean();
      int count = in.readInt();
      if (size < 0 || size > MAX_SIZE || count < 0 || count > blockCount(size) || count * 36L > record.length) {
        throw new IOException("catalog record " + name + " has size " + size + " and " + count + " blocks");
      }
      int[] indexes = new int[count];
      BlockAddress[] addresses = new BlockAddress[count];
      byte[] address = new byte[BlockAddress.BYTES];
      for (int i = 0; i < count; i++) {
        indexes[i] = in.readInt();
        if (indexes[i] < 0 || indexes[i] >= blockCount(size) || (i > 0 && indexes[i] <= indexes[i - 1])) {
          throw new IOException("catalog record " + name + " lists block " + indexes[i] + " out of order or range");
        }
        in.readFully(address);
        addresses[i] = BlockAddress.fromBytes(address);
      }
      return new Manifest(id, parent.isEmpty() ? Optional.empty() : Optional.of(BlockSnapshotId.parse(parent)),
          size, indexes, addresses, added, held);
    } catch (IllegalArgumentException e) {
      throw new IOException("catalog record " + name + " is malformed: " + e.getMessage(), e);
    }
  }
}
