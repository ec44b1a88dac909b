package org.amisdk.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import org.amisdk.storage.OperationCancelledException;
import org.amisdk.storage.ProgressListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@link BlockDevices}, one test each, on the in-memory store. */
class BlockDevicesTest {
  private static final int BLOCK = BlockStore.BLOCK_SIZE;
  @TempDir Path directory;
  private BlockStore store;
  private BlockDevices devices;

  @BeforeEach
  void open() throws IOException {
    store = BlockStore.inMemory();
    devices = BlockDevices.open(store);
  }

  @AfterEach
  void close() throws IOException {
    devices.close();
  }

  private static byte[] block(long seed) {
    byte[] block = new byte[BLOCK];
    new SplittableRandom(seed).nextBytes(block);
    return block;
  }

  private static byte[] concat(byte[]... blocks) {
    byte[] all = new byte[blocks.length * BLOCK];
    for (int i = 0; i < blocks.length; i++) {
      System.arraycopy(blocks[i], 0, all, i * BLOCK, BLOCK);
    }
    return all;
  }

  private BlockSnapshotId importBytes(byte[] image, Optional<BlockSnapshotId> parent) throws IOException {
    return devices.importRaw(Images.write(directory, "in-" + System.nanoTime() + ".img", image), parent,
        ProgressListener.NONE);
  }

  private byte[] export(BlockSnapshotId id) throws IOException {
    Path out = directory.resolve("out-" + System.nanoTime() + ".img");
    devices.export(id, out, ProgressListener.NONE);
    return Files.readAllBytes(out);
  }

  @Test
  void importThenExport_isByteForByte_whenTheSizeIsNotABlockMultiple() throws IOException {
    byte[] image = Arrays.copyOf(concat(block(1), new byte[BLOCK], block(2)), 2 * BLOCK + 12_345);
    BlockSnapshotId id = importBytes(image, Optional.empty());
    assertArrayEquals(image, export(id));
    assertEquals(image.length, devices.snapshot(id).orElseThrow().sizeBytes());
  }

  @Test
  void zeroBlocks_areNeverStored() throws IOException {
    BlockSnapshotId id = importBytes(new byte[3 * BLOCK], Optional.empty());
    assertEquals(0, devices.listSnapshotBlocks(id).size());
    assertEquals(0, store.addresses().size());
    assertEquals(0, devices.stats(id).logicalBytes());
  }

  @Test
  void identicalBlocks_areStoredOnce_acrossSnapshots() throws IOException {
    byte[] a = block(3);
    BlockSnapshotId first = importBytes(concat(a, a, a), Optional.empty());
    BlockSnapshotId second = importBytes(concat(block(4), a), Optional.empty());
    assertEquals(2, store.addresses().size());
    assertEquals(3, devices.stats(first).blocksReferenced());
    assertEquals(1, devices.stats(first).blocksAdded());
    assertEquals(1, devices.stats(second).blocksAdded());
    assertEquals(3L * BLOCK, devices.stats(first).logicalBytes());
  }

  @Test
  void storeStats_reportLogicalAndStoredBytes_compressedBelowLogical() throws IOException {
    byte[] text = new byte[BLOCK];
    Arrays.fill(text, (byte) 'x');
    importBytes(concat(text, block(5)), Optional.empty());
    StoreStats stats = devices.stats();
    assertEquals(2, stats.blocks());
    assertEquals(2L * BLOCK, stats.logicalBytes());
    assertTrue(stats.storedBytes() < stats.logicalBytes() && stats.storedBytes() > BLOCK, "stored " + stats);
  }

  @Test
  void deleteSnapshot_freesExactlyTheBlocksOnlyItHeld() throws IOException {
    byte[] shared = block(6);
    BlockSnapshotId first = importBytes(concat(shared, block(7), block(8)), Optional.empty());
    BlockSnapshotId second = importBytes(concat(shared, block(9)), Optional.of(first));
    assertEquals(2, devices.stats(first).blocksExclusive());
    devices.deleteSnapshot(first);
    assertEquals(2, store.addresses().size());
    assertEquals(Optional.empty(), devices.snapshot(first));
    assertArrayEquals(concat(shared, block(9)), export(second));
    assertThrows(NoSuchElementException.class, () -> devices.deleteSnapshot(first));
  }

