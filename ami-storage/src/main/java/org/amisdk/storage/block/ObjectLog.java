package org.amisdk.storage.block;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The byte layout of the log objects {@link ObjectBlockStore} keeps, and their validating readers.
 * Every entry starts with 4 bytes of magic, a version byte and a kind byte; all integers are big
 * endian; every byte is covered by a CRC32C. What is read back is untrusted: the checksum is checked
 * first, then every count and length against the bytes that are really there before anything is
 * allocated, and a bad entry is an {@link IOException} naming its object key.
 *
 * <ul>
 *   <li>pack: {@code int count}, {@code count} times (32-byte address, {@code int length},
 *       {@code int} CRC32C of the value), the CRC32C of all that, then the values back to back;
 *       its size is exactly the header plus the lengths. A value is checked when it is read.
 *   <li>delete: {@code int count}, {@code count} 32-byte addresses.
 *   <li>commit: {@code int puts}, {@code int deletes}, the puts as (name, value), the deleted names.
 *   <li>checkpoint: {@code int records} times (name, value), then {@code int blocks} times
 *       (32-byte address, {@code long pack}, {@code long offset}, {@code int length}, {@code int crc}).
 * </ul>
 *
 * Names and values are an {@code int} length then the bytes (names in UTF-8). Delete, commit and
 * checkpoint entries end with the CRC32C of everything before it.
 */
final class ObjectLog {
  static final byte PACK = 1;
  static final byte DELETE = 2;
  static final byte COMMIT = 3;
  static final byte CHECKPOINT = 4;

  /** The bytes before a pack's block table: magic, version, kind, count. */
  static final int PACK_PREFIX = 10;
  /** The bytes of one block in a pack's table: address, length and checksum. */
  static final int PACK_ENTRY = BlockAddress.BYTES + 8;
  /** The bytes of the checksum closing a pack's table, or a whole delete, commit or checkpoint. */
  static final int CRC = 4;
  /** The most blocks one pack (one {@code put}) may hold. */
  static final int MAX_PACK_BLOCKS = 1 << 20;
  /** The longest record name, in UTF-8 bytes. */
  static final int MAX_NAME_BYTES = 1 << 16;

  private static final byte[] MAGIC = {'A', 'M', 'B', 'L'};
  /** Version 2 added the checksums; version 1 had none. */
  private static final byte VERSION = 2;

  private ObjectLog() {}

  /** Where one block of a pack lies. */
  record Slot(BlockAddress address, long offset, int length, int crc) {}

  /** Where one live block lies, as a checkpoint lists it. */
  record Located(BlockAddress address, long pack, long offset, int length, int crc) {}

  /** A commit's content: the names to delete, then the records to put. */
  record Commit(Map<String, byte[]> puts, List<String> deletes) {}

  /** A checkpoint's content: every record and every live block's place. */
  record Checkpoint(Map<String, byte[]> records, List<Located> blocks) {}

  // ---- writing

  /** A pack's header (magic to block table); the values follow it in the same order. */
  static byte[] packHeader(List<Map.Entry<BlockAddress, byte[]>> blocks) {
    ByteBuffer out = ByteBuffer.allocate(PACK_PREFIX + PACK_ENTRY * blocks.size() + CRC);
    out.put(MAGIC).put(VERSION).put(PACK).putInt(blocks.size());
    for (Map.Entry<BlockAddress, byte[]> block : blocks) {
      out.put(block.getKey().toBytes()).putInt(block.getValue().length).putInt(crc(block.getValue()));
    }
    return sealed(out.array());
  }

  static byte[] delete(Collection<BlockAddress> addresses) {
    ByteBuffer out = ByteBuffer.allocate(PACK_PREFIX + BlockAddress.BYTES * addresses.size() + CRC);
    out.put(MAGIC).put(VERSION).put(DELETE).putInt(addresses.size());
    addresses.forEach(address -> out.put(address.toBytes()));
    return sealed(out.array());
  }

  /** Writes the CRC32C of all but the last 4 bytes into them. */
  private static byte[] sealed(byte[] bytes) {
    ByteBuffer.wrap(bytes).putInt(bytes.length - CRC, crc(bytes, bytes.length - CRC));
    return bytes;
  }

  static int crc(byte[] bytes) {
    return crc(bytes, bytes.length);
  }

  private static int crc(byte[] bytes, int length) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  /**
   * Checks a block read from a pack against the checksum its table gave.
   *
   * @throws CorruptBlockException naming the pack, the block and the offset when it does not match
   */
  static byte[] checked(String key, BlockAddress address, long offset, byte[] value, int crc) throws IOException {
    if (crc(value) != crc) {
      throw new CorruptBlockException("log object " + key + " is corrupt: block " + address + " at offset " + offset
          + " fails its checksum");
    }
    return value;
  }

