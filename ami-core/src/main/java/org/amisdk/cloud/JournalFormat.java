package org.amisdk.cloud;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.amisdk.model.Region;

/**
 * The byte layout of the catalog journal: self-checking records, and the files (journal segments,
 * checkpoints, the region list) made of a header and records. All integers are big endian.
 *
 * <p>A record holds one or more commits (several when commits of several threads are written
 * under one fsync), each commit one batch of {@link Catalog} changes:
 *
 * <pre>
 *   int  magic "AMJR"   int  body length   long first commit's sequence number
 *   int  commit count   int  CRC32C of the 20 bytes before it
 *   body: per commit, int length then the batch
 *   int  CRC32C of everything before it (header and body)
 * </pre>
 *
 * A file starts with a 4-byte magic naming its kind and a 4-byte version. Reading is untrusted:
 * every length is checked against the bytes present before anything is allocated.
 */
final class JournalFormat {
  /**
   * The version written. 2: volumes' zones, IOPS, throughput, KMS keys and attachments; instances'
   * zones and reservation ids. 4: change kinds added (a started snapshot's deadline, client
   * tokens); the kinds of version 2 are written as before, so a version 2 file reads as it is.
   * (3 is skipped: 2 and 4 differ in two bits, so no single flipped bit of a header turns one
   * version this reads into the other.)
   */
  static final int VERSION = 4;
  /** The previous version, still read. */
  static final int PREVIOUS = 2;
  /** The magic of a journal segment: records appended one per group commit. */
  static final int SEGMENT = 0x414D4A53; // "AMJS"
  /** The magic of a checkpoint: one record whose commits are the region's entries in batches. */
  static final int CHECKPOINT = 0x414D4A43; // "AMJC"
  /** The magic of the region list: one record with one commit, the region codes one a line. */
  static final int REGIONS = 0x414D4A4C; // "AMJL"
  /** The bytes of a file header. */
  static final int FILE_HEADER = 8;
  /** The bytes a record adds to its body: 24 of header, 4 of trailing checksum. */
  static final int OVERHEAD = 28;

  private static final int RECORD = 0x414D4A52; // "AMJR"
  private static final int HEADER = 24;

  private JournalFormat() {}

  /** One commit read back: its sequence number and its batch. */
  record Commit(long sequence, byte[] batch) {}

  /**
   * The commits of a segment and where its valid records end.
   *
   * @param records how many valid records were read
   * @param tail what was dropped after {@code end}, if anything (a torn or damaged last record)
   */
  record Scan(List<Commit> commits, int records, long end, Optional<String> tail) {}

  // ---- writing

  /** A file header: the kind's magic and the version. */
  static byte[] fileHeader(int magic) {
    return ByteBuffer.allocate(FILE_HEADER).putInt(magic).putInt(VERSION).array();
  }

  /** A record of {@code batches}, the first of which is commit {@code firstSequence}. */
  static byte[] record(long firstSequence, List<byte[]> batches) {
    long body = 0;
    for (byte[] batch : batches) {
      body += 4 + batch.length;
    }
    if (body > Integer.MAX_VALUE - OVERHEAD - FILE_HEADER) {
      throw new IllegalArgumentException("journal record of " + body + " bytes is larger than the 2 GiB a record holds");
    }
    ByteBuffer out = ByteBuffer.allocate(OVERHEAD + (int) body);
    out.putInt(RECORD).putInt((int) body).putLong(firstSequence).putInt(batches.size());
    out.putInt(crc(out.array(), 0, 20));
    for (byte[] batch : batches) {
      out.putInt(batch.length).put(batch);
    }
    out.putInt(crc(out.array(), 0, out.position()));
    return out.array();
  }

  /** A whole file: the header of {@code magic}, then one record. */
  static byte[] file(int magic, long sequence, List<byte[]> batches) {
    byte[] record = record(sequence, batches);
    return ByteBuffer.allocate(FILE_HEADER + record.length).put(fileHeader(magic)).put(record).array();
  }