  @Test
  void volumeFromSnapshot_readsTheSnapshot_untilWritten_atAnyOffset() throws IOException {
    byte[] image = concat(block(10), block(11), new byte[BLOCK]);
    BlockSnapshotId id = importBytes(image, Optional.empty());
    BlockVolume volume = devices.createVolume(id);
    byte[] read = new byte[image.length];
    volume.read(0, read, 0, read.length);
    assertArrayEquals(image, read);
    byte[] patch = block(12);
    volume.write(BLOCK - 100, patch, 0, 300);
    System.arraycopy(patch, 0, image, BLOCK - 100, 300);
    volume.read(0, read, 0, read.length);
    assertArrayEquals(image, read);
    volume.flush();
    volume.read(0, read, 0, read.length);
    assertArrayEquals(image, read);
    assertThrows(IllegalArgumentException.class, () -> volume.write(image.length - 1, patch, 0, 2));
  }

  @Test
  void volumeLargerThanItsSnapshot_readsTheSnapshotThenZeros_andSnapshotsAtItsOwnSize() throws IOException {
    byte[] image = Arrays.copyOf(block(40), BLOCK + 777); // a partial last block
    BlockSnapshotId id = importBytes(image, Optional.empty());
    long size = 5L * BLOCK + 3;
    BlockVolume volume = devices.createVolumes(id, size, 1).get(0);
    assertEquals(size, volume.size());
    byte[] expected = Arrays.copyOf(image, (int) size);
    byte[] read = new byte[(int) size];
    volume.read(0, read, 0, read.length);
    assertArrayEquals(expected, read);
    byte[] tail = block(41);
    volume.write(size - 10, tail, 0, 10);
    System.arraycopy(tail, 0, expected, (int) size - 10, 10);
    BlockSnapshotId grown = devices.snapshot(volume.id());
    assertEquals(size, devices.snapshot(grown).orElseThrow().sizeBytes());
    assertArrayEquals(expected, export(grown));
    assertThrows(IllegalArgumentException.class, () -> devices.createVolumes(id, image.length - 1L, 1));
  }

  @Test
  void snapshotOfAVolume_storesOnlyTheBlocksWrittenSinceItsLastSnapshot() throws IOException {
    BlockSnapshotId base = importBytes(concat(block(13), block(14), block(15), block(16)), Optional.empty());
    BlockVolume volume = devices.createVolume(base);
    volume.write(2L * BLOCK, block(17), 0, BLOCK);
    assertEquals(1, volume.changedBlocks());
    BlockSnapshotId first = devices.snapshot(volume.id());
    assertEquals(1, devices.stats(first).blocksAdded());
    assertEquals(Optional.of(base), devices.snapshot(first).orElseThrow().parent());
    assertEquals(0, volume.changedBlocks());
    volume.write(0, new byte[BLOCK], 0, BLOCK);
    BlockSnapshotId second = devices.snapshot(volume.id());
    assertEquals(0, devices.stats(second).blocksAdded());
    assertArrayEquals(concat(new byte[BLOCK], block(14), block(17), block(16)), export(second));
    assertEquals(List.of(new ChangedBlock(0, Optional.of(BlockAddress.of(block(13), 0, BLOCK)), Optional.empty())),
        devices.listChangedBlocks(first, second));
  }

  @Test
  void thousandVolumesFromOneSnapshot_copyNoBlock() throws IOException {
    BlockSnapshotId id = importBytes(concat(block(18), block(19)), Optional.empty());
    long stored = devices.stats().storedBytes();
    List<BlockVolume> volumes = devices.createVolumes(id, 1000);
    assertEquals(1000, volumes.size());
    assertEquals(stored, devices.stats().storedBytes());
    byte[] read = new byte[10];
    volumes.get(999).read(BLOCK, read, 0, 10);
    assertArrayEquals(Arrays.copyOf(block(19), 10), read);
  }

