package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.Reservation;
import org.amisdk.model.ReservationId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reservations (EC2 API reference, "RunInstances": "Launches the specified number of instances";
 * its response is a Reservation; "DescribeInstances" answers reservations): the instances of one
 * RunInstances share one {@code r-} id, DescribeInstances groups each page by it, and the
 * {@code reservation-id} filter selects one launch.
 */
class ReservationsTest {
  @TempDir
  Path dir;

  private static List<Instance> launch(World world, ImageId image, int count) {
    return world.alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
        .minCount(count).maxCount(count).build());
  }

  @Test
  void runInstances_launchesOneReservation_describeInstancesGroupsByIt() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "web");
      List<Instance> first = launch(world, image, 3);
      List<Instance> second = launch(world, image, 2);
      ReservationId one = first.get(0).reservationId();
      ReservationId two = second.get(0).reservationId();
      assertNotEquals(one, two);
      first.forEach(i -> assertEquals(one, i.reservationId()));
      second.forEach(i -> assertEquals(two, i.reservationId()));
      List<Reservation> reservations = world.alice.describeInstances(DescribeInstancesRequest.builder().build()).reservations();
      assertEquals(Set.of(one, two), Set.copyOf(reservations.stream().map(Reservation::reservationId).toList()));
      for (Reservation reservation : reservations) {
        assertEquals(World.ALICE, reservation.ownerId());
        List<Instance> launched = reservation.reservationId().equals(one) ? first : second;
        assertEquals(Set.copyOf(ids(launched)), Set.copyOf(ids(reservation.instances())));
      }
      DescribeInstancesResponse filtered = world.alice.describeInstances(DescribeInstancesRequest.builder()
          .addFilters(Filter.of("reservation-id", two.toString())).build());
      assertEquals(List.of(two), filtered.reservations().stream().map(Reservation::reservationId).toList());
      assertEquals(Set.copyOf(ids(second)), Set.copyOf(ids(filtered.instances())));
    }
  }

  @Test
  void describeInstances_pagesByInstance_everyInstanceOnceInItsReservation() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "web");
      List<Instance> launched = new ArrayList<>(launch(world, image, 4));
      launched.addAll(launch(world, image, 3));
      Set<InstanceId> seen = new HashSet<>();
      Optional<String> token = Optional.empty();
      int pages = 0;
      do {
        DescribeInstancesResponse page = world.alice.describeInstances(DescribeInstancesRequest.builder().maxResults(5)
            .nextToken(token).build());
        for (Reservation reservation : page.reservations()) {
          for (Instance instance : reservation.instances()) {
            assertEquals(reservation.reservationId(), instance.reservationId());
            assertEquals(true, seen.add(instance.instanceId()), "instance " + instance.instanceId() + " on two pages");
          }
        }
        token = page.nextToken();
        pages++;
      } while (token.isPresent());
      assertEquals(2, pages);
      assertEquals(Set.copyOf(ids(launched)), seen);
    }
  }

  @Test
  void reservationId_survivesReopeningADurableCloud() throws Exception {
    ReservationId launched;
    InstanceId instance;
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "web");
      java.util.List<org.amisdk.model.Image> images = world.alice.describeImages(World.describe().addImageIds(image).build()).images();
      try (LocalCloud durable = LocalCloud.builder().directory(dir).clock(world.clock).open()) {
        durable.seed(World.REGION, images);
        Instance first = durable.client(World.ALICE, World.REGION).runInstances(RunInstancesRequest.builder().imageId(image)
            .instanceType("t3.micro").minCount(2).maxCount(2).build()).get(0);
        launched = first.reservationId();
        instance = first.instanceId();
      }
      try (LocalCloud reopened = LocalCloud.builder().directory(dir).clock(world.clock).open()) {
        assertEquals(launched, reopened.client(World.ALICE, World.REGION).describeInstances(List.of(instance)).get(0).reservationId());
      }
    }
  }

  private static List<InstanceId> ids(List<Instance> instances) {
    return instances.stream().map(Instance::instanceId).toList();
  }
}
