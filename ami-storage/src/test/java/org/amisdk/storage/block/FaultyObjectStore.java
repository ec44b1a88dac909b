package org.amisdk.storage.block;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.amisdk.storage.object.MultipartUpload;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectPage;
import org.amisdk.storage.object.ObjectStore;

/**
 * An {@link ObjectStore} that forwards to another and fails on cue: the Nth put either before it
 * reaches the store (nothing written) or after (written, but the caller never hears so), or the
 * Nth delete. It can also hold the Nth put until released, and counts the bytes handed out by gets.
 */
final class FaultyObjectStore implements ObjectStore {
  /** When the failing put fails. */
  enum PutFailure { BEFORE_WRITING, AFTER_WRITING }

  private final ObjectStore delegate;
  private final AtomicInteger puts = new AtomicInteger();
  private final AtomicInteger deletes = new AtomicInteger();
  private final AtomicLong bytesRead = new AtomicLong();
  private volatile int failingPut = -1;
  private volatile PutFailure putFailure = PutFailure.BEFORE_WRITING;
  private volatile int failingDelete = -1;
  private volatile int heldPut = -1;
  private volatile java.util.concurrent.CountDownLatch release;
  private final java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);

  FaultyObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  /** Makes the {@code n}th put from now (1 is the next) fail as {@code how}. */
  void failPut(int n, PutFailure how) {
    putFailure = how;
    failingPut = puts.get() + n;
  }

  /** Makes the {@code n}th delete from now (1 is the next) fail before reaching the store. */
  void failDelete(int n) {
    failingDelete = deletes.get() + n;
  }

  /**
   * Makes the {@code n}th put from now wait, before writing, until {@code release} opens; the
   * returned latch opens once it waits.
   */
  java.util.concurrent.CountDownLatch holdPut(int n, java.util.concurrent.CountDownLatch release) {
    this.release = release;
    heldPut = puts.get() + n;
    return holding;
  }

  long bytesRead() {
    return bytesRead.get();
  }

  @Override
  public ObjectInfo put(ObjectKey key, InputStream content, long length) throws IOException {
    int n = puts.incrementAndGet();
    if (n == heldPut) {
      holding.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while holding the put of object " + key);
      }
    }
    boolean fail = n == failingPut;
    if (fail && putFailure == PutFailure.BEFORE_WRITING) {
      throw new IOException("injected failure before writing object " + key);
    }
    ObjectInfo info = delegate.put(key, content, length);
    if (fail) {
      throw new IOException("injected failure after writing object " + key);
    }
    return info;
  }

  @Override
  public InputStream get(ObjectKey key) throws IOException {
    byte[] bytes = delegate.readAllBytes(key, Integer.MAX_VALUE - 16);
    bytesRead.addAndGet(bytes.length);
    return new java.io.ByteArrayInputStream(bytes);
  }

  @Override
  public InputStream get(ObjectKey key, long offset, long length) throws IOException {
    byte[] bytes;
    try (InputStream in = delegate.get(key, offset, length)) {
      bytes = in.readAllBytes();
    }
    bytesRead.addAndGet(bytes.length);
    return new java.io.ByteArrayInputStream(bytes);
  }

  @Override
  public ObjectInfo head(ObjectKey key) throws IOException {
    return delegate.head(key);
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) throws IOException {
    return delegate.list(prefix, pageToken, pageSize);
  }

  @Override
  public boolean delete(ObjectKey key) throws IOException {
    if (deletes.incrementAndGet() == failingDelete) {
      throw new IOException("injected failure deleting object " + key);
    }
    return delegate.delete(key);
  }

  @Override
  public MultipartUpload startMultipart(ObjectKey key) throws IOException {
    return delegate.startMultipart(key);
  }
}
