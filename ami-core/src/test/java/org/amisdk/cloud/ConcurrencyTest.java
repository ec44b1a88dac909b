package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ImageId;
import org.amisdk.model.SnapshotId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients used from many threads: operations on one region are atomic and linearizable. */
class ConcurrencyTest {
  private final World world = new World();
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    world.close();
  }

  private <T> List<T> all(List<Callable<T>> calls) throws Exception {
    List<T> results = new ArrayList<>();
    for (Future<T> future : pool.invokeAll(calls)) {
      results.add(future.get());
    }
    return results;
  }

  @Test
  void registerSameName_fromManyThreads_exactlyOneWins() throws Exception {
    SnapshotId root = world.snapshot(world.alice);
    AtomicInteger duplicates = new AtomicInteger();
    List<Callable<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      calls.add(() -> {
        try {
          world.alice.registerImage(World.register("contended", root).build());
          return true;
        } catch (Ec2Exception refusal) {
          assertEquals("InvalidAMIName.Duplicate", refusal.errorCode());
          duplicates.incrementAndGet();
          return false;
        }
      });
    }
    assertEquals(1, all(calls).stream().filter(won -> won).count());
    assertEquals(31, duplicates.get());
    assertEquals(1, world.alice.describeImages(World.describe().addOwners("self").build()).images().size());
  }

  @Test
  void launchesAndDescribes_fromManyThreads_seeEveryCommittedInstance() throws Exception {
    ImageId image = world.image(world.alice, "web-1");
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      calls.add(() -> world.alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
          .minCount(5).maxCount(5).build()).size());
      calls.add(() -> world.alice.describeInstances(List.of()).size() % 5); // a describe never sees half a launch
    }
    List<Integer> results = all(calls);
    for (int i = 0; i < results.size(); i += 2) {
      assertEquals(5, results.get(i));
      assertEquals(0, results.get(i + 1));
    }
    assertEquals(80, world.alice.describeInstances(List.of()).size());
    assertEquals(80, world.alice.describeVolumes(List.of()).size());
  }
}
