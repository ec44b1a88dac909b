package org.amisdk.storage.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.amisdk.storage.io.DamagedFileException;
import org.amisdk.storage.io.DurableFiles;

/**
 * An append-only file of batches, each written with one gathering write and one fsync. A batch is
 * a header (magic, entry count, table length, values length, CRC32C of the table, CRC32C of the
 * header's first 24 bytes), a table of entries (kind, key length, value length, CRC32C of the
 * value, key) and then the values. Every byte of a batch is covered by a checksum: the header by
 * its own, the table by the header's, each value by its table entry's. Opening checks every header
 * and table and skips the values (each is checked when read, and all of them with
 * {@code verifyValues}).
 *
 * <p>Only the last batch can be torn by a crash (every earlier one was forced before the next was
 * written), and a torn batch is one cut short: fewer bytes than a header, a whole header whose
 * batch runs past the end of the file, nothing but zeros to the end, or a last batch whose values
 * fail their checksum and whose final sector is zeros. Such a tail is dropped by
 * {@link #dropTornTail}. Any other damage, anywhere, is a {@link DamagedFileException} naming the
 * file, the offset and what was found, and the file is left as it was; {@link #salvage} keeps every
 * intact batch and entry of a damaged file and reports the rest.
 */
final class BatchLog implements Closeable {
  static final byte PUT = 1;
  static final byte DELETE = 2;
  /** "AMIC": the second layout (the first, "AMIB", had one checksum per batch, checked on the last only). */
  private static final int MAGIC = 0x414d4943;
  private static final int FIRST_LAYOUT_MAGIC = 0x414d4942;
  static final int HEADER = 28;
  private static final int ENTRY = 11;
  private static final int SECTOR = 512;
  private static final int MAX_KEY = 1024;
  private static final int MAX_TABLE = 64 << 20;
  /** The most entries {@link #append} callers should put in one batch so its table stays far under the cap. */
  static final int MAX_BATCH_ENTRIES = 100_000;

  /**
   * One entry of a batch as written: a put, whose value is the bytes from its buffer's position to
   * its limit (left as they were), or a delete (value null).
   */
  record Put(byte kind, byte[] key, ByteBuffer value) {
    static Put put(byte[] key, byte[] value) {
      return new Put(PUT, key, ByteBuffer.wrap(value));
    }

    static Put delete(byte[] key) {
      return new Put(DELETE, key, null);
    }
  }

  /** One entry as found in the file: its value lies at {@code offset} for {@code length} bytes. */
  record Entry(byte kind, byte[] key, long offset, int length, int crc) {}

  /** A header as read, or the reason it cannot be trusted. */
  private record Header(int count, int tableLength, long valuesLength, int tableCrc, String problem) {}

  private final Path file;
  private volatile FileChannel channel;
  private volatile boolean closed;
  private long end;
  private final String torn;

  private BatchLog(Path file, FileChannel channel, long end, String torn) {
    this.file = file;
    this.channel = channel;
    this.end = end;
    this.torn = torn;
  }

