package org.amisdk.storage.object;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An S3-like store of immutable objects under {@link ObjectKey keys}.
 *
 * <p>Contract, for every backend: a put is all or nothing: readers see the old object or the
 * whole new one, and a put that fails (including one whose stream delivers fewer or more bytes
 * than declared) leaves the key as it was. Streams returned by {@code get} belong to the caller,
 * who closes them. Implementations are safe for use by several threads.
 *
 * <p>What a store does not do: no versions, no conditional writes, no metadata beyond
 * {@link ObjectInfo}, no listing by delimiter. Conveniences such as {@link #listAll} are built on
 * the few abstract methods, once.
 */
public interface ObjectStore extends Closeable {

  /** The default number of objects per listing page, as in S3. */
  int DEFAULT_PAGE_SIZE = 1000;

  /** A store held in memory; objects up to 2 GiB. */
  static ObjectStore inMemory() {
    return new InMemoryObjectStore();
  }

  /**
   * A durable store in the directory {@code root} (created if missing). Every put is written to
   * a temporary file, forced, and renamed into place; leftovers of an interrupted put are removed
   * when the store opens. The directory belongs to one store, in one process, until {@link #close}.
   * Every read, whole or ranged, is checked against the object's digests. Key segments are limited
   * to 253 UTF-8 bytes here (file-name limits).
   *
   * @throws org.amisdk.storage.io.DirectoryInUseException when another store holds the directory
   */
  static ObjectStore directory(Path root) throws IOException {
    return DirectoryObjectStore.open(root);
  }

  /**
   * Stores exactly {@code length} bytes read from {@code content} under {@code key}, replacing any
   * object there. Does not close {@code content}.
   *
   * @throws IOException if the stream delivers fewer or more bytes than {@code length} (then
   *     nothing changed under the key), or the store fails
   */
  ObjectInfo put(ObjectKey key, InputStream content, long length) throws IOException;

  /**
   * Opens the object for reading. Local backends check the object's digest when the stream
   * reaches its end and throw {@link CorruptObjectException} if it differs.
   *
   * @throws NoSuchObjectException if there is no object under {@code key}
   */
  InputStream get(ObjectKey key) throws IOException;

  /**
   * Opens up to {@code length} bytes of the object starting at {@code offset}: fewer if the
   * object ends first, none if {@code offset} is at or beyond its end.
   *
   * @throws NoSuchObjectException if there is no object under {@code key}
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
   */
  InputStream get(ObjectKey key, long offset, long length) throws IOException;

  /**
   * Describes the object.
   *
   * @throws NoSuchObjectException if there is no object under {@code key}
   */
  ObjectInfo head(ObjectKey key) throws IOException;

  /**
   * Lists objects whose key starts with {@code prefix}, in key order, at most {@code pageSize}
   * per page; pass the previous page's token to go on.
   *
   * @throws IllegalArgumentException if {@code pageSize} is not 1 to 1000 or the token is not one
   *     this store gave
   */
  ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) throws IOException;

  /**
   * Deletes the object under {@code key}.
   *
   * @return whether there was one
   */
  boolean delete(ObjectKey key) throws IOException;

  /**
   * Starts a multipart upload to {@code key}; nothing is visible under the key until
   * {@link MultipartUpload#complete()}.
   */
  MultipartUpload startMultipart(ObjectKey key) throws IOException;

  /** Lists every object under {@code prefix}, page by page. */
  default List<ObjectInfo> listAll(String prefix) throws IOException {
    List<ObjectInfo> all = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      ObjectPage page = list(prefix, token, DEFAULT_PAGE_SIZE);
      all.addAll(page.objects());
      token = page.nextPageToken();
    } while (token.isPresent());
    return all;
  }

  /** Reads a whole object into memory, refusing objects larger than {@code maxBytes}. */
  default byte[] readAllBytes(ObjectKey key, int maxBytes) throws IOException {
    try (InputStream in = get(key)) {
      byte[] bytes = in.readNBytes(maxBytes);
      if (in.read() != -1) {
        throw new IOException("object " + key + " is larger than the " + maxBytes + " bytes allowed here");
      }
      return bytes;
    }
  }

  /** Releases what the store holds (clients, files, the directory backend's lock); the in-memory backend holds nothing. */
  @Override
  default void close() throws IOException {}
}
