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
 * endian. What is read back is untrusted: every count and length is checked against the bytes that
 * are really there before anything is allocated, and a bad entry is an {@link IOException} naming
 * its object key.
 *
 * <ul>
 *   <li>pack: {@code int count}, {@code count} times (32-byte address, {@code int length}), then
 *       the values back to back; its size is exactly the header plus the lengths.
 *   <li>delete: {@code int count}, {@code count} 32-byte addresses.
 *   <li>commit: {@code int puts}, {@code int deletes}, the puts as (name, value), the deleted names.
 *   <li>checkpoint: {@code int records} times (name, value), then {@code int blocks} times
 *       (32-byte address, {@code long pack}, {@code long offset}, {@code int length}).
 * </ul>
 *
 * Names and values are an {@code int} length then the bytes (names in UTF-8).
 */
final class ObjectLog {
  static final byte PACK = 1;
  static final byte DELETE = 2;
  static final byte COMMIT = 3;
  static final byte CHECKPOINT = 4;

  /** The bytes before a pack's block table: magic, version, kind, count. */
  static final int PACK_PREFIX = 10;
  /** The bytes of one block in a pack's table: address and length. */
  static final int PACK_ENTRY = BlockAddress.BYTES + 4;
  /** The most blocks one pack (one {@code put}) may hold. */
  static final int MAX_PACK_BLOCKS = 1 << 20;
  /** The longest record name, in UTF-8 bytes. */
  static final int MAX_NAME_BYTES = 1 << 16;

  private static final byte[] MAGIC = {'A', 'M', 'B', 'L'};
  private static final byte VERSION = 1;

  private ObjectLog() {}

  /** Where one block of a pack lies. */
  record Slot(BlockAddress address, long offset, int length) {}

  /** Where one live block lies, as a checkpoint lists it. */
  record Located(BlockAddress address, long pack, long offset, int length) {}

  /** A commit's content: the names to delete, then the records to put. */
  record Commit(Map<String, byte[]> puts, List<String> deletes) {}

  /** A checkpoint's content: every record and every live block's place. */
  record Checkpoint(Map<String, byte[]> records, List<Located> blocks) {}

  // ---- writing

  /** A pack's header (magic to block table); the values follow it in the same order. */
  static byte[] packHeader(List<Map.Entry<BlockAddress, byte[]>> blocks) {
    ByteBuffer out = ByteBuffer.allocate(PACK_PREFIX + PACK_ENTRY * blocks.size());
    out.put(MAGIC).put(VERSION).put(PACK).putInt(blocks.size());
    for (Map.Entry<BlockAddress, byte[]> block : blocks) {
      out.put(block.getKey().toBytes()).putInt(block.getValue().length);
    }
    return out.array();
  }

  static byte[] delete(Collection<BlockAddress> addresses) {
    ByteBuffer out = ByteBuffer.allocate(PACK_PREFIX + BlockAddress.BYTES * addresses.size());
    out.put(MAGIC).put(VERSION).put(DELETE).putInt(addresses.size());
    addresses.forEach(address -> out.put(address.toBytes()));
    return out.array();
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
      out.bytes(block.address().toBytes()).putLong(block.pack()).putLong(block.offset()).putInt(block.length());
    }
    return out.toByteArray();
  }

  // ---- reading

  /**
   * The number of blocks a pack's first {@link #PACK_PREFIX} bytes announce, checked against the
   * pack's {@code size}.
   */
  static int packCount(String key, byte[] prefix, long size) throws IOException {
    Reader in = new Reader(key, prefix, PACK);
    int count = in.getInt();
    if (count < 0 || count > MAX_PACK_BLOCKS || PACK_PREFIX + (long) PACK_ENTRY * count > size) {
      throw new IOException("log object " + key + " is corrupt: its block count " + count
          + " does not fit its " + size + " bytes");
    }
    return count;
  }

  /** The blocks of a pack of {@code size} bytes from its block table, each checked to lie inside it. */
  static List<Slot> packSlots(String key, byte[] table, int count, long size) throws IOException {
    if (table.length != PACK_ENTRY * count) {
      throw new IOException("log object " + key + " is corrupt: its block table is cut short");
    }
    ByteBuffer in = ByteBuffer.wrap(table);
    List<Slot> slots = new ArrayList<>(count);
    long offset = PACK_PREFIX + (long) PACK_ENTRY * count;
    for (int i = 0; i < count; i++) {
      BlockAddress address = BlockAddress.read(table, in.position());
      in.position(in.position() + BlockAddress.BYTES);
      int length = in.getInt();
      if (length < 0 || offset + length > size) {
        throw new IOException("log object " + key + " is corrupt: block " + i + " of length " + length
            + " at offset " + offset + " runs past its " + size + " bytes");
      }
      slots.add(new Slot(address, offset, length));
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
    int blocks = in.count(BlockAddress.BYTES + 20);
    List<Located> located = new ArrayList<>(blocks);
    for (int i = 0; i < blocks; i++) {
      BlockAddress address = BlockAddress.read(in.bytes(BlockAddress.BYTES), 0);
      long pack = in.getLong();
      long offset = in.getLong();
      int length = in.getInt();
      if (pack < 0 || offset < 0 || length < 0) {
        throw new IOException("log object " + key + " is corrupt: block " + address + " has a negative place");
      }
      located.add(new Located(address, pack, offset, length));
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

    byte[] toByteArray() {
      return bytes.toByteArray();
    }
  }

  /** An entry being read, every read checked against what is left. */
  private static final class Reader {
    private final String key;
    private final ByteBuffer in;

    Reader(String key, byte[] bytes, byte kind) throws IOException {
      this.key = key;
      this.in = ByteBuffer.wrap(bytes);
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
