package org.amisdk.storage.object;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Listing pages for the local backends, whose page token is the last key of the previous page. */
final class Pages {
  private Pages() {}

  /** Checks a listing's arguments and returns the key to start after, if any. */
  static Optional<ObjectKey> startAfter(String prefix, Optional<String> pageToken, int pageSize) {
    ObjectKey.checkPrefix(prefix);
    if (pageSize < 1 || pageSize > ObjectStore.DEFAULT_PAGE_SIZE) {
      throw new IllegalArgumentException("listing page size " + pageSize + " is not 1 to "
          + ObjectStore.DEFAULT_PAGE_SIZE);
    }
    return pageToken.map(token -> {
      try {
        return ObjectKey.of(token);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("listing page token '" + token + "' was not given by this store", e);
      }
    });
  }

  /** Describes one object of a page. */
  interface Describer {
    ObjectInfo describe(ObjectKey key) throws IOException;
  }

  /**
   * Makes a page of the keys {@code sorted} yields (all matching the prefix and after the token,
   * in order), describing only those on the page.
   */
  static ObjectPage page(Iterator<ObjectKey> sorted, int pageSize, Describer describer) throws IOException {
    List<ObjectInfo> objects = new ArrayList<>();
    ObjectKey last = null;
    while (sorted.hasNext() && objects.size() < pageSize) {
      last = sorted.next();
      ObjectInfo info = describer.describe(last);
      if (info != null) {
        objects.add(info);
      }
    }
    Optional<String> next = sorted.hasNext() && last != null ? Optional.of(last.value()) : Optional.empty();
    return new ObjectPage(objects, next);
  }
}
