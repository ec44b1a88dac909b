package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.VolumeId;
import org.immutables.value.Value;

/** DescribeVolumes of the caller's volumes: by id, or filtered and paged. */
@Value.Immutable
public abstract class DescribeVolumesRequest {
  DescribeVolumesRequest() {}

  /** The volumes to describe; every one must exist. Empty for all of the caller's. */
  public abstract List<VolumeId> volumeIds();

  /**
   * Filters: {@code attachment.instance-id}, {@code attachment.device}, {@code attachment.status},
   * {@code attachment.delete-on-termination}, {@code availability-zone}, {@code create-time},
   * {@code encrypted}, {@code size}, {@code snapshot-id}, {@code status}, {@code volume-id}, {@code
   * volume-type}, {@code iops}, {@code throughput}, {@code tag:<key>}, {@code tag-key}.
   */
  public abstract List<Filter> filters();

  /** The page size, 5 to 1000; not with {@link #volumeIds()}. */
  public abstract Optional<Integer> maxResults();

  /** The token a previous page returned. */
  public abstract Optional<String> nextToken();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DescribeVolumesRequest}. */
  public static final class Builder extends ImmutableDescribeVolumesRequest.Builder {
    Builder() {}
  }
}