  /**
   * Opens (or creates) a log and hands each entry of each whole batch to {@code entries} in order.
   * Changes nothing: a torn last batch stays in the file until {@link #dropTornTail}.
   *
   * @throws DamagedFileException when any batch but a torn last one is damaged (and, with
   *     {@code verifyValues}, when any value fails its checksum)
   */
  static BatchLog open(Path file, List<Entry> entries, boolean verifyValues) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      Scan scan = scan(channel, file, verifyValues, null);
      entries.addAll(scan.entries);
      return new BatchLog(file, channel, scan.end, scan.torn);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** As {@link #open(Path, List, boolean)}, checking values only when they are read. */
  static BatchLog open(Path file, List<Entry> entries) throws IOException {
    return open(file, entries, false);
  }

  /** What a torn last batch opening found looked like, or null when there was none. */
  String torn() {
    return torn;
  }

  /** Cuts off the torn last batch opening found, if any, so appends follow the last whole batch. */
  synchronized void dropTornTail() throws IOException {
    if (channel.size() != end) {
      channel.truncate(end);
      channel.force(true);
    }
  }

  private record Scan(List<Entry> entries, List<List<Entry>> batches, long end, String torn) {}

  /**
   * Reads every batch. Strict ({@code lost} null): damage throws. Salvaging: a damaged batch or value
   * is skipped, described in {@code lost}, and the scan goes on at the next intact batch.
   */
  private static Scan scan(FileChannel channel, Path file, boolean verifyValues, List<String> lost) throws IOException {
    long size = channel.size();
    List<Entry> entries = new ArrayList<>();
    List<List<Entry>> batches = new ArrayList<>();
    long position = 0;
    while (position < size) {
      if (size - position < HEADER) {
        return new Scan(entries, batches, position, (size - position) + " bytes at offset " + position
            + ", fewer than a batch header");
      }
      Header header = readHeader(channel, position);
      if (header.problem() != null) {
        if (allZero(channel, position, size)) {
          return new Scan(entries, batches, position, "zeros from offset " + position + " to the end");
        }
        if (lost == null) {
          throw new DamagedFileException(file, position, header.problem());
        }
        long next = nextBatch(channel, position + 1, size);
        lost.add(file + ": bytes " + position + " to " + (next < 0 ? size : next) + " dropped: " + header.problem());
        if (next < 0) {
          return new Scan(entries, batches, position, null);
        }
        position = next;
        continue;
      }
      long batchEnd = position + HEADER + header.tableLength() + header.valuesLength();
      if (batchEnd > size) {
        return new Scan(entries, batches, position, "a batch at offset " + position + " of " + (batchEnd - position)
            + " bytes cut short at " + size);
      }
      ByteBuffer table = read(channel, position + HEADER, header.tableLength());
      List<Entry> batch = crc(table.array()) == header.tableCrc()
          ? parseTable(table, header.count(), position + HEADER + header.tableLength(), header.valuesLength())
          : null;
      if (batch == null) {
        String problem = "the table of a batch of " + header.count() + " entries fails its checksum";
        if (lost == null) {
          throw new DamagedFileException(file, position + HEADER, problem);
        }
        lost.add(file + ": batch at offset " + position + " (" + header.count() + " entries) dropped: " + problem);
        position = batchEnd;
        continue;
      }
      boolean last = batchEnd == size;
      if (verifyValues || lost != null || last) {
        List<Entry> intact = new ArrayList<>(batch.size());
        for (Entry entry : batch) {
          String problem = checkValue(channel, entry);
          if (problem != null && last && zeroTail(channel, position + HEADER, size)) {
            return new Scan(entries, batches, position, "a last batch at offset " + position
                + " whose final sector is zeros (" + problem + ")");
          }
          if (problem == null || (lost == null && !verifyValues)) {
            intact.add(entry); // unverified values are checked again when read
          } else if (lost == null) {
            throw new DamagedFileException(file, entry.offset(), problem);
          } else {
            lost.add(file + ": entry " + describeKey(entry.key()) + " at offset " + entry.offset() + " dropped: " + problem);
          }
        }
        batch = intact;
      }
      entries.addAll(batch);
      batches.add(batch);
      position = batchEnd;
    }
    return new Scan(entries, batches, position, null);
  }

  private static Header readHeader(FileChannel channel, long position) throws IOException {
    ByteBuffer header = read(channel, position, HEADER);
    int magic = header.getInt();
    int count = header.getInt();
    int tableLength = header.getInt();
    long valuesLength = header.getLong();
    int tableCrc = header.getInt();
    int headerCrc = header.getInt();
    String found = "magic " + Integer.toHexString(magic) + ", " + count + " entries, a " + tableLength
        + "-byte table, " + valuesLength + " bytes of values";
    if (magic == FIRST_LAYOUT_MAGIC && position == 0) {
      return new Header(0, 0, 0, 0, "it is in the first log layout, which this version does not read");
    }
    if (headerCrc != crc(header.array(), 0, 24)) {
      return new Header(0, 0, 0, 0, "a batch header fails its checksum (it reads " + found + ")");
    }
    if (magic != MAGIC || count < 0 || tableLength < 0 || tableLength > MAX_TABLE || valuesLength < 0
        || (long) count * ENTRY > tableLength) {
      return new Header(0, 0, 0, 0, "a batch header is impossible (" + found + ")");
    }
    return new Header(count, tableLength, valuesLength, tableCrc, null);
  }

  /** The next offset after {@code from} where an intact batch header and table start, or -1. */
  private static long nextBatch(FileChannel channel, long from, long size) throws IOException {
    ByteBuffer window = ByteBuffer.allocate(1 << 16);
    for (long start = from; start + HEADER <= size; start += window.capacity() - 3) {
      window.clear().limit((int) Math.min(window.capacity(), size - start));
      readFully(channel, window, start);
      for (int i = 0; i + 4 <= window.limit(); i++) {
        if (window.getInt(i) == MAGIC && start + i + HEADER <= size) {
          Header header = readHeader(channel, start + i);
          long batchEnd = start + i + HEADER + header.tableLength() + header.valuesLength();
          if (header.problem() == null && batchEnd <= size
              && crc(read(channel, start + i + HEADER, header.tableLength()).array()) == header.tableCrc()) {
            return start + i;
          }
        }
      }
    }
    return -1;
  }

  /**
   * Whether the file ends in a sector of zeros (at most {@value #SECTOR} bytes, from {@code from} on):
   * what a crash leaves when the last write's final sector never reached the disk. No bit flip
   * turns a written sector into zeros.
   */
  private static boolean zeroTail(FileChannel channel, long from, long size) throws IOException {
    return allZero(channel, Math.max(from, size - SECTOR), size);
  }

  private static boolean allZero(FileChannel channel, long from, long size) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    for (long at = from; at < size; at += chunk.limit()) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), size - at));
      readFully(channel, chunk, at);
      for (int i = 0; i < chunk.limit(); i++) {
        if (chunk.get(i) != 0) {
          return false;
        }
      }
    }
    return true;
  }

  private static String checkValue(FileChannel channel, Entry entry) throws IOException {
    byte[] value = read(channel, entry.offset(), entry.length()).array();
    return crc(value) == entry.crc() ? null : valueProblem(entry);
  }

  private static String valueProblem(Entry entry) {
    return "the " + entry.length() + "-byte value of " + describeKey(entry.key()) + " fails its checksum";
  }

  private static String describeKey(byte[] key) {
    return key.length == BlockAddress.BYTES ? "block " + BlockAddress.fromBytes(key)
        : "'" + new String(key, java.nio.charset.StandardCharsets.UTF_8) + "'";
  }

  private static List<Entry> parseTable(ByteBuffer table, int count, long valuesStart, long valuesLength) {
    List<Entry> batch = new ArrayList<>(Math.min(count, 4096));
    long offset = valuesStart;
    try {
      for (int i = 0; i < count; i++) {
        byte kind = table.get();
        int keyLength = Short.toUnsignedInt(table.getShort());
        int length = table.getInt();
        int crc = table.getInt();
        if ((kind != PUT && kind != DELETE) || keyLength > MAX_KEY || length < 0) {
          return null;
        }
        byte[] key = new byte[keyLength];
        table.get(key);
        batch.add(new Entry(kind, key, offset, length, crc));
        offset += length;
      }
    } catch (RuntimeException e) { // a table cut short
      return null;
    }
    return offset == valuesStart + valuesLength && !table.hasRemaining() ? batch : null;
  }

  private static int crc(byte[] bytes) {
    return crc(bytes, 0, bytes.length);
  }

  private static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /**
   * Rewrites a damaged log with every intact batch and entry it holds (a torn tail dropped too), and
   * adds to {@code lost} a line for each part it could not keep. A log with nothing to drop is left
   * untouched.
   *
   * @return the number of entries kept
   */
  static int salvage(Path file, List<String> lost) throws IOException {
    List<String> found = new ArrayList<>();
    Scan scan;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      scan = scan(channel, file, true, found);
      if (found.isEmpty() && scan.torn == null) {
        return scan.entries.size();
      }
      if (scan.torn != null) {
        found.add(file + ": torn last batch dropped: " + scan.torn);
      }
      Path temp = DurableFiles.temporaryFileFor(file);
      try {
        try (BatchLog fresh = open(temp, new ArrayList<>())) {
          for (List<Entry> batch : scan.batches) {
            List<Put> puts = new ArrayList<>(batch.size());
            for (Entry entry : batch) {
              puts.add(entry.kind() == PUT ? Put.put(entry.key(), read(channel, entry.offset(), entry.length()).array())
                  : Put.delete(entry.key()));
            }
            if (!puts.isEmpty()) {
              fresh.append(puts);
            }
          }
        }
        DurableFiles.publish(temp, file);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    lost.addAll(found);
    return scan.entries.size();
  }

  /** Appends one batch and forces it to disk; returns the entries as they now lie in the file. */
  synchronized List<Entry> append(List<Put> puts) throws IOException {
    int tableLength = 0;
    long valuesLength = 0;
    for (Put put : puts) {
      if (put.key().length > MAX_KEY) {
        throw new IllegalArgumentException("log key of " + put.key().length + " bytes is longer than " + MAX_KEY
            + ": opening would take the batch for a damaged one");
      }
      tableLength += ENTRY + put.key().length;
      valuesLength += put.value() == null ? 0 : put.value().remaining();
    }
    if (tableLength > MAX_TABLE) {
      throw new IllegalArgumentException("log batch of " + puts.size() + " entries has a " + tableLength
          + "-byte table, over the " + MAX_TABLE + " bytes opening accepts: split it");
    }
    ByteBuffer table = ByteBuffer.allocate(tableLength);
    List<Entry> written = new ArrayList<>(puts.size());
    long offset = end + HEADER + tableLength;
    ByteBuffer[] buffers = new ByteBuffer[2 + puts.size()];
    int i = 2;
    for (Put put : puts) {
      ByteBuffer value = put.value() == null ? ByteBuffer.allocate(0) : put.value().duplicate();
      int length = value.remaining();
      CRC32C valueCrc = new CRC32C();
      valueCrc.update(value.duplicate());
      int crc = (int) valueCrc.getValue();
      table.put(put.kind()).putShort((short) put.key().length).putInt(length).putInt(crc).put(put.key());
      written.add(new Entry(put.kind(), put.key(), offset, length, crc));
      offset += length;
      buffers[i++] = value;
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(puts.size()).putInt(tableLength)
        .putLong(valuesLength).putInt(crc(table.array()));
    header.putInt(crc(header.array(), 0, 24));
    buffers[0] = header.flip();
    buffers[1] = table.flip();
    long total = HEADER + tableLength + valuesLength;
    try {
      channel.position(end);
      long done = 0;
      while (done < total) {
        done += channel.write(buffers);
      }
      channel.force(false);
    } catch (IOException e) {
      // nothing of a failed append may come back after a reopening: cut it off again
      try {
        reopen().truncate(end);
        channel.force(true);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    end += total;
    return written;
  }

  /**
   * Opens the file again after a thread interrupted in a read or write closed the channel (NIO
   * closes a channel on interrupt), unless the log itself was closed.
   */
  private synchronized FileChannel reopen() throws IOException {
    if (closed) {
      throw new java.nio.channels.ClosedChannelException();
    }
    if (!channel.isOpen()) {
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
    return channel;
  }

  /**
   * Reads an entry's value and checks it against its checksum.
   *
   * @throws DamagedFileException when it does not match
   */
  byte[] read(Entry entry) throws IOException {
    return read(entry.offset(), entry.length(), entry.crc(), entry.key());
  }

  /** Reads {@code length} bytes at {@code offset} whose CRC32C must be {@code crc}. */
  byte[] read(long offset, int length, int crc, byte[] key) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try {
      readFully(channel, buffer, offset);
    } catch (java.nio.channels.ClosedChannelException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      buffer.clear();
      readFully(reopen(), buffer, offset);
    }
    if (crc(buffer.array()) != crc) {
      throw new DamagedFileException(file, offset, valueProblem(new Entry(PUT, key, offset, length, crc)));
    }
    return buffer.array();
  }

  /** The length of the log in bytes (a torn tail not counted). */
  synchronized long size() {
    return end;
  }

  Path file() {
    return file;
  }

  private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    readFully(channel, buffer, position);
    return buffer.flip();
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("file ends at " + at + " before " + buffer.remaining() + " more bytes");
      }
      at += n;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    channel.close();
  }
}
