package org.amisdk.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.amisdk.storage.object.MultipartUpload;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectPage;
import org.amisdk.storage.object.ObjectStore;

/**
 * An object store whose puts of catalog journal objects can be held at a gate (to catch commits
 * queueing behind a write in progress) or made to fail; everything else passes through.
 */
final class GatedObjectStore implements ObjectStore {
  private final ObjectStore inner;
  private final Object gate = new Object();
  private boolean closed;
  private int blocked;
  volatile boolean failing;
  /** Holds journal puts from now on. */
  final Runnable close = () -> {
    synchronized (gate) {
      closed = true;
    }
  };
  /** Lets held and later journal puts through. */
  final Runnable open = () -> {
    synchronized (gate) {
      closed = false;
      gate.notifyAll();
    }
  };

  GatedObjectStore(ObjectStore inner) {
    this.inner = inner;
  }

  /** Waits until a journal put is held at the gate. */
  void awaitBlockedPut() throws InterruptedException {
    synchronized (gate) {
      while (blocked == 0) {
        gate.wait();
      }
    }
  }

  @Override
  public ObjectInfo put(ObjectKey key, InputStream content, long length) throws IOException {
    if (key.value().contains("/journal-")) {
      if (failing) {
        throw new IOException("injected failure of the put of " + key);
      }
      synchronized (gate) {
        blocked++;
        gate.notifyAll();
        try {
          while (closed) {
            gate.wait();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted at the gate", e);
        } finally {
          blocked--;
        }
      }
    }
    return inner.put(key, content, length);
  }

  @Override
  public InputStream get(ObjectKey key) throws IOException {
    return inner.get(key);
  }

  @Override
  public InputStream get(ObjectKey key, long offset, long length) throws IOException {
    return inner.get(key, offset, length);
  }

  @Override
  public ObjectInfo head(ObjectKey key) throws IOException {
    return inner.head(key);
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) throws IOException {
    return inner.list(prefix, pageToken, pageSize);
  }

  @Override
  public boolean delete(ObjectKey key) throws IOException {
    return inner.delete(key);
  }

  @Override
  public MultipartUpload startMultipart(ObjectKey key) throws IOException {
    return inner.startMultipart(key);
  }
}