  @Test
  void deletedSnapshot_keepsItsBlocksUntilTheLastVolumeMadeFromItIsGone() throws IOException {
    byte[] image = concat(block(20), block(21));
    BlockSnapshotId id = importBytes(image, Optional.empty());
    BlockVolume volume = devices.createVolume(id);
    devices.deleteSnapshot(id);
    assertEquals(Optional.empty(), devices.snapshot(id));
    assertEquals(0, devices.snapshots().size());
    byte[] read = new byte[image.length];
    volume.read(0, read, 0, read.length);
    assertArrayEquals(image, read);
    devices.deleteVolume(volume.id());
    assertEquals(0, store.addresses().size());
  }

  @Test
  void putSnapshotBlock_refusesAWrongChecksumOrLength_andChangesNothing() throws IOException {
    BlockSnapshotId id = devices.startSnapshot(4L * BLOCK, Optional.empty());
    byte[] data = block(22);
    String wrong = BlockAddress.of(block(23), 0, BLOCK).toBase64();
    assertThrows(IllegalArgumentException.class, () -> devices.putSnapshotBlock(id, 0, data, wrong));
    assertThrows(IllegalArgumentException.class, () -> devices.putSnapshotBlock(id, 0, new byte[100],
        BlockAddress.of(new byte[100], 0, 100).toBase64()));
    assertThrows(IllegalArgumentException.class, () -> devices.putSnapshotBlock(id, 4, data, checksum(data)));
    assertThrows(IllegalArgumentException.class, () -> devices.putSnapshotBlock(id, 0, data, "not base64!"));
    IllegalArgumentException noChecksum = assertThrows(IllegalArgumentException.class,
        () -> devices.putSnapshotBlock(id, 0, data, null));
    assertEquals("block 0 of snapshot " + id + " has no checksum: both are required", noChecksum.getMessage());
    assertThrows(IllegalArgumentException.class, () -> devices.putSnapshotBlock(id, 0, null, checksum(data)));
    devices.completeSnapshot(id, 0);
    assertEquals(0, devices.listSnapshotBlocks(id).size());
    assertEquals(0, store.addresses().size());
  }

  private static String checksum(byte[] data) {
    return Base64.getEncoder().encodeToString(BlockAddress.sha256().digest(data));
  }

  @Test
  void directApi_writesOnlyWhilePending_andChecksTheChangedBlockCount() throws IOException {
    BlockSnapshotId id = devices.startSnapshot(4L * BLOCK, Optional.empty());
    devices.putSnapshotBlock(id, 3, block(24), checksum(block(24)));
    devices.putSnapshotBlock(id, 1, block(25), checksum(block(25)));
    devices.putSnapshotBlock(id, 1, block(26), checksum(block(26)));
    assertThrows(IllegalArgumentException.class, () -> devices.completeSnapshot(id, 3));
    assertThrows(IllegalStateException.class, () -> devices.listSnapshotBlocks(id), "a pending snapshot cannot be read");
    devices.completeSnapshot(id, 2);
    assertThrows(IllegalStateException.class, () -> devices.putSnapshotBlock(id, 0, block(27), checksum(block(27))));
    List<SnapshotBlock> blocks = devices.listSnapshotBlocks(id);
    assertEquals(List.of(1L, 3L), blocks.stream().map(SnapshotBlock::index).toList());
    assertArrayEquals(block(26), devices.getSnapshotBlock(id, 1));
    assertThrows(NoSuchElementException.class, () -> devices.getSnapshotBlock(id, 0));
    assertEquals(2, store.addresses().size(), "the overwritten block is freed when completed");
  }

