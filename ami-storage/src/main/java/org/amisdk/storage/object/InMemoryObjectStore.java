package org.amisdk.storage.object;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Iterator;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link ObjectStore#inMemory()}: objects as byte arrays in a sorted concurrent map. */
final class InMemoryObjectStore implements ObjectStore {
  private static final long MAX_SIZE = Integer.MAX_VALUE - 8;

  private record Stored(byte[] bytes, ObjectInfo info) {}

  private final ConcurrentSkipListMap<ObjectKey, Stored> objects = new ConcurrentSkipListMap<>();
  private final Clock clock = Clock.systemUTC();

  @Override
  public ObjectInfo put(ObjectKey key, InputStream content, long length) throws IOException {
    Streams.checkLength("object " + key, length);
    if (length > MAX_SIZE) {
      throw new IllegalArgumentException("object " + key + " of " + length
          + " bytes is larger than the in-memory store holds (2 GiB)");
    }
    byte[] bytes = readExactly(content, length, "object " + key);
    ObjectInfo info = new ObjectInfo(key, bytes.length,
        ObjectInfo.sha256Digest(Streams.hex(Streams.sha256().digest(bytes))), clock.instant());
    objects.put(key, new Stored(bytes, info));
    return info;
  }

  private static byte[] readExactly(InputStream content, long length, String what) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(length, 1 << 20));
    Streams.copyExactly(content, length, out, Streams.sha256(), what);
    return out.toByteArray();
  }

  @Override
  public InputStream get(ObjectKey key) throws IOException {
    return new ByteArrayInputStream(stored(key).bytes());
  }

  @Override
  public InputStream get(ObjectKey key, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("range of object " + key + " has a negative offset or length: "
          + offset + ", " + length);
    }
    byte[] bytes = stored(key).bytes();
    int from = (int) Math.min(offset, bytes.length);
    int to = (int) Math.min(bytes.length, from + Math.min(length, bytes.length));
    return new ByteArrayInputStream(bytes, from, to - from);
  }

  @Override
  public ObjectInfo head(ObjectKey key) throws IOException {
    return stored(key).info();
  }

  private Stored stored(ObjectKey key) throws NoSuchObjectException {
    Stored stored = objects.get(key);
    if (stored == null) {
      throw new NoSuchObjectException(key.value());
    }
    return stored;
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) throws IOException {
    Optional<ObjectKey> after = Pages.startAfter(prefix, pageToken, pageSize);
    Iterator<ObjectKey> keys = (after.isPresent()
        ? objects.tailMap(after.get(), false).keySet()
        : objects.keySet()).stream()
        .filter(k -> k.startsWith(prefix))
        .iterator();
    return Pages.page(keys, pageSize, key -> {
      Stored stored = objects.get(key);
      return stored == null ? null : stored.info();
    });
  }

  @Override
  public boolean delete(ObjectKey key) {
    return objects.remove(key) != null;
  }

  @Override
  public MultipartUpload startMultipart(ObjectKey key) {
    TreeMap<Integer, byte[]> parts = new TreeMap<>();
    return new LocalMultipartUpload(this, key, new LocalMultipartUpload.Parts() {
      @Override
      public void write(int partNumber, InputStream content, long length, String what) throws IOException {
        if (length > MAX_SIZE) {
          throw new IllegalArgumentException(what + " of " + length + " bytes is larger than 2 GiB");
        }
        parts.put(partNumber, readExactly(content, length, what));
      }

      @Override
      public NavigableSet<Integer> numbers() {
        return parts.navigableKeySet();
      }

      @Override
      public long size(int partNumber) {
        return parts.get(partNumber).length;
      }

      @Override
      public InputStream open(int partNumber) {
        return new ByteArrayInputStream(parts.get(partNumber));
      }

      @Override
      public void discard() {
        parts.clear();
      }
    });
  }
}
