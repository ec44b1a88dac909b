package org.amisdk.model;

import java.util.List;

/**
 * A reservation as RunInstances answers it and DescribeInstances groups instances: the instances
 * launched together by one RunInstances, with its id and the owner.
 */
public record Reservation(ReservationId reservationId, AccountId ownerId, List<Instance> instances) {
  /** Copies the list. */
  public Reservation {
    instances = List.copyOf(instances);
  }
}
