package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.InstanceId;
import org.immutables.value.Value;

/** DescribeInstances of the caller's instances: by id, or filtered and paged. */
@Value.Immutable
public abstract class DescribeInstancesRequest {
  DescribeInstancesRequest() {}

  /** The instances to describe; every one must exist. Empty for all of the caller's. */
  public abstract List<InstanceId> instanceIds();

  /**
   * Filters: {@code instance-id}, {@code instance-state-name}, {@code image-id}, {@code
   * instance-type}, {@code architecture}, {@code root-device-type}, {@code owner-id}, {@code
   * reservation-id}, {@code tag:<key>}, {@code tag-key}.
   */
  public abstract List<Filter> filters();

  /** The page size, 5 to 1000; not with {@link #instanceIds()}. */
  public abstract Optional<Integer> maxResults();

  /** The token a previous page returned. */
  public abstract Optional<String> nextToken();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DescribeInstancesRequest}. */
  public static final class Builder extends ImmutableDescribeInstancesRequest.Builder {
    Builder() {}
  }
}
