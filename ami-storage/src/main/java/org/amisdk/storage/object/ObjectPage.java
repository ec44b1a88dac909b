package org.amisdk.storage.object;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing, in key order.
 *
 * @param objects the objects of this page
 * @param nextPageToken the token that fetches the next page, absent on the last page
 */
public record ObjectPage(List<ObjectInfo> objects, Optional<String> nextPageToken) {
  public ObjectPage {
    objects = List.copyOf(objects);
    Objects.requireNonNull(nextPageToken, "nextPageToken");
  }
}
