package org.amisdk.storage.object;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;

/** A multipart upload for the local backends: parts kept aside, then put as one stream. */
final class LocalMultipartUpload implements MultipartUpload {

  /** Where a backend keeps the parts of one upload. */
  interface Parts {
    void write(int partNumber, InputStream content, long length, String what) throws IOException;

    NavigableSet<Integer> numbers();

    long size(int partNumber) throws IOException;

    InputStream open(int partNumber) throws IOException;

    void discard() throws IOException;
  }

  private final ObjectStore store;
  private final ObjectKey key;
  private final Parts parts;
  private boolean finished;

  LocalMultipartUpload(ObjectStore store, ObjectKey key, Parts parts) {
    this.store = store;
    this.key = key;
    this.parts = parts;
  }

  @Override
  public ObjectKey key() {
    return key;
  }

  @Override
  public void putPart(int partNumber, InputStream content, long length) throws IOException {
    checkOpen();
    MultipartUpload.checkPartNumber(key, partNumber);
    Streams.checkLength("part " + partNumber + " of the upload to " + key, length);
    parts.write(partNumber, content, length, "part " + partNumber + " of the upload to " + key);
  }

  @Override
  public ObjectInfo complete() throws IOException {
    checkOpen();
    if (parts.numbers().isEmpty()) {
      throw new IllegalStateException("the upload to " + key + " has no parts to complete");
    }
    long total = 0;
    List<InputStream> streams = new ArrayList<>();
    try {
      for (int n : parts.numbers()) {
        total += parts.size(n);
      }
      for (int n : parts.numbers()) {
        streams.add(parts.open(n));
      }
      ObjectInfo info;
      try (InputStream all = new SequenceInputStream(Collections.enumeration(streams))) {
        info = store.put(key, all, total);
      }
      finished = true;
      parts.discard();
      return info;
    } finally {
      for (InputStream s : streams) {
        s.close();
      }
    }
  }

  @Override
  public void abort() throws IOException {
    if (!finished) {
      finished = true;
      parts.discard();
    }
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("the upload to " + key + " is already completed or aborted");
    }
  }
}
