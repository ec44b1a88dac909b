package org.amisdk.storage.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An append-only file of batches, each written with one gathering write and one fsync. A batch is
 * a header (magic, entry count, table length, values length, CRC32C of table and values), a table
 * of entries (kind, key, value length) and then the values, so opening a log reads the tables and
 * skips the values. Only the last batch can be torn by a crash (every earlier one was forced before
 * the next was written): opening checks its CRC and truncates a torn tail.
 */
final class BatchLog implements Closeable {
  static final byte PUT = 1;
  static final byte DELETE = 2;
  private static final int MAGIC = 0x414d4942;
  private static final int HEADER = 24;
  private static final int MAX_KEY = 1024;
  private static final int MAX_TABLE = 64 << 20;
  /** The most entries {@link #append} callers should put in one batch so its table stays far under the cap. */
  static final int MAX_BATCH_ENTRIES = 100_000;

  /** One entry of a batch as written: a put (with a value) or a delete (value null). */
  record Put(byte kind, byte[] key, byte[] value) {}

  /** One entry as found in the file: its value lies at {@code offset} for {@code length} bytes. */
  record Entry(byte kind, byte[] key, long offset, int length) {}

  private final Path file;
  private volatile FileChannel channel;
  private volatile boolean closed;
  private long end;

  private BatchLog(Path file, FileChannel channel, long end) {
    this.file = file;
    this.channel = channel;
    this.end = end;
  }

  /**
   * Opens (or creates) a log, hands each entry of each whole batch to {@code entries} in order, and
   * truncates a torn last batch.
   */
  static BatchLog open(Path file, List<Entry> entries) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      long size = channel.size();
      long position = 0;
      long lastStart = -1;
      int lastFirstEntry = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (position + HEADER <= size) {
        header.clear();
        readFully(channel, header, position);
        header.flip();
        int magic = header.getInt();
        int count = header.getInt();
        int tableLength = header.getInt();
        long valuesLength = header.getLong();
        if (magic != MAGIC || count < 0 || tableLength < 0 || tableLength > MAX_TABLE || valuesLength < 0
            || position + HEADER + tableLength + valuesLength > size) {
          break;
        }
        ByteBuffer table = ByteBuffer.allocate(tableLength);
        readFully(channel, table, position + HEADER);
        table.flip();
        List<Entry> batch = parseTable(table, count, position + HEADER + tableLength, valuesLength);
        if (batch == null) {
          break;
        }
        lastStart = position;
        lastFirstEntry = entries.size();
        entries.addAll(batch);
        position += HEADER + tableLength + valuesLength;
      }
      if (lastStart >= 0 && !crcMatches(channel, lastStart)) {
        entries.subList(lastFirstEntry, entries.size()).clear();
        position = lastStart;
      }
      if (position != size) {
        channel.truncate(position);
        channel.force(true);
      }
      return new BatchLog(file, channel, position);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static List<Entry> parseTable(ByteBuffer table, int count, long valuesStart, long valuesLength) {
    List<Entry> batch = new ArrayList<>(Math.min(count, 4096));
    long offset = valuesStart;
    try {
      for (int i = 0; i < count; i++) {
        byte kind = table.get();
        int keyLength = Short.toUnsignedInt(table.getShort());
        int length = table.getInt();
        if ((kind != PUT && kind != DELETE) || keyLength > MAX_KEY || length < 0) {
          return null;
        }
        byte[] key = new byte[keyLength];
        table.get(key);
        batch.add(new Entry(kind, key, offset, length));
        offset += length;
      }
    } catch (RuntimeException e) { // a table cut short: the batch is torn
      return null;
    }
    return offset == valuesStart + valuesLength && !table.hasRemaining() ? batch : null;
  }

  private static boolean crcMatches(FileChannel channel, long start) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(channel, header, start);
    header.flip();
    header.getInt();
    header.getInt();
    int tableLength = header.getInt();
    long remaining = tableLength + header.getLong();
    int expected = header.getInt();
    CRC32C crc = new CRC32C();
    ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
    long position = start + HEADER;
    while (remaining > 0) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), remaining));
      readFully(channel, chunk, position);
      chunk.flip();
      crc.update(chunk);
      position += chunk.limit();
      remaining -= chunk.limit();
    }
    return (int) crc.getValue() == expected;
  }

  /** Appends one batch and forces it to disk; returns the entries as they now lie in the file. */
  synchronized List<Entry> append(List<Put> puts) throws IOException {
    int tableLength = 0;
    long valuesLength = 0;
    for (Put put : puts) {
      if (put.key().length > MAX_KEY) {
        throw new IllegalArgumentException("log key of " + put.key().length + " bytes is longer than " + MAX_KEY
            + ": opening would take the batch for a torn one");
      }
      tableLength += 7 + put.key().length;
      valuesLength += put.value() == null ? 0 : put.value().length;
    }
    if (tableLength > MAX_TABLE) {
      throw new IllegalArgumentException("log batch of " + puts.size() + " entries has a " + tableLength
          + "-byte table, over the " + MAX_TABLE + " bytes opening accepts: split it");
    }
    ByteBuffer table = ByteBuffer.allocate(tableLength);
    List<Entry> written = new ArrayList<>(puts.size());
    long offset = end + HEADER + tableLength;
    CRC32C crc = new CRC32C();
    ByteBuffer[] buffers = new ByteBuffer[2 + puts.size()];
    int i = 2;
    for (Put put : puts) {
      int length = put.value() == null ? 0 : put.value().length;
      table.put(put.kind()).putShort((short) put.key().length).putInt(length).put(put.key());
      written.add(new Entry(put.kind(), put.key(), offset, length));
      offset += length;
      buffers[i++] = ByteBuffer.wrap(put.value() == null ? new byte[0] : put.value());
    }
    crc.update(table.array());
    for (int b = 2; b < buffers.length; b++) {
      crc.update(buffers[b].array());
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(puts.size()).putInt(tableLength)
        .putLong(valuesLength).putInt((int) crc.getValue());
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

  /** Reads {@code length} bytes at {@code offset}. */
  byte[] read(long offset, int length) throws IOException {
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
    return buffer.array();
  }

  /** The length of the log in bytes. */
  synchronized long size() {
    return end;
  }

  Path file() {
    return file;
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