  static byte[] commit(Map<String, byte[]> puts, Collection<String> deletes) {
    Writer out = new Writer(COMMIT);
    out.putInt(puts.size()).putInt(deletes.size());
    puts.forEach(out::record);
    deletes.forEach(out::name);
    return out.toByteArray();
  }

  static byte[] checkpoint(Map<String, byte[]> records, List<Located> blocks) {
    Writer out = new Writer(CHECKPOINT);
    out.putInt(records.size());
    records.forEach(out::record);
    out.putInt(blocks.size());
    for (Located block : blocks) {
      out.bytes(block.address().toBytes()).putLong(block.pack()).putLong(block.offset()).putInt(block.length())
          .putInt(block.crc());
    }
    return out.toByteArray();
  }

  // ---- reading

  /**
   * The number of blocks a pack's first {@link #PACK_PREFIX} bytes announce, checked against the
   * pack's {@code size}.
   */
  static int packCount(String key, byte[] prefix, long size) throws IOException {
    Reader in = new Reader(key, prefix, PACK, false);
    int count = in.getInt();
    if (count < 0 || count > MAX_PACK_BLOCKS || PACK_PREFIX + (long) PACK_ENTRY * count + CRC > size) {
      throw new IOException("log object " + key + " is corrupt: its block count " + count
          + " does not fit its " + size + " bytes");
    }
    return count;
  }

  /**
   * The blocks of a pack of {@code size} bytes from its prefix and block table (with its closing
   * checksum), each checked to lie inside it.
   */
  static List<Slot> packSlots(String key, byte[] prefix, byte[] table, int count, long size) throws IOException {
    if (table.length != PACK_ENTRY * count + CRC) {
      throw new IOException("log object " + key + " is corrupt: its block table is cut short");
    }
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(prefix);
    crc.update(table, 0, table.length - CRC);
    if ((int) crc.getValue() != ByteBuffer.wrap(table).getInt(table.length - CRC)) {
      throw new IOException("log object " + key + " is corrupt: its block table fails its checksum");
    }
    ByteBuffer in = ByteBuffer.wrap(table);
    List<Slot> slots = new ArrayList<>(count);
    long offset = PACK_PREFIX + (long) PACK_ENTRY * count + CRC;
    for (int i = 0; i < count; i++) {
      BlockAddress address = BlockAddress.read(table, in.position());
      in.position(in.position() + BlockAddress.BYTES);
      int length = in.getInt();
      int valueCrc = in.getInt();
      if (length < 0 || offset + length > size) {
        throw new IOException("log object " + key + " is corrupt: block " + i + " of length " + length
            + " at offset " + offset + " runs past its " + size + " bytes");
      }
      slots.add(new Slot(address, offset, length, valueCrc));
      offset += length;
    }
    if (offset != size) {
      throw new IOException("log object " + key + " is corrupt: its blocks end at " + offset + ", not at its size " + size);
    }
    return slots;
  }

