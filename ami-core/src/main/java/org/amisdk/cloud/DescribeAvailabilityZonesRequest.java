package org.amisdk.cloud;

import java.util.List;
import org.immutables.value.Value;

/**
 * DescribeAvailabilityZones of the caller's region: all zones, those named by {@link #zoneNames()}
 * and {@link #zoneIds()} (a zone must match both lists when both are given), narrowed by filters.
 */
@Value.Immutable
public abstract class DescribeAvailabilityZonesRequest {
  DescribeAvailabilityZonesRequest() {}

  /** Zone names ({@code us-east-1a}); each must be a zone of the region. Empty for any. */
  public abstract List<String> zoneNames();

  /** Zone ids ({@code use1-az1}); each must be a zone of the region. Empty for any. */
  public abstract List<String> zoneIds();

  /**
   * Filters of the EC2 API reference: {@code zone-name}, {@code zone-id}, {@code region-name},
   * {@code state}, {@code zone-type}, {@code group-name}, {@code opt-in-status}, and {@code
   * message}, {@code parent-zone-name}, {@code parent-zone-id} (which no Availability Zone has).
   */
  public abstract List<Filter> filters();

  /**
   * AllAvailabilityZones: zones regardless of opt-in status. Every zone of a local cloud needs no
   * opt-in, so the answer is the same either way.
   */
  @Value.Default
  public boolean allAvailabilityZones() {
    return false;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DescribeAvailabilityZonesRequest}. */
  public static final class Builder extends ImmutableDescribeAvailabilityZonesRequest.Builder {
    Builder() {}
  }
}
