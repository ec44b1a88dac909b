package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
import org.amisdk.storage.block.BlockAddress;
import org.amisdk.storage.block.BlockStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EBS direct APIs through the control plane: a started snapshot is a pending catalog snapshot
 * of the caller, completed by CompleteSnapshot; blocks are read from any snapshot the caller may
 * restore (EBS direct APIs user guide: "the snapshot must be owned by you or shared with you").
 */
class DirectApiTest {
  private static final int BLOCK = BlockStore.BLOCK_SIZE;

  @TempDir
  Path dir;

  static byte[] block(int seed) {
    byte[] data = new byte[BLOCK];
    new SplittableRandom(seed).nextBytes(data);
    return data;
  }

  static String checksum(byte[] data) {
    return BlockAddress.of(data, 0, data.length).toBase64();
  }

  private static Snapshot described(Ec2 client, SnapshotId id) {
    return client.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(id).build()).snapshots().get(0);
  }

  private static DirectApiException refusedDirect(String code, String reason, org.junit.jupiter.api.function.Executable call) {
    DirectApiException refusal = assertThrows(DirectApiException.class, call);
    assertEquals(code, refusal.errorCode(), refusal.getMessage());
    assertEquals(Optional.ofNullable(reason), refusal.reason(), refusal.getMessage());
    return refusal;
  }

  @Test
  void startPutComplete_pendingThenCompletedInDescribeSnapshots_andBlocksReadBack() throws Exception {
    try (World world = new World()) {
      Snapshot started = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).description("direct")
          .timeout(DirectApi.MAX_TIMEOUT_MINUTES).build());
      assertEquals(SnapshotState.PENDING, described(world.alice, started.snapshotId()).state());
      assertEquals(World.ALICE, described(world.alice, started.snapshotId()).ownerId());
      world.clock.advance(World.LONG_ENOUGH);
      assertEquals(SnapshotState.PENDING, described(world.alice, started.snapshotId()).state(), "no clock completes it");

      String id = started.snapshotId().toString();
      world.alice.putSnapshotBlock(id, 0, block(1), checksum(block(1)));
      world.alice.putSnapshotBlock(id, 7, block(2), checksum(block(2)));
      Snapshot completed = world.alice.completeSnapshot(id, 2);
      assertEquals(SnapshotState.COMPLETED, completed.state());
      assertEquals(SnapshotState.COMPLETED, described(world.alice, started.snapshotId()).state());

      SnapshotBlocks<SnapshotBlocks.Block> listed = world.alice.listSnapshotBlocks(id, BlockPage.first());
      assertEquals(List.of(0L, 7L), listed.blocks().stream().map(SnapshotBlocks.Block::blockIndex).toList());
      assertEquals(1, listed.volumeSize());
      SnapshotBlockData read = world.alice.getSnapshotBlock(id, 7, listed.blocks().get(1).blockToken());
      assertArrayEquals(block(2), read.data());
      assertEquals(checksum(block(2)), read.checksum());
    }
  }

  @Test
  void readsSnapshotsMadeByCreateSnapshot_andChangedBlocksAgainstAChild() throws Exception {
    try (World world = new World()) {
      SnapshotId base = world.snapshot(world.alice);
      SnapshotBlocks<SnapshotBlocks.Block> blocks = world.alice.listSnapshotBlocks(base.toString(), BlockPage.first());
      assertEquals(1, blocks.blocks().size());
      byte[] first = world.alice.getSnapshotBlock(base.toString(), 0, blocks.blocks().get(0).blockToken()).data();
      byte[] expected = new byte[4096];
      world.alice.readVolume(world.alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").snapshotId(base).build()).volumeId(),
          0, expected, 0, expected.length);
      assertArrayEquals(expected, java.util.Arrays.copyOf(first, 4096));

      Snapshot child = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).parentSnapshotId(base.toString()).build());
      world.alice.putSnapshotBlock(child.snapshotId().toString(), 3, block(3), checksum(block(3)));
      world.alice.completeSnapshot(child.snapshotId().toString(), 1);
      SnapshotBlocks<SnapshotBlocks.Changed> changed =
          world.alice.listChangedBlocks(Optional.of(base.toString()), child.snapshotId().toString(), BlockPage.first());
      assertEquals(1, changed.blocks().size());
      assertEquals(3, changed.blocks().get(0).blockIndex());
      assertTrue(changed.blocks().get(0).firstBlockToken().isEmpty());
      assertEquals(2, world.alice.listSnapshotBlocks(child.snapshotId().toString(), BlockPage.first()).blocks().size(),
          "the child keeps the parent's block 0");
    }
  }

  @Test
  void completedDirectSnapshot_backsAnImage_thatBecomesAvailable() throws Exception {
    try (World world = new World()) {
      Snapshot started = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).timeout(DirectApi.MAX_TIMEOUT_MINUTES).build());
      ImageId image = world.alice.registerImage(World.register("direct", started.snapshotId()).build());
      world.clock.advance(World.LONG_ENOUGH);
      assertEquals(ImageState.PENDING, world.alice.describeImages(World.describe().addImageIds(image).build())
          .images().get(0).state(), "an image waits for its pending snapshot");
      world.alice.putSnapshotBlock(started.snapshotId().toString(), 0, block(4), checksum(block(4)));
      world.alice.completeSnapshot(started.snapshotId().toString(), 1);
      world.clock.advance(World.LONG_ENOUGH);
      assertEquals(ImageState.AVAILABLE, world.alice.describeImages(World.describe().addImageIds(image).build())
          .images().get(0).state());
    }
  }

  @Test
  void authorization_othersCannotReadPrivateOrWriteShared_butReadShared() throws Exception {
    try (World world = new World()) {
      Snapshot started = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build());
      String id = started.snapshotId().toString();
      refusedDirect(DirectApiException.RESOURCE_NOT_FOUND, "SNAPSHOT_NOT_FOUND", () -> world.bob.putSnapshotBlock(id, 0, block(5), checksum(block(5))));
      world.alice.putSnapshotBlock(id, 0, block(5), checksum(block(5)));
      world.alice.completeSnapshot(id, 1);
      refusedDirect(DirectApiException.RESOURCE_NOT_FOUND, "SNAPSHOT_NOT_FOUND", () -> world.bob.listSnapshotBlocks(id, BlockPage.first()));
      String token = world.alice.listSnapshotBlocks(id, BlockPage.first()).blocks().get(0).blockToken();
      refusedDirect(DirectApiException.RESOURCE_NOT_FOUND, "SNAPSHOT_NOT_FOUND", () -> world.bob.getSnapshotBlock(id, 0, token));

      world.alice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(SnapshotId.parse(id))
          .addAdd(new LaunchPermission.Account(World.BOB)).build());
      assertArrayEquals(block(5), world.bob.getSnapshotBlock(id, 0, token).data(), "createVolumePermission lets bob read");
      Snapshot bobs = world.bob.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build());
      refusedDirect(DirectApiException.ACCESS_DENIED, "UNAUTHORIZED_ACCOUNT", () -> world.bob.completeSnapshot(id, 0));
      refusedDirect(DirectApiException.RESOURCE_NOT_FOUND, "SNAPSHOT_NOT_FOUND",
          () -> world.carol.completeSnapshot(bobs.snapshotId().toString(), 0));
    }
  }

  @Test
  void badBlocks_refusedWithTheReason_andNothingWritten() throws Exception {
    try (World world = new World()) {
      String id = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()).snapshotId().toString();
      byte[] data = block(6);
      refusedDirect(DirectApiException.VALIDATION, "INVALID_BLOCK", () -> world.alice.putSnapshotBlock(id, 0, data, checksum(block(7))));
      refusedDirect(DirectApiException.VALIDATION, "INVALID_BLOCK",
          () -> world.alice.putSnapshotBlock(id, 0, java.util.Arrays.copyOf(data, 4096), checksum(java.util.Arrays.copyOf(data, 4096))));
      refusedDirect(DirectApiException.VALIDATION, "INVALID_BLOCK", () -> world.alice.putSnapshotBlock(id, 2048, data, checksum(data)));
      refusedDirect(DirectApiException.VALIDATION, "INVALID_BLOCK", () -> world.alice.putSnapshotBlock(id, -1, data, checksum(data)));
      refusedDirect(DirectApiException.VALIDATION, "INVALID_BLOCK", () -> world.alice.putSnapshotBlock(id, 0, data, "not base64!"));
      refusedDirect(DirectApiException.VALIDATION, "INVALID_SNAPSHOT_ID", () -> world.alice.putSnapshotBlock("snap-nothex", 0, data, checksum(data)));
      refusedDirect(DirectApiException.VALIDATION, "INVALID_PARAMETER_VALUE", () -> world.alice.completeSnapshot(id, 1));
      refusedDirect(DirectApiException.VALIDATION, "INVALID_SNAPSHOT_ID", () -> world.alice.listSnapshotBlocks(id, BlockPage.first()));
      assertEquals(SnapshotState.PENDING, described(world.alice, SnapshotId.parse(id)).state(), "nothing changed");
      world.alice.completeSnapshot(id, 0);
      assertEquals(List.of(), world.alice.listSnapshotBlocks(id, BlockPage.first()).blocks(), "no refused block was kept");
      refusedDirect(DirectApiException.VALIDATION, "INVALID_SNAPSHOT_ID", () -> world.alice.putSnapshotBlock(id, 0, data, checksum(data)));
      refusedDirect(DirectApiException.VALIDATION, "INVALID_VOLUME_SIZE",
          () -> world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(0).build()));
      refusedDirect(DirectApiException.VALIDATION, "INVALID_VOLUME_SIZE",
          () -> world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(DirectApi.MAX_VOLUME_GIB + 1).build()));
    }
  }

  @Test
  void pages_maxResultsNextTokenAndStartingIndex_coverEveryBlockOnce() throws Exception {
    try (World world = new World()) {
      String id = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()).snapshotId().toString();
      byte[] data = block(8);
      for (int i = 0; i < 150; i++) {
        world.alice.putSnapshotBlock(id, i * 2L, data, checksum(data));
      }
      world.alice.completeSnapshot(id, 150);
      SnapshotBlocks<SnapshotBlocks.Block> first = world.alice.listSnapshotBlocks(id, new BlockPage(Optional.of(100), Optional.empty(), Optional.empty()));
      assertEquals(100, first.blocks().size());
      SnapshotBlocks<SnapshotBlocks.Block> second = world.alice.listSnapshotBlocks(id, new BlockPage(Optional.of(100), first.nextToken(), Optional.empty()));
      assertEquals(50, second.blocks().size());
      assertEquals(200, second.blocks().get(0).blockIndex());
      assertTrue(second.nextToken().isEmpty());
      assertEquals(10, world.alice.listSnapshotBlocks(id, new BlockPage(Optional.empty(), Optional.empty(), Optional.of(280L))).blocks().size());
      refusedDirect(DirectApiException.VALIDATION, "INVALID_PARAMETER_VALUE",
          () -> world.alice.listSnapshotBlocks(id, new BlockPage(Optional.of(99), Optional.empty(), Optional.empty())));
      refusedDirect(DirectApiException.VALIDATION, "INVALID_PAGE_TOKEN",
          () -> world.alice.listSnapshotBlocks(id, new BlockPage(Optional.empty(), Optional.of("bm9wZQ=="), Optional.empty())));
    }
  }

  @Test
  void blockTokens_expireWithTheClock_andNameOneBlock() throws Exception {
    try (World world = new World()) {
      String id = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()).snapshotId().toString();
      world.alice.putSnapshotBlock(id, 0, block(9), checksum(block(9)));
      world.alice.putSnapshotBlock(id, 1, block(10), checksum(block(10)));
      world.alice.completeSnapshot(id, 2);
      List<SnapshotBlocks.Block> blocks = world.alice.listSnapshotBlocks(id, BlockPage.first()).blocks();
      refusedDirect(DirectApiException.VALIDATION, "INVALID_BLOCK_TOKEN", () -> world.alice.getSnapshotBlock(id, 1, blocks.get(0).blockToken()));
      refusedDirect(DirectApiException.VALIDATION, "INVALID_BLOCK_TOKEN", () -> world.alice.getSnapshotBlock(id, 0,
          Base64.getEncoder().encodeToString(new byte[3])));
      world.clock.advance(DirectApi.TOKEN_LIFETIME);
      refusedDirect(DirectApiException.VALIDATION, "INVALID_BLOCK_TOKEN", () -> world.alice.getSnapshotBlock(id, 0, blocks.get(0).blockToken()));
    }
  }

  @Test
  void clientToken_retryReturnsTheSameSnapshot_anotherRequestConflicts() throws Exception {
    try (World world = new World()) {
      StartSnapshotRequest request = StartSnapshotRequest.builder().volumeSize(2).clientToken("t-1").build();
      Snapshot first = world.alice.startSnapshot(request);
      assertEquals(first.snapshotId(), world.alice.startSnapshot(request).snapshotId());
      refusedDirect(DirectApiException.CONFLICT, null,
          () -> world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(3).clientToken("t-1").build()));
      org.junit.jupiter.api.Assertions.assertNotEquals(first.snapshotId(), world.bob.startSnapshot(request).snapshotId(), "a token is per account");
    }
  }

  @Test
  void deletePending_abandonsIt() throws Exception {
    try (World world = new World()) {
      String id = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()).snapshotId().toString();
      world.alice.putSnapshotBlock(id, 0, block(11), checksum(block(11)));
      world.alice.deleteSnapshot(SnapshotId.parse(id));
      refusedDirect(DirectApiException.RESOURCE_NOT_FOUND, "SNAPSHOT_NOT_FOUND", () -> world.alice.completeSnapshot(id, 1));
    }
  }

  @Test
  void property_putsInAnyOrder_readBackAsTheLastWriteOfEachIndex_overAParent() throws Exception {
    byte[][] contents = {block(20), block(21), block(22), new byte[BLOCK]};
    org.amisdk.testing.Property.check("direct snapshot blocks agree with a map model", 12, random -> {
      try (World world = new World()) {
        java.util.TreeMap<Long, Integer> model = new java.util.TreeMap<>();
        Optional<String> parent = Optional.empty();
        if (random.nextBoolean()) {
          String p = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()).snapshotId().toString();
          for (long i = 0; i < 6; i++) {
            if (random.nextBoolean()) {
              int c = random.nextInt(contents.length);
              world.alice.putSnapshotBlock(p, i, contents[c], checksum(contents[c]));
              model.put(i, c);
            }
          }
          world.alice.completeSnapshot(p, model.size());
          parent = Optional.of(p);
        }
        String id = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).parentSnapshotId(parent).build())
            .snapshotId().toString();
        java.util.Set<Long> written = new java.util.HashSet<>();
        for (int n = random.nextInt(12); n > 0; n--) {
          long index = random.nextLong(8);
          int c = random.nextInt(contents.length);
          world.alice.putSnapshotBlock(id, index, contents[c], checksum(contents[c]));
          model.put(index, c);
          written.add(index);
        }
        world.alice.completeSnapshot(id, written.size());
        model.values().removeIf(c -> c == contents.length - 1); // zero blocks are not listed
        List<SnapshotBlocks.Block> listed = world.alice.listSnapshotBlocks(id, BlockPage.first()).blocks();
        assertEquals(List.copyOf(model.keySet()), listed.stream().map(SnapshotBlocks.Block::blockIndex).toList());
        for (SnapshotBlocks.Block b : listed) {
          assertArrayEquals(contents[model.get(b.blockIndex())], world.alice.getSnapshotBlock(id, b.blockIndex(), b.blockToken()).data());
        }
      }
    });
  }

  @Test
  void concurrentPuts_toOneSnapshot_allKept() throws Exception {
    try (World world = new World()) {
      String id = world.alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()).snapshotId().toString();
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        List<java.util.concurrent.Future<?>> puts = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
          int index = i;
          puts.add(pool.submit(() -> world.alice.putSnapshotBlock(id, index, block(100 + index), checksum(block(100 + index)))));
        }
        for (java.util.concurrent.Future<?> put : puts) {
          put.get();
        }
      } finally {
        pool.shutdown();
      }
      world.alice.completeSnapshot(id, 64);
      List<SnapshotBlocks.Block> listed = world.alice.listSnapshotBlocks(id, BlockPage.first()).blocks();
      assertEquals(64, listed.size());
      assertArrayEquals(block(163), world.alice.getSnapshotBlock(id, 63, listed.get(63).blockToken()).data());
    }
  }

  @Test
  void durableCloud_pendingSnapshotSurvivesReopen_withItsBlocks() throws Exception {
    ManualClock clock = new ManualClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    String id;
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      id = alice.startSnapshot(StartSnapshotRequest.builder().volumeSize(1).build()).snapshotId().toString();
      alice.putSnapshotBlock(id, 5, block(12), checksum(block(12)));
    }
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      assertEquals(SnapshotState.PENDING, described(alice, SnapshotId.parse(id)).state());
      alice.putSnapshotBlock(id, 6, block(13), checksum(block(13)));
      alice.completeSnapshot(id, 2);
    }
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      assertEquals(SnapshotState.COMPLETED, described(alice, SnapshotId.parse(id)).state());
      List<SnapshotBlocks.Block> blocks = alice.listSnapshotBlocks(id, BlockPage.first()).blocks();
      assertEquals(List.of(5L, 6L), blocks.stream().map(SnapshotBlocks.Block::blockIndex).toList());
      assertArrayEquals(block(12), alice.getSnapshotBlock(id, 5, blocks.get(0).blockToken()).data());
    }
  }
}
