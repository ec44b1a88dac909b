package org.amisdk.storage.block;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.io.DirectoryLock;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.amisdk.storage.Corruption;
import org.amisdk.storage.Corruption.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit-flip corruption of every file kind a block store persists: the directory store's pack files
 * and catalog log, and the log objects of {@link BlockStore#onObjects}. A small world (two live
 * snapshots, a deleted one a volume still holds, a deleted one, a volume) is written once; then one
 * bit at a time is flipped (every bit of a small file, a seeded sample of a larger one) and the
 * store opened and read. Each flip must end in a refused open that changed nothing, or in reads that
 * are correct or fail clearly: never wrong data, never a committed snapshot silently gone. A
 * refused directory store is then repaired, and the repair must keep every intact record.
 */
class StoreCorruptionTest {
  private static final int BLOCK = BlockStore.BLOCK_SIZE;
  /** Bits flipped per directory store file (each flip opens, reads and perhaps repairs a store on disk). */
  private static final int FILE_SAMPLE = 400;
  /** Bits flipped over the whole object log (in memory, so cheaper). */
  private static final int LOG_SAMPLE = 1200;
  private static final long SEED = Long.getLong("amisdk.seed", 11);

  @TempDir Path directory;

  /** What the world holds: each snapshot's one block, and the volume's. */
  private record World(Map<BlockSnapshotId, byte[]> live, Map<BlockSnapshotId, byte[]> deleted, BlockVolumeId volume, byte[] volumeBytes) {}

