package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** DescribeTags of the caller's tags: filtered and paged. */
@Value.Immutable
public abstract class DescribeTagsRequest {
  DescribeTagsRequest() {}

  /**
   * Filters, as EC2's API reference lists them for these resource kinds: {@code key}, {@code
   * value}, {@code resource-id}, {@code resource-type} ({@code image}, {@code snapshot}, {@code
   * volume}, {@code instance}) and {@code tag:<key>}; values may use the {@code *} and {@code ?}
   * wildcards.
   */
  public abstract List<Filter> filters();

  /** The page size, 5 to 1000. */
  public abstract Optional<Integer> maxResults();

  /** The token a previous page returned. */
  public abstract Optional<String> nextToken();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DescribeTagsRequest}. */
  public static final class Builder extends ImmutableDescribeTagsRequest.Builder {
    Builder() {}
  }
}
