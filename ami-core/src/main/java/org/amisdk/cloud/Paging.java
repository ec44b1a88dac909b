package org.amisdk.cloud;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;

/** Paging of describe results: sorted by id, cut at the page size, with the token of the next page. */
final class Paging {

  /** EC2's smallest page a describe accepts. */
  static final int MIN_PAGE = 5;
  /** EC2's largest page a describe accepts. */
  static final int MAX_PAGE = 1000;

  private Paging() {}

  /**
   * The page size of a describe: everything when {@code maxResults} is absent, else 5 to 1000, the
   * same bounds for every describe; refused when combined with ids.
   */
  static int pageSize(String action, Optional<Integer> maxResults, boolean byIds) {
    if (maxResults.isEmpty()) {
      return Integer.MAX_VALUE;
    }
    if (byIds) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
          "%s gives both MaxResults and ids: page size cannot be combined with ids", action);
    }
    int max = maxResults.get();
    if (max < MIN_PAGE || max > MAX_PAGE) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "MaxResults %d is out of range: it is %d to %d", max, MIN_PAGE, MAX_PAGE);
    }
    return max;
  }

  /**
   * The page of a describe whose candidates all need their view built: the views whose id follows
   * {@code after} and that {@code matcher} keeps, paged as {@link #page} does.
   */
  static <E, V, R> R pageOfViews(List<E> candidates, java.util.function.Function<E, V> view,
      java.util.function.Function<V, String> id, String after, Views.Matcher<V> matcher, int max,
      java.util.function.BiFunction<List<V>, Optional<String>, R> response) {
    List<V> found = new java.util.ArrayList<>();
    for (E candidate : candidates) {
      V shown = view.apply(candidate);
      if (id.apply(shown).compareTo(after) > 0 && matcher.matches(shown)) {
        found.add(shown);
      }
    }
    return page(found, max, id, response);
  }

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