  /** A block that compresses to a few dozen bytes, so the files stay small enough to flip whole. */
  private static byte[] block(long seed) {
    byte[] pattern = new byte[48];
    new SplittableRandom(seed).nextBytes(pattern);
    byte[] block = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      block[i] = pattern[i % pattern.length];
    }
    return block;
  }

  private World build(BlockDevices devices) throws IOException {
    Map<BlockSnapshotId, byte[]> live = new LinkedHashMap<>();
    Map<BlockSnapshotId, byte[]> deleted = new LinkedHashMap<>();
    for (int i = 1; i <= 2; i++) {
      live.put(importBlock(devices, block(i)), block(i));
    }
    BlockSnapshotId held = importBlock(devices, block(3));
    BlockVolume volume = devices.createVolume(held);
    devices.deleteSnapshot(held); // held by the volume: its record is kept, marked held
    BlockSnapshotId gone = importBlock(devices, block(4));
    devices.deleteSnapshot(gone);
    deleted.put(held, block(3));
    deleted.put(gone, block(4));
    return new World(live, deleted, volume.id(), block(3));
  }

  private BlockSnapshotId importBlock(BlockDevices devices, byte[] block) throws IOException {
    return devices.importRaw(Images.write(directory, "in-" + System.nanoTime() + ".img", block), java.util.Optional.empty(),
        ProgressListener.NONE);
  }

  /**
   * Reads everything back. {@code strict}: the committed snapshots and the volume must all be there
   * (a missing one is a silent loss); otherwise (after a repair) at most {@code mayLose} may be gone.
   */
  private static Outcome check(BlockDevices devices, World world, int mayLose) throws IOException {
    boolean refused = false;
    int missing = 0;
    Set<BlockSnapshotId> listed = new java.util.HashSet<>();
    devices.snapshots().forEach(info -> listed.add(info.id()));
    for (BlockSnapshotId id : listed) {
      byte[] expected = world.live().containsKey(id) ? world.live().get(id) : world.deleted().get(id);
      if (expected == null || mayLose == 0 && !world.live().containsKey(id)) {
        return Outcome.WRONG; // a snapshot nobody committed, or a deleted one back
      }
      try {
        if (!java.util.Arrays.equals(expected, devices.getSnapshotBlock(id, 0))) {
          return Outcome.WRONG;
        }
      } catch (CorruptBlockException e) {
        refused = true;
      }
    }
    for (BlockSnapshotId id : world.live().keySet()) {
      missing += listed.contains(id) ? 0 : 1;
    }
    var volume = devices.volume(world.volume());
    if (volume.isEmpty()) {
      missing++;
    } else {
      byte[] read = new byte[BLOCK];
      try {
        volume.get().read(0, read, 0, BLOCK);
        if (!java.util.Arrays.equals(world.volumeBytes(), read)) {
          return Outcome.WRONG;
        }
      } catch (CorruptBlockException e) {
        refused = true;
      }
    }
    if (missing > mayLose) {
      return Outcome.LOST;
    }
    return refused ? Outcome.READ_REFUSED : Outcome.READ_CORRECT;
  }

  private static Map<Path, byte[]> snapshotFiles(Path root) throws IOException {
    Map<Path, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (!file.getFileName().toString().equals(DirectoryLock.FILE)) {
          files.put(root.relativize(file), Files.readAllBytes(file));
        }
      }
    }
    return files;
  }

  private static boolean sameFiles(Map<Path, byte[]> a, Map<Path, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    return a.entrySet().stream().allMatch(e -> java.util.Arrays.equals(e.getValue(), b.get(e.getKey())));
  }

  private static void restore(Path root, Map<Path, byte[]> files) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (!files.containsKey(root.relativize(file)) && !file.getFileName().toString().equals(DirectoryLock.FILE)) {
          Files.delete(file);
        }
      }
    }
    for (Map.Entry<Path, byte[]> file : files.entrySet()) {
      Files.write(root.resolve(file.getKey()), file.getValue());
    }
  }

  private static byte[] flipped(byte[] bytes, long bit) {
    byte[] copy = bytes.clone();
    copy[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
    return copy;
  }

  @Test
  void flippedBitsInPacksAndCatalog_areRefusedOrReadCorrectly_andRepairKeepsWhatIsIntact() throws IOException {
    Path root = directory.resolve("store");
    World world;
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      world = build(devices);
    }
    Map<Path, byte[]> pristine = snapshotFiles(root);
    Corruption packs = new Corruption("pack", true);
    Corruption catalog = new Corruption("catalog log", true);
    for (Map.Entry<Path, byte[]> file : pristine.entrySet()) {
      Corruption tally = file.getKey().toString().endsWith(".pack") ? packs : catalog;
      for (long bit : Corruption.positions(8L * file.getValue().length, FILE_SAMPLE, SEED)) {
        String where = "bit " + bit + " of " + file.getKey();
        Map<Path, byte[]> damaged = new HashMap<>(pristine);
        damaged.put(file.getKey(), flipped(file.getValue(), bit));
        restore(root, damaged);
        flipOne(root, world, tally, where, snapshotFiles(root));
      }
    }
    packs.report();
    catalog.report();
  }

  private static void flipOne(Path root, World world, Corruption tally, String where, Map<Path, byte[]> damaged)
      throws IOException {
    BlockDevices devices;
    try {
      devices = BlockDevices.open(BlockStore.directory(root));
    } catch (IOException refused) {
      tally.record(Outcome.REFUSED_OPEN, where);
      if (!refused.getMessage().contains(root.toRealPath().toString())) {
        tally.violation("the refusal after " + where + " names no file: " + refused.getMessage());
      }
      if (!sameFiles(damaged, snapshotFiles(root))) {
        tally.violation("the refused open after " + where + " changed the files");
      }
      RepairReport report = BlockStore.repairDirectory(root);
      try (BlockDevices repaired = BlockDevices.open(BlockStore.directory(root))) {
        Outcome after = check(repaired, world, 1); // one flipped bit costs at most one batch
        if (report.lostNothing() || after == Outcome.WRONG || after == Outcome.LOST) {
          tally.violation("the repair after " + where + " gave " + after + " with " + report);
        } else {
          tally.repaired();
        }
      } catch (IOException | RuntimeException e) {
        tally.violation("the repaired store after " + where + " does not open: " + e);
      }
      return;
    } catch (RuntimeException unclear) {
      tally.violation("opening after " + where + " threw " + unclear);
      return;
    }
    try (devices) {
      tally.record(check(devices, world, 0), where);
    } catch (RuntimeException unclear) {
      tally.violation("reading after " + where + " threw " + unclear);
    }
  }

  @Test
  void flippedBitsInTheObjectLog_areRefusedOrReadCorrectly_andRepairKeepsWhatIsIntact() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    World world;
    try (BlockDevices devices = BlockDevices.open(ObjectBlockStore.open(objects, "b", 3))) {
      world = build(devices);
    }
    Map<ObjectKey, byte[]> pristine = new LinkedHashMap<>();
    for (ObjectInfo info : objects.listAll("b/")) {
      pristine.put(info.key(), objects.readAllBytes(info.key(), 1 << 20));
    }
    long totalBits = pristine.values().stream().mapToLong(v -> 8L * v.length).sum();
    Corruption tally = new Corruption("object log", true);
    for (long position : Corruption.positions(totalBits, LOG_SAMPLE, SEED)) {
      long bit = position;
      Map<ObjectKey, byte[]> damaged = new LinkedHashMap<>(pristine);
      String where = null;
      for (Map.Entry<ObjectKey, byte[]> object : pristine.entrySet()) {
        if (bit < 8L * object.getValue().length) {
          damaged.put(object.getKey(), flipped(object.getValue(), bit));
          where = "bit " + bit + " of " + object.getKey();
          break;
        }
        bit -= 8L * object.getValue().length;
      }
      ObjectStore store = ObjectStore.inMemory();
      for (Map.Entry<ObjectKey, byte[]> object : damaged.entrySet()) {
        store.put(object.getKey(), new java.io.ByteArrayInputStream(object.getValue()), object.getValue().length);
      }
      BlockDevices devices;
      try {
        devices = BlockDevices.open(ObjectBlockStore.open(store, "b", 3));
      } catch (IOException refused) {
        tally.record(Outcome.REFUSED_OPEN, where);
        Map<ObjectKey, byte[]> after = new LinkedHashMap<>();
        for (ObjectInfo info : store.listAll("b/")) {
          after.put(info.key(), store.readAllBytes(info.key(), 1 << 20));
        }
        if (!after.keySet().equals(damaged.keySet())
            || !after.entrySet().stream().allMatch(e -> java.util.Arrays.equals(e.getValue(), damaged.get(e.getKey())))) {
          tally.violation("the refused open after " + where + " changed the log");
        }
        if (!refused.getMessage().contains("b/log/")) {
          tally.violation("the refusal after " + where + " names no log object: " + refused.getMessage());
        }
        repairObjectLog(store, world, tally, where);
        continue;
      } catch (RuntimeException unclear) {
        tally.violation("opening after " + where + " threw " + unclear);
        continue;
      }
      try (devices) {
        tally.record(check(devices, world, 0), where);
      } catch (RuntimeException unclear) {
        tally.violation("reading after " + where + " threw " + unclear);
      }
    }
    tally.report();
  }

  /**
   * Repairs a refused object log and reads it back: never wrong data; at most the one snapshot or
   * volume a damaged pack, delete or commit held is gone, and a damaged checkpoint costs only what
   * it alone held (the log objects before it were superseded).
   */
  private static void repairObjectLog(ObjectStore store, World world, Corruption tally, String where) throws IOException {
    RepairReport report = BlockStore.repairObjects(store, "b");
    if (report.lostNothing()) {
      tally.violation("the repair after " + where + " found nothing lost in a log that refused to open");
    }
    boolean checkpoint = where.contains("-checkpoint");
    try (BlockDevices repaired = BlockDevices.open(ObjectBlockStore.open(store, "b", 3))) {
      Outcome after = check(repaired, world, checkpoint ? world.live().size() + 1 : 1);
      if (after == Outcome.WRONG || after == Outcome.LOST) {
        tally.violation("the repair after " + where + " gave " + after + " with " + report);
      } else {
        tally.repaired();
      }
    } catch (IOException | RuntimeException e) {
      tally.violation("the repaired log after " + where + " does not open: " + e);
    }
    if (!BlockStore.repairObjects(store, "b").lostNothing()) {
      tally.violation("a repaired log after " + where + " is not intact");
    }
  }

  @Test
  void anObjectLogWithNothingWrong_isLeftUntouchedByRepair() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    World world;
    try (BlockDevices devices = BlockDevices.open(ObjectBlockStore.open(objects, "b", 3))) {
      world = build(devices);
    }
    Map<ObjectKey, byte[]> before = new LinkedHashMap<>();
    for (ObjectInfo info : objects.listAll("b/")) {
      before.put(info.key(), objects.readAllBytes(info.key(), 1 << 20));
    }
    RepairReport report = BlockStore.repairObjects(objects, "b");
    org.junit.jupiter.api.Assertions.assertTrue(report.lostNothing(), report.toString());
    Map<ObjectKey, byte[]> after = new LinkedHashMap<>();
    for (ObjectInfo info : objects.listAll("b/")) {
      after.put(info.key(), objects.readAllBytes(info.key(), 1 << 20));
    }
    org.junit.jupiter.api.Assertions.assertEquals(before.keySet(), after.keySet());
    before.forEach((key, bytes) -> org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, after.get(key), key.toString()));
    try (BlockDevices devices = BlockDevices.open(ObjectBlockStore.open(objects, "b", 3))) {
      org.junit.jupiter.api.Assertions.assertEquals(Outcome.READ_CORRECT, check(devices, world, 0));
    }
  }

  @Test
  void aStoreWithNothingWrong_isLeftUntouchedByRepair() throws IOException {
    Path root = directory.resolve("intact");
    World world;
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      world = build(devices);
    }
    Map<Path, byte[]> before = snapshotFiles(root);
    RepairReport report = BlockStore.repairDirectory(root);
    org.junit.jupiter.api.Assertions.assertTrue(report.lostNothing(), report.toString());
    org.junit.jupiter.api.Assertions.assertTrue(sameFiles(before, snapshotFiles(root)));
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      org.junit.jupiter.api.Assertions.assertEquals(Outcome.READ_CORRECT, check(devices, world, 0));
    }
  }

}
