package org.amisdk.testing.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import org.amisdk.storage.object.MultipartUpload;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectPage;
import org.amisdk.storage.object.ObjectStore;

/**
 * An {@link ObjectStore} that forwards to another and fails or stalls on cue ({@link #faults()}):
 * for testing what a tool does when storage fails half-way. Bytes counted are those streamed into
 * puts and parts and out of gets, as they pass. Each method call, and each part of a multipart
 * upload, counts one call. Closing closes the wrapped store.
 */
public final class FaultyObjectStore implements ObjectStore {
  private final ObjectStore delegate;
  private final Faults faults = new Faults();

  private FaultyObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  /** Wraps {@code delegate}; no fault is set until told. */
  public static FaultyObjectStore wrap(ObjectStore delegate) {
    return new FaultyObjectStore(Objects.requireNonNull(delegate, "delegate"));
  }

  /** Where faults are set and calls and bytes counted. */
  public Faults faults() {
    return faults;
  }

  @Override
  public ObjectInfo put(ObjectKey key, InputStream content, long length) throws IOException {
    faults.call("put of object " + key);
    return delegate.put(key, counted(content, "put of object " + key), length);
  }

  @Override
  public InputStream get(ObjectKey key) throws IOException {
    faults.call("get of object " + key);
    return counted(delegate.get(key), "get of object " + key);
  }

  @Override
  public InputStream get(ObjectKey key, long offset, long length) throws IOException {
    faults.call("ranged get of object " + key);
    return counted(delegate.get(key, offset, length), "ranged get of object " + key);
  }

  @Override
  public ObjectInfo head(ObjectKey key) throws IOException {
    faults.call("head of object " + key);
    return delegate.head(key);
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) throws IOException {
    faults.call("list of prefix " + prefix);
    return delegate.list(prefix, pageToken, pageSize);
  }

  @Override
  public boolean delete(ObjectKey key) throws IOException {
    faults.call("delete of object " + key);
    return delegate.delete(key);
  }

  @Override
  public MultipartUpload startMultipart(ObjectKey key) throws IOException {
    faults.call("multipart upload of object " + key);
    MultipartUpload upload = delegate.startMultipart(key);
    return new MultipartUpload() {
      @Override
      public ObjectKey key() {
        return upload.key();
      }

      @Override
      public void putPart(int partNumber, InputStream content, long length) throws IOException {
        String what = "part " + partNumber + " of object " + key;
        faults.call(what);
        upload.putPart(partNumber, counted(content, what), length);
      }

      @Override
      public ObjectInfo complete() throws IOException {
        faults.call("completion of object " + key);
        return upload.complete();
      }

      @Override
      public void abort() throws IOException {
        upload.abort();
      }
    };
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  private InputStream counted(InputStream in, String what) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          faults.bytes(what, 1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          faults.bytes(what, n);
        }
        return n;
      }
    };
  }
}
