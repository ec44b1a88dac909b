package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  /** The first 4 KiB of a file: where {@link World#snapshot} wrote its bytes (the rest of the GiB is zeros). */
  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(4096);
    }
  }

  /**
   * Holds: deleting snapshots and volumes while exports, reads and launches run never makes one of
   * them fail falsely (only a clean "not found" for what was deleted before it began), every export
   * that succeeds is byte for byte right, and once everything is deleted no stored block is left.
   */
  @Test
  void deletesDuringExportsReadsAndLaunches_neverFailFalsely_andLeakNoBlock(@TempDir Path dir) throws Exception {
    List<SnapshotId> snapshots = new ArrayList<>();
    Map<SnapshotId, byte[]> expected = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      SnapshotId snapshot = world.snapshot(world.alice);
      Path reference = dir.resolve("reference-" + i);
      world.alice.exportSnapshot(snapshot, reference);
      snapshots.add(snapshot);
      expected.put(snapshot, head(reference));
    }
    List<VolumeId> volumes = new ArrayList<>();
    for (SnapshotId snapshot : snapshots) {
      volumes.add(world.alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(snapshot).build()).volumeId());
    }
    ImageId image = world.image(world.alice, "racing");
    // a volume being deleted is refused as IncorrectState ('deleting') until its deletion completes, then as not found
    Set<String> cleanRefusals = Set.of("InvalidSnapshot.NotFound", "InvalidVolume.NotFound", "InvalidAMIID.NotFound", "IncorrectState");
    List<Callable<String>> calls = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < snapshots.size(); i++) {
        SnapshotId snapshot = snapshots.get(i);
        VolumeId volume = volumes.get(i);
        Path target = dir.resolve("export-" + round + "-" + i);
        calls.add(() -> {
          world.alice.exportSnapshot(snapshot, target);
          assertArrayEquals(expected.get(snapshot), head(target), "export of " + snapshot);
          assertEquals(1L << 30, Files.size(target));
          return "exported";
        });
        calls.add(() -> {
          byte[] bytes = new byte[4096];
          world.alice.readVolume(volume, 0, bytes, 0, bytes.length);
          assertArrayEquals(expected.get(snapshot), bytes, "read of " + volume);
          return "read";
        });
        calls.add(() -> world.alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
            .build()).get(0).instanceId().toString());
      }
    }
    for (int i = 0; i < snapshots.size(); i++) {
      SnapshotId snapshot = snapshots.get(i);
      VolumeId volume = volumes.get(i);
      calls.add(() -> {
        world.alice.deleteSnapshot(snapshot);
        return "deleted";
      });
      calls.add(() -> {
        world.alice.deleteVolume(volume);
        return "deleted";
      });
    }
    calls.add(() -> {
      world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(image).deleteAssociatedSnapshots(true).build());
      return "deregistered";
    });
    Collections.shuffle(calls, new Random(11));
    for (Future<String> future : pool.invokeAll(calls)) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof Ec2Exception refusal) || !cleanRefusals.contains(refusal.errorCode())) {
          throw new AssertionError("a call failed falsely: " + e.getCause(), e.getCause());
        }
      }
    }
    world.alice.terminateInstances(world.alice.describeInstances(List.of()).stream().map(Instance::instanceId).toList());
    world.clock.advance(World.LONG_ENOUGH);
    for (Volume left : world.alice.describeVolumes(List.of())) {
      world.alice.deleteVolume(left.volumeId());
    }
    for (Snapshot left : world.alice.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots()) {
      world.alice.deleteSnapshot(left.snapshotId());
    }
    CloudImpl impl = (CloudImpl) world.cloud;
    assertEquals(List.of(), impl.storage.snapshots(), "stored snapshots left");
    assertEquals(List.of(), impl.storage.volumes(), "stored volumes left");
    assertEquals(Set.of(), impl.blockStore.addresses(), "stored blocks left");
  }
}