  @Test
  void pendingSnapshot_survivesReopening_withItsBlocks_andHoldsItsDeletedParent() throws IOException {
    Path dir = directory.resolve("store");
    BlockSnapshotId parent;
    BlockSnapshotId id;
    try (BlockDevices durable = BlockDevices.open(BlockStore.directory(dir))) {
      parent = durable.importRaw(Images.write(directory, "parent.img", concat(block(60), block(61))), Optional.empty(),
          ProgressListener.NONE);
      id = durable.startSnapshot(4L * BLOCK, Optional.of(parent));
      durable.putSnapshotBlock(id, 2, block(62), checksum(block(62)));
      durable.deleteSnapshot(parent);
    }
    try (BlockDevices durable = BlockDevices.open(BlockStore.directory(dir))) {
      durable.putSnapshotBlock(id, 3, block(63), checksum(block(63)));
      assertThrows(IllegalArgumentException.class, () -> durable.completeSnapshot(id, 1), "both blocks count");
      durable.completeSnapshot(id, 2);
    }
    try (BlockDevices durable = BlockDevices.open(BlockStore.directory(dir))) {
      assertEquals(List.of(0L, 1L, 2L, 3L), durable.listSnapshotBlocks(id).stream().map(SnapshotBlock::index).toList());
      assertArrayEquals(block(60), durable.getSnapshotBlock(id, 0), "the deleted parent's blocks were kept");
      assertArrayEquals(block(62), durable.getSnapshotBlock(id, 2), "the block written before the reopening");
      assertEquals(Optional.empty(), durable.snapshot(parent));
      durable.deleteSnapshot(id);
      assertEquals(0, durable.stats().blocks(), "nothing leaks once both are gone");
    }
  }

  @Test
  void deletePendingSnapshot_abandonsItsBlocks() throws IOException {
    BlockSnapshotId id = devices.startSnapshot(4L * BLOCK, Optional.empty());
    devices.putSnapshotBlock(id, 0, block(64), checksum(block(64)));
    devices.deleteSnapshot(id);
    assertThrows(NoSuchElementException.class, () -> devices.completeSnapshot(id, 1));
    assertEquals(0, store.addresses().size());
    assertEquals(Map.of(), store.records());
  }

  @Test
  void listChangedBlocks_givesBothSides_firstOnly_andSecondOnly_andRefusesUnrelatedSnapshots() throws IOException {
    BlockSnapshotId first = importBytes(concat(block(30), block(31), new byte[BLOCK], block(33)), Optional.empty());
    BlockSnapshotId second = devices.startSnapshot(4L * BLOCK, Optional.of(first));
    devices.putSnapshotBlock(second, 0, block(40), checksum(block(40)));
    devices.putSnapshotBlock(second, 1, new byte[BLOCK], checksum(new byte[BLOCK]));
    devices.putSnapshotBlock(second, 2, block(42), checksum(block(42)));
    devices.completeSnapshot(second, 3);
    List<ChangedBlock> changed = devices.listChangedBlocks(first, second);
    assertEquals(List.of(
        new ChangedBlock(0, Optional.of(address(block(30))), Optional.of(address(block(40)))),
        new ChangedBlock(1, Optional.of(address(block(31))), Optional.empty()),
        new ChangedBlock(2, Optional.empty(), Optional.of(address(block(42))))), changed);
    BlockSnapshotId unrelated = importBytes(block(50), Optional.empty());
    assertThrows(IllegalArgumentException.class, () -> devices.listChangedBlocks(first, unrelated));
  }

  private static BlockAddress address(byte[] block) {
    return BlockAddress.of(block, 0, BLOCK);
  }

  @Test
  void cancelledImport_leavesNoSnapshotAndNoBlock() throws IOException {
    byte[] image = concat(block(60), block(61), block(62), block(63));
    Path file = Images.write(directory, "cancel.img", image);
    assertThrows(OperationCancelledException.class,
        () -> devices.importRaw(file, Optional.empty(), (phase, done, total) -> done < 2L * BLOCK));
    assertEquals(0, devices.snapshots().size());
    assertEquals(0, store.addresses().size());
  }

