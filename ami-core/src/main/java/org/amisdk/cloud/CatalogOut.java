package org.amisdk.cloud;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/** A catalog batch being written: a growing byte array with the layout's primitives (see {@link Catalog}). */
final class CatalogOut {
  private byte[] bytes = new byte[256];
  private int size;

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  void byte1(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
  }

  void bool(boolean value) {
    byte1(value ? 1 : 0);
  }

  void varint(int value) {
    varlong(value & 0xFFFFFFFFL);
  }

  void varlong(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  void string(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    varint(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, bytes, size, utf8.length);
    size += utf8.length;
  }

  void name(Enum<?> value) {
    string(value.name());
  }

  void instant(Instant value) {
    long seconds = value.getEpochSecond();
    varlong((seconds << 1) ^ (seconds >> 63));
    varint(value.getNano());
  }

  <T> void optional(Optional<T> value, Consumer<T> write) {
    bool(value.isPresent());
    value.ifPresent(write);
  }

  <T> void list(Collection<T> values, Consumer<T> write) {
    varint(values.size());
    values.forEach(write);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
