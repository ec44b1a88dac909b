package org.amisdk.cloud;

import java.io.InputStream;
import java.io.IOException;
import java.util.Optional;
import org.amisdk.storage.object.MultipartUpload;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectPage;
import org.amisdk.storage.object.ObjectStore;

/** A view of a caller's object store that passes every call through but {@code close}: for parts that close the store they are given. */
final class UnclosedObjectStore implements ObjectStore {
  private final ObjectStore store;

  UnclosedObjectStore(ObjectStore store) {
    this.store = store;
  }

  @Override
  public ObjectInfo put(ObjectKey key, InputStream content, long length) throws IOException {
    return store.put(key, content, length);
  }

  @Override
  public InputStream get(ObjectKey key) throws IOException {
    return store.get(key);
  }

  @Override
  public InputStream get(ObjectKey key, long offset, long length) throws IOException {
    return store.get(key, offset, length);
  }

  @Override
  public ObjectInfo head(ObjectKey key) throws IOException {
    return store.head(key);
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) throws IOException {
    return store.list(prefix, pageToken, pageSize);
  }

  @Override
  public boolean delete(ObjectKey key) throws IOException {
    return store.delete(key);
  }

  @Override
  public MultipartUpload startMultipart(ObjectKey key) throws IOException {
    return store.startMultipart(key);
  }

  @Override
  public void close() {
    // the caller's store stays open
  }
}
