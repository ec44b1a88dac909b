package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.amisdk.model.AccountId;

/** A catalog batch being read (see {@link Catalog}); every read is checked against the bytes left. */
final class CatalogIn {
  private final byte[] bytes;
  private final String where;
  private final Map<String, AccountId> accounts = new HashMap<>();
  private final Map<String, String> shared = new HashMap<>();
  private int position;
  /** The instant read last. */
  private Instant last;

  CatalogIn(byte[] bytes, String where) {
    this.bytes = bytes;
    this.where = where;
  }

  IOException corrupt(String why) {
    return new IOException(where + " is corrupt at byte " + position + " of its batch: " + why);
  }

  private void need(long count) throws IOException {
    if (count > bytes.length - position) {
      throw corrupt(count + " bytes are announced but only " + (bytes.length - position) + " are left");
    }
  }

  int byte1() throws IOException {
    need(1);
    return bytes[position++] & 0xFF;
  }

  boolean bool() throws IOException {
    int value = byte1();
    if (value > 1) {
      throw corrupt("a flag is " + value + ", not 0 or 1");
    }
    return value == 1;
  }

  long varlong() throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = byte1();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw corrupt("a number runs over 10 bytes");
  }

  int varint() throws IOException {
    long value = varlong();
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw corrupt("a number " + value + " is out of range");
    }
    return (int) value;
  }

  /** A count of elements of at least {@code minBytes} each, which must fit in what is left. */
  int count(int minBytes) throws IOException {
    int count = varint();
    need((long) count * minBytes);
    return count;
  }

  String string() throws IOException {
    int length = varint();
    need(length);
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  /**
   * A string that many entries repeat (a device name, a platform, a tag key): one copy per batch
   * is kept, so a reopened catalog holds (and the collector copies) far fewer strings.
   */
  String shared() throws IOException {
    String value = string();
    String kept = shared.putIfAbsent(value, value);
    return kept == null ? value : kept;
  }

  /** An account id; the few distinct ones of a batch are parsed once. */
  AccountId account() throws IOException {
    return account(string());
  }

  AccountId account(String text) {
    AccountId account = accounts.get(text);
    if (account == null) {
      account = AccountId.parse(text);
      accounts.put(text, account);
    }
    return account;
  }

  <E extends Enum<E>> E name(Class<E> type) throws IOException {
    String name = string();
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw corrupt(type.getSimpleName() + " has no value " + name);
    }
  }

  Instant instant() throws IOException {
    long zigzag = varlong();
    long seconds = (zigzag >>> 1) ^ -(zigzag & 1);
    int nanos = varint();
    if (nanos > 999_999_999) {
      throw corrupt("an instant has " + nanos + " nanoseconds");
    }
    if (last != null && last.getEpochSecond() == seconds && last.getNano() == nanos) {
      return last; // an entry's times are often equal (created, available): one object for both
    }
    try {
      last = Instant.ofEpochSecond(seconds, nanos);
      return last;
    } catch (java.time.DateTimeException e) {
      throw corrupt("an instant of " + seconds + " seconds is out of range");
    }
  }

  <T> Optional<T> optional(Reader<T> read) throws IOException {
    return bool() ? Optional.of(read.read(this)) : Optional.empty();
  }

  /** A list; the empty and one-element lists most entries hold are made without a builder. */
  <T> ImmutableList<T> list(Reader<T> read) throws IOException {
    int count = count(1);
    if (count == 0) {
      return ImmutableList.of();
    }
    if (count == 1) {
      return ImmutableList.of(read.read(this));
    }
    ImmutableList.Builder<T> values = ImmutableList.builderWithExpectedSize(count);
    for (int i = 0; i < count; i++) {
      values.add(read.read(this));
    }
    return values.build();
  }

  void end() throws IOException {
    if (position != bytes.length) {
      throw corrupt((bytes.length - position) + " bytes follow its last change");
    }
  }

  /** Reads one value. */
  @FunctionalInterface
  interface Reader<T> {
    T read(CatalogIn in) throws IOException;
  }
}
