package org.amisdk.cloud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.amisdk.model.Instance;
import org.amisdk.model.Reservation;
import org.amisdk.model.ReservationId;

/**
 * A page of DescribeInstances, sorted by instance id, and the token of the next page if any. A
 * page holds instances (MaxResults counts them), and {@link #reservations()} groups them as EC2's
 * answer does.
 */
public record DescribeInstancesResponse(List<Instance> instances, Optional<String> nextToken) {
  /** Copies the list. */
  public DescribeInstancesResponse {
    instances = List.copyOf(instances);
  }

  /**
   * The page's instances grouped by the RunInstances that launched them, in the order of each
   * reservation's first instance; a reservation lists only the instances this page holds.
   */
  public List<Reservation> reservations() {
    Map<ReservationId, List<Instance>> groups = new LinkedHashMap<>();
    for (Instance instance : instances) {
      groups.computeIfAbsent(instance.reservationId(), id -> new ArrayList<>()).add(instance);
    }
    List<Reservation> reservations = new ArrayList<>(groups.size());
    groups.forEach((id, members) -> reservations.add(new Reservation(id, members.get(0).ownerId(), members)));
    return reservations;
  }
}