  @Test
  void cancelledExport_leavesNoTargetFile() throws IOException {
    BlockSnapshotId id = importBytes(concat(block(64), block(65)), Optional.empty());
    Path target = directory.resolve("never.img");
    assertThrows(OperationCancelledException.class,
        () -> devices.export(id, target, (phase, done, total) -> false));
    assertFalse(Files.exists(target));
    try (var files = Files.list(directory)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("never.img")));
    }
  }

  @Test
  void progress_neverGoesBack_andReachesTheTotal() throws IOException {
    Path file = Images.write(directory, "progress.img", concat(block(66), new byte[BLOCK], block(67)));
    List<long[]> seen = new ArrayList<>();
    devices.importRaw(file, Optional.empty(), (phase, done, total) -> seen.add(new long[] {done, total}));
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i)[0] >= seen.get(i - 1)[0]);
    }
    assertEquals(3L * BLOCK, seen.get(seen.size() - 1)[0]);
  }

  @Test
  void verifyProgress_countsTheBlocksChecked_andReachesTheTotal() throws IOException {
    int count = 3 * ParallelBlocks.RUN; // three runs: a worker reports each run of blocks it checked
    byte[][] blocks = new byte[count][];
    for (int i = 0; i < count; i++) {
      blocks[i] = block(100 + i);
    }
    importBytes(concat(blocks), Optional.empty());
    long total = (long) count * BLOCK;
    List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    devices.verify((phase, done, all) -> {
      assertEquals(total, all);
      return seen.add(done);
    });
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) >= seen.get(i - 1));
    }
    assertEquals(total, seen.get(seen.size() - 1));
    assertTrue(seen.stream().anyMatch(done -> done > 0 && done < total),
        "the blocks checked are reported as they are checked, not only at the end: " + seen);
  }

  @Test
  void unknownIds_andBadSizes_areRefused() throws IOException {
    BlockSnapshotId unknown = BlockSnapshotId.parse("s-0000000000000001");
    assertThrows(NoSuchElementException.class, () -> devices.createVolume(unknown));
    assertThrows(NoSuchElementException.class, () -> devices.stats(unknown));
    assertThrows(IllegalArgumentException.class, () -> devices.createVolume(0));
    assertThrows(IllegalArgumentException.class, () -> devices.startSnapshot(-1, Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> BlockSnapshotId.parse("snap-1"));
    assertThrows(IllegalArgumentException.class,
        () -> devices.importRaw(Images.write(directory, "empty.img", new byte[0]), Optional.empty(), ProgressListener.NONE));
    assertEquals(unknown, BlockSnapshotId.parse(unknown.toString()));
  }

  @Test
  void deletedVolume_refusesReadsWritesAndSnapshots() throws IOException {
    BlockVolume volume = devices.createVolume(BLOCK);
    devices.deleteVolume(volume.id());
    assertThrows(IllegalStateException.class, () -> volume.write(0, new byte[1], 0, 1));
    assertThrows(IllegalStateException.class, () -> volume.read(0, new byte[1], 0, 1));
    assertThrows(NoSuchElementException.class, () -> devices.snapshot(volume.id()));
    assertEquals(List.of(), devices.volumes());
  }

  @Test
  void cancelledVerify_throws_andChangesNothing() throws IOException {
    BlockSnapshotId id = importBytes(concat(block(70), block(71)), Optional.empty());
    assertThrows(OperationCancelledException.class, () -> devices.verify((phase, done, total) -> false));
    assertTrue(devices.verify(ProgressListener.NONE).isClean());
    assertEquals(2, devices.stats(id).blocksReferenced());
  }

  @Test
  void volumeRangesNearTheLargestPosition_areRefusedAsIllegal_withoutOverflowing() throws IOException {
    BlockVolume volume = devices.createVolume(3L * BLOCK);
    byte[] buffer = new byte[100];
    for (long position : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 50, Long.MAX_VALUE - 3L * BLOCK, 3L * BLOCK - 99,
        -1, Long.MIN_VALUE}) {
      IllegalArgumentException read = assertThrows(IllegalArgumentException.class,
          () -> volume.read(position, buffer, 0, 100));
      assertEquals("range of 100 bytes at " + position + " is outside volume " + volume.id() + " of "
          + 3L * BLOCK + " bytes", read.getMessage());
      assertThrows(IllegalArgumentException.class, () -> volume.write(position, buffer, 0, 100));
    }
    assertThrows(IndexOutOfBoundsException.class, () -> volume.read(0, buffer, 50, 51)); // the array's bounds
    assertEquals(0, volume.changedBlocks());
  }

  @Test
  void createVolumes_ofAnUnboundedCount_isRefusedBeforeAnythingIsMade() throws IOException {
    BlockSnapshotId id = importBytes(block(30), Optional.empty());
    for (int count : new int[] {Integer.MAX_VALUE, BlockDevices.MAX_VOLUMES_PER_CALL + 1, 0, -1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> devices.createVolumes(id, count));
      assertEquals("volume count " + count + " is not 1 to " + BlockDevices.MAX_VOLUMES_PER_CALL, e.getMessage());
    }
    assertEquals(List.of(), devices.volumes());
    assertEquals(BlockDevices.MAX_VOLUMES_PER_CALL, devices.createVolumes(id, BlockDevices.MAX_VOLUMES_PER_CALL).size());
  }

  /** A store that runs {@code hook} once, on the first block read, in the reading thread. */
  private static BlockStore withHookOnFirstGet(BlockStore inner, ThrowingRunnable[] hook) {
    return new BlockStore() {
      private final java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();

      @Override
      public void put(java.util.Map<BlockAddress, byte[]> blocks) throws IOException {
        inner.put(blocks);
      }

      @Override
      public byte[] get(BlockAddress address) throws IOException {
        if (hook[0] != null && ran.compareAndSet(false, true)) {
          hook[0].run();
        }
        return inner.get(address);
      }

      @Override
      public boolean contains(BlockAddress address) throws IOException {
        return inner.contains(address);
      }

      @Override
      public void delete(java.util.Collection<BlockAddress> addresses) throws IOException {
        inner.delete(addresses);
      }

      @Override
      public java.util.Set<BlockAddress> addresses() throws IOException {
        return inner.addresses();
      }

      @Override
      public long storedBytes() throws IOException {
        return inner.storedBytes();
      }

      @Override
      public void commit(java.util.Map<String, byte[]> puts, java.util.Collection<String> deletes) throws IOException {
        inner.commit(puts, deletes);
      }

      @Override
      public java.util.Map<String, byte[]> records() throws IOException {
        return inner.records();
      }

      @Override
      public void close() throws IOException {
        inner.close();
      }
    };
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws IOException;
  }

  @Test
  void verifyAndExport_whileTheSnapshotsAreDeleted_reportNoMissingBlock_andFreeTheBlocksAfterwards() throws IOException {
    ThrowingRunnable[] hook = new ThrowingRunnable[1];
    devices.close();
    devices = BlockDevices.open(withHookOnFirstGet(BlockStore.inMemory(), hook));
    byte[] image = concat(block(41), block(42), block(43), block(44), block(45), block(46));
    BlockSnapshotId exported = importBytes(image, Optional.empty());
    BlockSnapshotId other = importBytes(concat(block(47), block(48), block(49)), Optional.empty());
    hook[0] = () -> { // in the middle of the export: the snapshot goes
      devices.deleteSnapshot(exported);
    };
    assertArrayEquals(image, export(exported), "an export finishes with the bytes of the snapshot it started on");
    assertEquals(3, devices.stats().blocks(), "the deleted snapshot's blocks are freed once the export is done");

    devices.close();
    devices = BlockDevices.open(withHookOnFirstGet(BlockStore.inMemory(), hook));
    List<BlockSnapshotId> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      all.add(importBytes(concat(block(50 + 2 * i), block(51 + 2 * i)), Optional.empty()));
    }
    hook[0] = () -> { // in the middle of verify: every snapshot goes
      for (BlockSnapshotId id : all) {
        devices.deleteSnapshot(id);
      }
    };
    VerifyReport report = devices.verify(ProgressListener.NONE);
    assertTrue(report.isClean(), report.toString());
    assertEquals(8, report.blocksChecked());
    assertEquals(0, devices.stats().blocks());
    assertEquals(List.of(), devices.snapshots());
  }
}
