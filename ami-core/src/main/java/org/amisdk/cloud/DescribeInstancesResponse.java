package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.Instance;

/**
 * A page of DescribeInstances, sorted by instance id, and the token of the next page if any.
 * This local cloud does not group instances into reservations.
 */
public record DescribeInstancesResponse(List<Instance> instances, Optional<String> nextToken) {
  /** Copies the list. */
  public DescribeInstancesResponse {
    instances = List.copyOf(instances);
  }
}
