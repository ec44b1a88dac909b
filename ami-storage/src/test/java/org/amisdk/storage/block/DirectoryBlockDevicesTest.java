package org.amisdk.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.amisdk.storage.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link BlockDevices} does on a durable directory store: reopening, corruption, leftovers. */
class DirectoryBlockDevicesTest {
  private static final int BLOCK = BlockStore.BLOCK_SIZE;
  @TempDir Path directory;

  private static byte[] image(long seed, int blocks) {
    byte[] image = new byte[blocks * BLOCK];
    new SplittableRandom(seed).nextBytes(image);
    return image;
  }

  @Test
  void reopenedStore_seesCommittedSnapshotsAndFlushedVolumes_butNotUnflushedWrites() throws IOException {
    Path root = directory.resolve("store");
    byte[] image = image(1, 2);
    BlockSnapshotId id;
    BlockVolumeId flushed;
    BlockVolumeId unflushed;
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      id = devices.importRaw(Images.write(directory, "a.img", image), Optional.empty(), ProgressListener.NONE);
      BlockVolume one = devices.createVolume(id);
      one.write(10, new byte[] {1, 2, 3}, 0, 3);
      one.flush();
      flushed = one.id();
      BlockVolume two = devices.createVolume(id);
      two.write(10, new byte[] {4, 5, 6}, 0, 3);
      unflushed = two.id();
    }
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      assertEquals(image.length, devices.snapshot(id).orElseThrow().sizeBytes());
      byte[] read = new byte[3];
      devices.volume(flushed).orElseThrow().read(10, read, 0, 3);
      assertArrayEquals(new byte[] {1, 2, 3}, read);
      devices.volume(unflushed).orElseThrow().read(10, read, 0, 3);
      assertArrayEquals(java.util.Arrays.copyOfRange(image, 10, 13), read);
      assertTrue(devices.verify(ProgressListener.NONE).isClean());
    }
  }

  /**
   * An image repeating each block right after it (A A B B ...), incompressible so each block fills
   * half a write batch: a repeat comes while its first copy is still on its way to the disk, and is
   * still stored once (a snapshot's incremental size counts each new block once, as EBS bills it).
   */
  @Test
  void importRepeatingBlocksWhileTheirFirstCopyIsWritten_storesEachOnce() throws IOException {
    int distinct = 24;
    byte[] unique = image(7, distinct);
    byte[] image = new byte[2 * distinct * BLOCK];
    for (int i = 0; i < distinct; i++) {
      System.arraycopy(unique, i * BLOCK, image, 2 * i * BLOCK, BLOCK);
      System.arraycopy(unique, i * BLOCK, image, (2 * i + 1) * BLOCK, BLOCK);
    }
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(directory.resolve("store")))) {
      BlockSnapshotId id = devices.importRaw(Images.write(directory, "pairs.img", image), Optional.empty(),
          ProgressListener.NONE);
      assertEquals(distinct, devices.stats(id).blocksAdded());
      assertEquals(distinct, devices.stats().blocks());
      long stored = devices.stats().storedBytes();
      assertTrue(stored < (distinct + 1L) * BLOCK, "stored " + stored + " bytes for " + distinct + " distinct blocks");
      byte[] exported = Files.readAllBytes(exportTo(devices, id));
      assertArrayEquals(image, exported);
    }
  }

  private Path exportTo(BlockDevices devices, BlockSnapshotId id) throws IOException {
    Path target = directory.resolve("exported-" + id + ".img");
    devices.export(id, target, ProgressListener.NONE);
    return target;
  }

  @Test
  void deletedSnapshotHeldByAVolume_staysHeldAcrossReopen_andGoesWithItsLastVolume() throws IOException {
    Path root = directory.resolve("store");
    byte[] image = image(4, 3);
    BlockSnapshotId id;
    BlockVolumeId volume;
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      id = devices.importRaw(Images.write(directory, "a.img", image), Optional.empty(), ProgressListener.NONE);
      volume = devices.createVolume(id).id();
      devices.deleteSnapshot(id);
    }
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      assertTrue(devices.snapshot(id).isEmpty());
      byte[] read = new byte[image.length];
      devices.volume(volume).orElseThrow().read(0, read, 0, read.length);
      assertArrayEquals(image, read);
      devices.deleteVolume(volume);
      assertEquals(0, devices.stats().blocks());
    }
    try (BlockStore store = BlockStore.directory(root)) {
      assertEquals(Set.of(), store.records().keySet());
    }
  }

  @Test
  void heldSnapshotWhoseLastVolumeWentInACrash_isDeletedOnReopen_withItsBlocks() throws IOException {
    Path root = directory.resolve("store");
    BlockSnapshotId kept;
    BlockSnapshotId id;
    BlockVolumeId volume;
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      kept = devices.importRaw(Images.write(directory, "a.img", image(5, 2)), Optional.empty(), ProgressListener.NONE);
      id = devices.importRaw(Images.write(directory, "b.img", image(6, 3)), Optional.empty(), ProgressListener.NONE);
      volume = devices.createVolume(id).id();
      devices.deleteSnapshot(id); // held: the volume is based on it
    }
    try (BlockStore store = BlockStore.directory(root)) { // deleteVolume's first commit, then the crash
      store.commit(Map.of(), List.of("volume/" + volume));
    }
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      assertEquals(2, devices.stats().blocks(), "only the blocks of " + kept + " are left");
      assertEquals(List.of(kept), devices.snapshots().stream().map(SnapshotInfo::id).toList());
      assertTrue(devices.verify(ProgressListener.NONE).isClean());
    }
    try (BlockStore store = BlockStore.directory(root)) {
      assertEquals(Set.of("snapshot/" + kept), store.records().keySet());
      assertEquals(2, store.addresses().size());
    }
  }

  @Test
  void corruptBlock_isReportedWithSnapshotAndIndex_andNeverReturnedAsData() throws IOException {
    Path root = directory.resolve("store");
    BlockSnapshotId first;
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      first = devices.importRaw(Images.write(directory, "a.img", image(2, 3)), Optional.empty(), ProgressListener.NONE);
      devices.importRaw(Images.write(directory, "b.img", image(3, 1)), Optional.empty(), ProgressListener.NONE);
    }
    Path pack;
    try (var packs = Files.list(root.resolve("packs"))) {
      pack = packs.findFirst().orElseThrow();
    }
    try (FileChannel channel = FileChannel.open(pack, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer header = ByteBuffer.allocate(24);
      channel.read(header, 0);
      long firstBatchEnd = 24 + header.getInt(8) + header.getLong(12);
      channel.write(ByteBuffer.wrap(new byte[] {0x55, 0x55, 0x55}), firstBatchEnd - 1000);
    }
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      BlockSnapshotId id = first;
      CorruptBlockException e = assertThrows(CorruptBlockException.class,
          () -> devices.export(id, directory.resolve("out.img"), ProgressListener.NONE));
      var match = java.util.regex.Pattern.compile("block ([0-2]) of snapshot " + id + " is corrupt: .*")
          .matcher(e.getMessage());
      assertTrue(match.matches(), e.getMessage());
      int bad = Integer.parseInt(match.group(1));
      assertFalse(Files.exists(directory.resolve("out.img")));
      assertThrows(CorruptBlockException.class, () -> devices.getSnapshotBlock(id, bad));
      int good = (bad + 1) % 3;
      assertArrayEquals(java.util.Arrays.copyOfRange(image(2, 3), good * BLOCK, (good + 1) * BLOCK),
          devices.getSnapshotBlock(id, good));
      VerifyReport report = devices.verify(ProgressListener.NONE);
      assertEquals(4, report.blocksChecked());
      assertEquals(1, report.problems().size(), report.problems().toString());
      assertTrue(report.problems().get(0).startsWith("block " + bad + " of snapshot " + id), report.problems().toString());
    }
  }

  @Test
  void blocksNoRecordNames_areDeletedWhenTheStoreOpens() throws IOException {
    Path root = directory.resolve("store");
    byte[] orphan = image(4, 1);
    try (BlockStore store = BlockStore.directory(root)) {
      store.put(Map.of(BlockAddress.of(orphan, 0, BLOCK), new byte[] {0}));
    }
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      assertEquals(0, devices.stats().blocks());
    }
    try (BlockStore store = BlockStore.directory(root)) {
      assertEquals(0, store.addresses().size());
    }
  }

  @Test
  void aRecordNamingABlockTheStoreLacks_stopsTheSweep_soNothingIsDeletedOnDoubt() throws IOException {
    Path root = directory.resolve("store");
    byte[] image = image(6, 2);
    byte[] orphan = image(7, 1);
    BlockAddress lacking;
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      BlockSnapshotId id = devices.importRaw(Images.write(directory, "b.img", image), Optional.empty(), ProgressListener.NONE);
      lacking = devices.listSnapshotBlocks(id).get(0).address();
    }
    try (BlockStore store = BlockStore.directory(root)) {
      store.delete(List.of(lacking)); // as a repair that dropped a damaged pack batch would
      store.put(Map.of(BlockAddress.of(orphan, 0, BLOCK), new byte[] {0}));
    }
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      VerifyReport report = devices.verify(ProgressListener.NONE);
      assertEquals(1, report.problems().size(), report.problems().toString());
      assertTrue(report.problems().get(0).endsWith("(" + lacking + ") is missing"), report.problems().toString());
    }
    try (BlockStore store = BlockStore.directory(root)) {
      assertTrue(store.contains(BlockAddress.of(orphan, 0, BLOCK)), "in doubt, the sweep deleted nothing");
    }
  }

  @Test
  void deletedSnapshotHeldByAVolume_staysHeldAcrossReopening_andIsFreedWithTheVolume() throws IOException {
    Path root = directory.resolve("store");
    byte[] image = image(5, 2);
    BlockVolumeId volume;
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      BlockSnapshotId id = devices.importRaw(Images.write(directory, "a.img", image), Optional.empty(), ProgressListener.NONE);
      volume = devices.createVolume(id).id();
      devices.deleteSnapshot(id);
    }
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      assertEquals(0, devices.snapshots().size());
      byte[] read = new byte[image.length];
      devices.volume(volume).orElseThrow().read(0, read, 0, read.length);
      assertArrayEquals(image, read);
      devices.deleteVolume(volume);
      assertEquals(0, devices.stats().blocks());
    }
  }
}
