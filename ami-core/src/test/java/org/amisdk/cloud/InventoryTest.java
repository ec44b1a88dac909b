package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.SplittableRandom;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Volume;
import org.amisdk.storage.block.BlockStore;
import org.junit.jupiter.api.Test;

class InventoryTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final LocalCloud cloud = LocalCloud.builder().clock(clock).ids(new SplittableRandom(9))
      .timings(LifecycleTimings.instant()).build();
  private final Ec2 alice = cloud.client(AccountId.parse("111111111111"), Region.US_EAST_1);

  @Test
  void snapshotFacts_listTheDistinctNonZeroBlocks_withTheirStoredSize() {
    Volume volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
    byte[] block = new byte[BlockStore.BLOCK_SIZE];
    java.util.Arrays.fill(block, (byte) 7);
    alice.writeVolume(volume.volumeId(), 0, block, 0, block.length);
    alice.writeVolume(volume.volumeId(), 2L * BlockStore.BLOCK_SIZE, block, 0, block.length); // the same bytes again
    alice.writeVolume(volume.volumeId(), 3L * BlockStore.BLOCK_SIZE, new byte[8], 0, 8);     // still all zero
    Snapshot snapshot = alice.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());

    Inventory inventory = Inventory.of(cloud);
    Inventory.SnapshotFacts facts = inventory.snapshots().get(0);
    assertEquals(snapshot.snapshotId(), facts.snapshot().snapshotId());
    assertEquals(1, facts.blocks().size(), "two equal blocks are one address; a zero block is not stored");
    long stored = inventory.storedBytes().get(facts.blocks().iterator().next());
    assertTrue(stored > 0 && stored < BlockStore.BLOCK_SIZE, "a block of one repeated byte compresses: " + stored);
    assertEquals(1, inventory.volumes().size());
    assertEquals(clock.instant(), inventory.at());
  }

  @Test
  void snapshotFacts_nameTheImagesThatUseThem_andArchivalStart() {
    Volume volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
    SnapshotId id = alice.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build()).snapshotId();
    alice.modifySnapshotTier(id);
    Inventory.SnapshotFacts facts = Inventory.of(cloud).snapshots().get(0);
    assertEquals(java.util.Optional.of(clock.instant()), facts.archivedSince());
    assertTrue(facts.usedBy().isEmpty());
    assertFalse(facts.blocks().iterator().hasNext(), "an empty volume's snapshot holds no block");
  }
}
