package org.amisdk.cloud;

import static org.amisdk.cloud.DirectApiTest.block;
import static org.amisdk.cloud.DirectApiTest.checksum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
import org.amisdk.storage.block.BlockAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StartSnapshot's {@code Timeout} (EBS direct APIs reference, StartSnapshot: "the amount of time
 * (in minutes) after which the snapshot is automatically cancelled if no blocks are written to the
 * snapshot, or the snapshot is not completed after writing the last block"; 10 to 4,320, default
 * 60). The state follows the cloud's clock; the next change of the region frees the blocks.
 */
class DirectSnapshotTimeoutTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @TempDir
  Path dir;

  private static SnapshotState state(Ec2 client, SnapshotId id) {
    return client.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(id).build()).snapshots().get(0).state();
  }

  private static SnapshotId start(Ec2 client, int timeoutMinutes) {
    return client.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).timeout(timeoutMinutes).build()).snapshotId();
  }

  private static void refusedAsCancelled(org.junit.jupiter.api.function.Executable call) {
    DirectApiException refusal = assertThrows(DirectApiException.class, call);
    assertEquals(DirectApiException.VALIDATION, refusal.errorCode(), refusal.getMessage());
    assertEquals(Optional.of("INVALID_SNAPSHOT_ID"), refusal.reason(), refusal.getMessage());
    assertTrue(refusal.getMessage().contains("cancelled"), refusal.getMessage());
  }

  @Test
  void noBlockWritten_cancelledAtTheTimeout_errorInDescribeSnapshots_andWritesRefused() throws Exception {
    try (World world = new World()) {
      SnapshotId id = start(world.alice, 10);
      world.clock.advance(Duration.ofMinutes(10).minus(SECOND));
      assertEquals(SnapshotState.PENDING, state(world.alice, id));
      world.clock.advance(SECOND);
      assertEquals(SnapshotState.ERROR, state(world.alice, id), "no block within 10 minutes: cancelled");
      refusedAsCancelled(() -> world.alice.putSnapshotBlock(id.toString(), 0, block(1), checksum(block(1))));
      refusedAsCancelled(() -> world.alice.completeSnapshot(id.toString(), 0));
      assertEquals(SnapshotState.ERROR, state(world.alice, id), "after the next change too");
    }
  }

  @Test
  void defaultTimeout_isSixtyMinutes() throws Exception {
    try (World world = new World()) {
      SnapshotId id = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()).snapshotId();
      world.clock.advance(Duration.ofMinutes(60).minus(SECOND));
      assertEquals(SnapshotState.PENDING, state(world.alice, id));
      world.clock.advance(SECOND);
      assertEquals(SnapshotState.ERROR, state(world.alice, id));
    }
  }

  @Test
  void timeoutCounts_fromTheLastBlockWritten() throws Exception {
    try (World world = new World()) {
      SnapshotId id = start(world.alice, 10);
      world.clock.advance(Duration.ofMinutes(8));
      world.alice.putSnapshotBlock(id.toString(), 0, block(2), checksum(block(2)));
      world.clock.advance(Duration.ofMinutes(8));
      world.alice.putSnapshotBlock(id.toString(), 1, block(3), checksum(block(3)));
      world.clock.advance(Duration.ofMinutes(10).minus(SECOND));
      assertEquals(SnapshotState.PENDING, state(world.alice, id), "26 minutes after the start, 10 less a second after the last block");
      world.clock.advance(SECOND);
      assertEquals(SnapshotState.ERROR, state(world.alice, id), "not completed within 10 minutes of the last block");
    }
  }

  @Test
  void completedWithinTheTimeout_staysCompleted() throws Exception {
    try (World world = new World()) {
      SnapshotId id = start(world.alice, 10);
      world.alice.putSnapshotBlock(id.toString(), 0, block(4), checksum(block(4)));
      world.clock.advance(Duration.ofMinutes(9));
      world.alice.completeSnapshot(id.toString(), 1);
      world.clock.advance(Duration.ofDays(4));
      world.alice.createTags(java.util.List.of(id), java.util.List.of(org.amisdk.model.Tag.of("k", "v"))); // a change: the sweep runs
      assertEquals(SnapshotState.COMPLETED, state(world.alice, id));
      assertEquals(1, world.alice.listSnapshotBlocks(id.toString(), BlockPage.first()).blocks().size());
    }
  }

  @Test
  void cancelled_blocksFreedByTheNextChange_noLeak_andTheSnapshotCanBeDeleted() throws Exception {
    try (World world = new World()) {
      CloudImpl impl = (CloudImpl) world.cloud;
      SnapshotId id = start(world.alice, 10);
      byte[] data = block(5);
      world.alice.putSnapshotBlock(id.toString(), 3, data, checksum(data));
      BlockAddress address = BlockAddress.of(data, 0, data.length);
      assertTrue(impl.blockStore.contains(address));
      world.clock.advance(Duration.ofMinutes(10));
      start(world.bob, 10); // any change of the region cancels what expired
      assertFalse(impl.blockStore.contains(address), "the cancelled snapshot's block is freed");
      assertEquals(1, impl.storage.pendingSnapshots().size(), "only bob's snapshot is still being written");
      Inventory.SnapshotFacts facts = world.cloud.inventory().snapshots().stream()
          .filter(f -> f.snapshot().snapshotId().equals(id)).findFirst().orElseThrow();
      assertEquals(SnapshotState.ERROR, facts.snapshot().state());
      assertTrue(facts.blocks().isEmpty());
      world.alice.deleteSnapshot(id);
      assertTrue(world.alice.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots().isEmpty());
    }
  }

  @Test
  void deletingAStartedSnapshot_abandonsIt_evenUnderARetentionRule_noBinnedDeadline() throws Exception {
    try (World world = new World()) {
      CloudImpl impl = (CloudImpl) world.cloud;
      world.alice.recycleBin().createRule(RetentionRuleRequest.regionLevel(RecycleBinResourceType.EBS_SNAPSHOT, 7));
      SnapshotId id = start(world.alice, 10);
      byte[] data = block(7);
      world.alice.putSnapshotBlock(id.toString(), 0, data, checksum(data));
      world.alice.deleteSnapshot(id);
      assertTrue(world.alice.recycleBin().listSnapshotsInRecycleBin(java.util.List.of()).isEmpty(), "not retained");
      assertFalse(impl.blockStore.contains(BlockAddress.of(data, 0, data.length)), "its blocks are freed");
      assertTrue(impl.storage.pendingSnapshots().isEmpty());
    }
  }

  @Test
  void timeoutOutOfRange_refusedWithEbsReason_nothingStarted() throws Exception {
    try (World world = new World()) {
      for (int minutes : new int[] {0, 9, 4_321, -1}) {
        DirectApiException refusal = assertThrows(DirectApiException.class, () -> start(world.alice, minutes));
        assertEquals(DirectApiException.VALIDATION, refusal.errorCode());
        assertEquals(Optional.of("INVALID_PARAMETER_VALUE"), refusal.reason());
      }
      start(world.alice, 10);
      start(world.alice, 4_320);
      assertEquals(2, world.alice.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build())
          .snapshots().size(), "only the two in range started");
    }
  }

  @Test
  void catalogOfThePreviousVersion_isRead_andNewCommitsGoToASegmentOfThisVersion() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    SnapshotId old;
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      old = new World(cloud, clock).snapshot(cloud.client(World.ALICE, World.REGION));
    }
    java.util.List<Path> files;
    try (var walk = java.nio.file.Files.walk(dir.resolve("catalog"))) {
      files = walk.filter(java.nio.file.Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("lock")).toList();
    }
    for (Path file : files) { // what version 2 wrote: the same bytes under a version 2 header
      byte[] bytes = java.nio.file.Files.readAllBytes(file);
      java.nio.ByteBuffer.wrap(bytes).putInt(4, JournalFormat.PREVIOUS);
      java.nio.file.Files.write(file, bytes);
    }
    SnapshotId started;
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      assertEquals(SnapshotState.COMPLETED, state(alice, old));
      started = start(alice, 10);
    }
    java.util.List<Integer> versions = new java.util.ArrayList<>();
    try (var walk = java.nio.file.Files.walk(dir.resolve("catalog").resolve(World.REGION.code()))) {
      for (Path file : walk.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
        versions.add(java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file)).getInt(4));
      }
    }
    assertEquals(JournalFormat.VERSION, versions.get(versions.size() - 1), "the segment written after the reopen: " + versions);
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      assertEquals(SnapshotState.COMPLETED, state(alice, old));
      assertEquals(SnapshotState.PENDING, state(alice, started));
      clock.advance(Duration.ofMinutes(10));
      assertEquals(SnapshotState.ERROR, state(alice, started));
    }
  }

  @Test
  void durableCloud_reopenedKeepsTheDeadline_andTheCancellation() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    SnapshotId id;
    byte[] data = block(6);
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      id = start(alice, 10);
      clock.advance(Duration.ofMinutes(5));
      alice.putSnapshotBlock(id.toString(), 0, data, checksum(data));
    }
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      clock.advance(Duration.ofMinutes(10).minus(SECOND));
      assertEquals(SnapshotState.PENDING, state(alice, id), "the deadline moved by the block written before the reopen");
      clock.advance(SECOND);
      assertEquals(SnapshotState.ERROR, state(alice, id));
      refusedAsCancelled(() -> alice.putSnapshotBlock(id.toString(), 1, data, checksum(data)));
      assertTrue(((CloudImpl) cloud).blockStore.contains(BlockAddress.of(data, 0, data.length)), "held until a change");
      start(alice, 10); // a change: the cancellation commits and the blocks are freed
    }
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      Snapshot seen = alice.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(id).build()).snapshots().get(0);
      assertEquals(SnapshotState.ERROR, seen.state());
      assertFalse(((CloudImpl) cloud).blockStore.contains(BlockAddress.of(data, 0, data.length)), "freed, and still after a reopen");
    }
  }
}