  /** The region list file: the codes, one a line, in one record. */
  static byte[] regionList(Collection<Region> regions) {
    StringBuilder text = new StringBuilder();
    regions.forEach(r -> text.append(r.code()).append('\n'));
    return file(REGIONS, 1, List.of(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Reads a region list file; any damage, or a line that is no region code, is an error naming {@code name}. */
  static List<Region> readRegionList(byte[] bytes, String name) throws IOException {
    List<Commit> commits = readWhole(bytes, REGIONS, 1, name);
    List<Region> regions = new ArrayList<>();
    for (String code : new String(commits.get(0).batch(), java.nio.charset.StandardCharsets.UTF_8).split("\n", -1)) {
      if (!code.isEmpty()) {
        try {
          regions.add(Region.of(code));
        } catch (RuntimeException e) {
          throw new IOException("catalog file " + name + " is damaged: it lists " + code + ", which is no region code", e);
        }
      }
    }
    return regions;
  }

  // ---- reading

  /** Checks a file's header: its magic must be {@code magic}, its version one this version reads; returns the version. */
  static int checkHeader(byte[] bytes, int magic, String name) throws IOException {
    if (bytes.length < FILE_HEADER) {
      throw new IOException("catalog file " + name + " is damaged: it has " + bytes.length + " bytes, fewer than its "
          + FILE_HEADER + "-byte header");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int found = in.getInt();
    if (found != magic) {
      throw new IOException(String.format("catalog file %s is damaged at offset 0: its magic is %08x, not %08x", name, found, magic));
    }
    int version = in.getInt();
    if (version != VERSION && version != PREVIOUS) {
      throw new IOException("catalog file " + name + " has version " + version + ": this version reads " + PREVIOUS + " and " + VERSION);
    }
    return version;
  }

  /**
   * Reads a file made of one record ({@link #CHECKPOINT}, {@link #REGIONS}, or an object holding
   * one journal record) whose first sequence number must be {@code sequence}. Any damage is an
   * error: such files are written whole, never torn.
   */
  static List<Commit> readWhole(byte[] bytes, int magic, long sequence, String name) throws IOException {
    checkHeader(bytes, magic, name);
    Scan scan = scan(bytes, FILE_HEADER, name, false);
    if (scan.records() != 1 || scan.commits().get(0).sequence() != sequence) {
      throw new IOException("catalog file " + name + " is damaged: it does not hold exactly one record of sequence " + sequence);
    }
    return scan.commits();
  }

  /**
   * Reads the records of a segment from {@code start}. A record that does not check out ends the
   * scan: when {@code tearable}, no valid record follows it anywhere and its damage is that of a
   * torn write (cut short, or ending in unwritten zeros), it is reported as the dropped tail;
   * otherwise the segment is refused with an error naming the file, the offset and what was found.
   */
  static Scan scan(byte[] bytes, int start, String name, boolean tearable) throws IOException {
    List<Commit> commits = new ArrayList<>();
    int records = 0;
    int at = start;
    while (at < bytes.length) {
      String fault = fault(bytes, at);
      if (fault != null) {
        int next = nextValid(bytes, at + 1);
        if (next >= 0) {
          throw new IOException("catalog journal " + name + " is damaged at offset " + at + ": " + fault
              + ", and a valid record follows at offset " + next + " (not a torn tail: refused, nothing changed)");
        }
        if (!tearable) {
          throw new IOException("catalog file " + name + " is damaged at offset " + at + ": " + fault);
        }
        if (!tornWrite(bytes, at)) {
          throw new IOException("catalog journal " + name + " is damaged at offset " + at + ": " + fault + ", in a last "
              + "record that is whole (not what a crash during its write leaves: refused, nothing changed; "
              + "LocalCloud.repair salvages every intact record)");
        }
        return new Scan(commits, records, at, Optional.of((bytes.length - at) + " bytes at offset " + at + " (" + fault + ")"));
      }
      at = readRecord(bytes, at, commits);
      records++;
    }
    return new Scan(commits, records, at, Optional.empty());
  }

  /**
   * Every valid record of a damaged segment (or checkpoint) from {@code start}, for repair:
   * damaged bytes are skipped to the next valid record, each skipped run described in {@code lost}.
   */
  static List<Commit> salvage(byte[] bytes, int start, String name, List<String> lost) {
    List<Commit> commits = new ArrayList<>();
    int at = start;
    while (at < bytes.length) {
      String fault = fault(bytes, at);
      if (fault != null) {
        int next = nextValid(bytes, at + 1);
        int end = next < 0 ? bytes.length : next;
        lost.add(name + ": " + (end - at) + " bytes at offset " + at + " (" + fault + ")");
        if (next < 0) {
          break;
        }
        at = next;
        continue;
      }
      at = readRecord(bytes, at, commits);
    }
    return commits;
  }

  /** Adds the commits of the valid record at {@code at} to {@code commits}; returns the offset after it. */
  private static int readRecord(byte[] bytes, int at, List<Commit> commits) {
    ByteBuffer in = ByteBuffer.wrap(bytes, at, bytes.length - at);
    in.getInt();
    int body = in.getInt();
    long first = in.getLong();
    int count = in.getInt();
    in.getInt();
    for (int i = 0; i < count; i++) {
      byte[] batch = new byte[in.getInt()];
      in.get(batch);
      commits.add(new Commit(first + i, batch));
    }
    return at + OVERHEAD + body;
  }

  /** Why the record at {@code at} is not valid, or null when it is. */
  private static String fault(byte[] bytes, int at) {
    int left = bytes.length - at;
    if (left < HEADER) {
      return "a record header cut short (" + left + " of " + HEADER + " bytes)";
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, at, left);
    int magic = in.getInt();
    if (magic != RECORD) {
      return String.format("no record magic (found %08x)", magic);
    }
    int body = in.getInt();
    in.getLong();
    int count = in.getInt();
    int headerCrc = in.getInt();
    if (headerCrc != crc(bytes, at, 20)) {
      return "a record header whose checksum does not match";
    }
    if (body < 0 || (long) body + OVERHEAD > left) {
      return "a record of " + body + " bytes cut short (" + (left - OVERHEAD) + " present)";
    }
    int recordCrc = ByteBuffer.wrap(bytes, at + HEADER + body, 4).getInt();
    if (recordCrc != crc(bytes, at, HEADER + body)) {
      return "a record of " + body + " bytes whose checksum does not match";
    }
    if (count < 1 || (long) count * 4 > body) {
      return "a record announcing " + count + " commits in " + body + " bytes";
    }
    int offset = at + HEADER;
    int end = offset + body;
    for (int i = 0; i < count; i++) {
      if (end - offset < 4) {
        return "a record whose commit " + i + " has no length";
      }
      int length = ByteBuffer.wrap(bytes, offset, 4).getInt();
      if (length < 0 || length > end - offset - 4) {
        return "a record whose commit " + i + " of " + length + " bytes runs past its end";
      }
      offset += 4 + length;
    }
    return offset == end ? null : "a record with " + (end - offset) + " bytes after its last commit";
  }

  /**
   * Whether the faulty last record at {@code at} is what a crash while appending it leaves: cut
   * short (its header incomplete, or a checked header announcing more bytes than the file holds),
   * or ending in zeros that reach into it (space the file system allocated whose data never reached
   * the disk). A whole record with different bytes (a flipped bit) is not: that is damage.
   */
  private static boolean tornWrite(byte[] bytes, int at) {
    int left = bytes.length - at;
    if (left < HEADER) {
      return true;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, at, left);
    boolean checkedHeader = in.getInt() == RECORD && ByteBuffer.wrap(bytes, at + 20, 4).getInt() == crc(bytes, at, 20);
    int body = in.getInt();
    if (checkedHeader && body >= 0 && (long) body + OVERHEAD > left) {
      return true;
    }
    int zeros = 0;
    while (zeros < left && bytes[bytes.length - 1 - zeros] == 0) {
      zeros++;
    }
    long end = checkedHeader && body >= 0 ? at + (long) OVERHEAD + body : bytes.length;
    return zeros >= 4 && bytes.length - zeros < end;
  }

  /** The offset of the first valid record at or after {@code from}, or -1. */
  private static int nextValid(byte[] bytes, int from) {
    for (int at = from; at + HEADER <= bytes.length; at++) {
      if (bytes[at] == 'A' && bytes[at + 1] == 'M' && bytes[at + 2] == 'J' && bytes[at + 3] == 'R' && fault(bytes, at) == null) {
        return at;
      }
    }
    return -1;
  }

  private static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
