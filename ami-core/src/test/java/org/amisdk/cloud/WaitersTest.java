package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceState;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.Volume;
import org.junit.jupiter.api.Test;

/** Waiters work on the real clock (sleeping) and on a test clock (advancing it); they give up after their attempts. */
class WaitersTest {
  private static final Duration SHORT = Duration.ofMillis(30);

  @Test
  void realClock_waitsUntilImageAvailableAndSnapshotCompleted() throws Exception {
    LifecycleTimings quick = new LifecycleTimings(SHORT, SHORT, Duration.ZERO, SHORT, SHORT, Duration.ZERO, SHORT, SHORT);
    try (LocalCloud cloud = LocalCloud.builder().clock(Clock.systemUTC()).timings(quick).ids(new SplittableRandom(1)).build()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      Waiters waiters = Waiters.of(alice, Waiters.Sleeper.real(), Duration.ofMillis(10), 500);
      Volume volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
      var snapshot = alice.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());
      assertEquals(SnapshotState.COMPLETED, waiters.waitUntilSnapshotCompleted(snapshot.snapshotId()).state());
      ImageId image = alice.registerImage(World.register("web-1", snapshot.snapshotId()).build());
      assertEquals(ImageState.AVAILABLE, waiters.waitUntilImageAvailable(image).state());
      Instance instance = alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").build())
          .get(0);
      assertEquals(InstanceState.RUNNING, waiters.waitUntilInstanceRunning(instance.instanceId()).state());
    }
  }

  @Test
  void testClock_givesUpAfterItsAttempts_andFailsOnUnreachableStates() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "web-1");
      Instance instance = world.alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
          .build()).get(0);
      Waiters impatient = Waiters.of(world.alice, world.clock::advance, Duration.ofSeconds(1), 3);
      IllegalStateException gaveUp = assertThrows(IllegalStateException.class, () -> impatient.waitUntilInstanceRunning(instance.instanceId()));
      assertTrue(gaveUp.getMessage().contains("still pending after 3 attempts"), gaveUp.getMessage());
      world.alice.terminateInstances(List.of(instance.instanceId()));
      IllegalStateException unreachable = assertThrows(IllegalStateException.class,
          () -> Waiters.of(world.alice, world.clock::advance, Duration.ofSeconds(15), 40).waitUntilInstanceRunning(instance.instanceId()));
      assertTrue(unreachable.getMessage().contains("shutting-down"), unreachable.getMessage());
    }
  }
}