  static List<BlockAddress> readDelete(String key, byte[] bytes) throws IOException {
    Reader in = new Reader(key, bytes, DELETE);
    int count = in.count(BlockAddress.BYTES);
    List<BlockAddress> addresses = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      addresses.add(BlockAddress.read(in.bytes(BlockAddress.BYTES), 0));
    }
    in.end();
    return addresses;
  }

  static Commit readCommit(String key, byte[] bytes) throws IOException {
    Reader in = new Reader(key, bytes, COMMIT);
    int puts = in.count(8);
    int deletes = in.count(4);
    Map<String, byte[]> records = new HashMap<>();
    for (int i = 0; i < puts; i++) {
      records.put(in.name(), in.value());
    }
    List<String> names = new ArrayList<>(deletes);
    for (int i = 0; i < deletes; i++) {
      names.add(in.name());
    }
    in.end();
    return new Commit(records, names);
  }

  static Checkpoint readCheckpoint(String key, byte[] bytes) throws IOException {
    Reader in = new Reader(key, bytes, CHECKPOINT);
    int count = in.count(8);
    Map<String, byte[]> records = new HashMap<>();
    for (int i = 0; i < count; i++) {
      records.put(in.name(), in.value());
    }
    int blocks = in.count(BlockAddress.BYTES + 24);
    List<Located> located = new ArrayList<>(blocks);
    for (int i = 0; i < blocks; i++) {
      BlockAddress address = BlockAddress.read(in.bytes(BlockAddress.BYTES), 0);
      long pack = in.getLong();
      long offset = in.getLong();
      int length = in.getInt();
      int crc = in.getInt();
      if (pack < 0 || offset < 0 || length < 0) {
        throw new IOException("log object " + key + " is corrupt: block " + address + " has a negative place");
      }
      located.add(new Located(address, pack, offset, length, crc));
    }
    in.end();
    return new Checkpoint(records, located);
  }

  /** An entry being written: magic, version and kind first. */
  private static final class Writer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ByteBuffer scratch = ByteBuffer.allocate(8);

    Writer(byte kind) {
      bytes.writeBytes(MAGIC);
      bytes.write(VERSION);
      bytes.write(kind);
    }

    Writer putInt(int value) {
      bytes.write(scratch.clear().putInt(value).array(), 0, 4);
      return this;
    }

    Writer putLong(long value) {
      bytes.write(scratch.clear().putLong(value).array(), 0, 8);
      return this;
    }

    Writer bytes(byte[] value) {
      bytes.writeBytes(value);
      return this;
    }

    void name(String name) {
      byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
      if (utf8.length > MAX_NAME_BYTES) {
        throw new IllegalArgumentException("record name '" + name.substring(0, 40) + "…' is longer than "
            + MAX_NAME_BYTES + " UTF-8 bytes");
      }
      putInt(utf8.length).bytes(utf8);
    }

    void record(String name, byte[] value) {
      name(name);
      putInt(value.length).bytes(value);
    }

    /** The entry, closed by its checksum. */
    byte[] toByteArray() {
      putInt(0);
      return sealed(bytes.toByteArray());
    }
  }

  /** An entry being read, every read checked against what is left. */
  private static final class Reader {
    private final String key;
    private final ByteBuffer in;

    Reader(String key, byte[] bytes, byte kind) throws IOException {
      this(key, bytes, kind, true);
    }

    /** With {@code sealed}, the whole entry, whose last 4 bytes must be the checksum of the rest. */
    Reader(String key, byte[] bytes, byte kind, boolean sealed) throws IOException {
      this.key = key;
      this.in = ByteBuffer.wrap(bytes);
      if (sealed) {
        if (bytes.length < 6 + CRC || crc(bytes, bytes.length - CRC) != in.getInt(bytes.length - CRC)) {
          throw corrupt("it fails its checksum");
        }
        in.limit(bytes.length - CRC);
      }
      if (bytes.length < 6 || !java.util.Arrays.equals(bytes, 0, 4, MAGIC, 0, 4)) {
        throw corrupt("it does not start with the log entry magic");
      }
      if (bytes[4] != VERSION) {
        throw corrupt("its version " + bytes[4] + " is not " + VERSION);
      }
      if (bytes[5] != kind) {
        throw corrupt("its kind " + bytes[5] + " is not the " + kind + " its key names");
      }
      in.position(6);
    }

    IOException corrupt(String why) {
      return new IOException("log object " + key + " is corrupt: " + why);
    }

    private void need(long bytes) throws IOException {
      if (bytes > in.remaining()) {
        throw corrupt(bytes + " bytes are announced at offset " + in.position() + " but only "
            + in.remaining() + " are left");
      }
    }

    int getInt() throws IOException {
      need(4);
      return in.getInt();
    }

    long getLong() throws IOException {
      need(8);
      return in.getLong();
    }

    /** A count of elements of at least {@code elementBytes} each, which must fit what is left. */
    int count(int elementBytes) throws IOException {
      int count = getInt();
      if (count < 0 || (long) count * elementBytes > in.remaining()) {
        throw corrupt("its count " + count + " at offset " + (in.position() - 4) + " does not fit the "
            + in.remaining() + " bytes left");
      }
      return count;
    }

    byte[] bytes(int length) throws IOException {
      need(length);
      byte[] bytes = new byte[length];
      in.get(bytes);
      return bytes;
    }

    byte[] value() throws IOException {
      int length = getInt();
      if (length < 0) {
        throw corrupt("a value length " + length + " at offset " + (in.position() - 4) + " is negative");
      }
      return bytes(length);
    }

    String name() throws IOException {
      int length = getInt();
      if (length < 0 || length > MAX_NAME_BYTES) {
        throw corrupt("a name length " + length + " at offset " + (in.position() - 4) + " is not 0 to " + MAX_NAME_BYTES);
      }
      return new String(bytes(length), StandardCharsets.UTF_8);
    }

    void end() throws IOException {
      if (in.hasRemaining()) {
        throw corrupt(in.remaining() + " bytes follow its end");
      }
    }
  }
}
