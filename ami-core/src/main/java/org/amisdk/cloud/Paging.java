package org.amisdk.cloud;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Paging of describe results: sorted by id, cut at the page size, with the token of the next page. */
final class Paging {

  private Paging() {}

  /** Sorts what a describe found by id and cuts the page at {@code max}, with the token of the next one. */
  static <T, R> R page(List<T> found, int max, java.util.function.Function<T, String> id,
      java.util.function.BiFunction<List<T>, Optional<String>, R> response) {
    found.sort(Comparator.comparing(id));
    if (found.size() > max) {
      List<T> page = found.subList(0, max);
      return response.apply(page, Optional.of(Views.token(id.apply(page.get(max - 1)))));
    }
    return response.apply(found, Optional.empty());
  }
}
