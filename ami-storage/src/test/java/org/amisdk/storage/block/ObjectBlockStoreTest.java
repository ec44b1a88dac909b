package org.amisdk.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the log of objects promises (ami-testing runs the {@link BlockStore} contract on it):
 * reopening replays exactly what was committed, a call that failed half-way
 * is all there or not at all, emptied packs and superseded entries go, corrupt entries are named.
 */
class ObjectBlockStoreTest extends BlockValues {
  private static final String PREFIX = "blocks";
  @TempDir Path directory;

  /** What the store should hold: blocks and records. */
  private record Model(Map<BlockAddress, byte[]> blocks, Map<String, byte[]> records) {
    Model() {
      this(new HashMap<>(), new HashMap<>());
    }

    Model copy() {
      return new Model(new HashMap<>(blocks), new HashMap<>(records));
    }

    boolean matches(BlockStore store) throws IOException {
      if (!store.addresses().equals(blocks.keySet())) {
        return false;
      }
      for (Map.Entry<BlockAddress, byte[]> block : blocks.entrySet()) {
        if (!java.util.Arrays.equals(block.getValue(), store.get(block.getKey()))) {
          return false;
        }
      }
      Map<String, byte[]> stored = store.records();
      if (!stored.keySet().equals(records.keySet())) {
        return false;
      }
      for (Map.Entry<String, byte[]> record : records.entrySet()) {
        if (!java.util.Arrays.equals(record.getValue(), stored.get(record.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }

  /** One call on a store, and the same change on a model. */
  private interface Call {
    void on(BlockStore store) throws IOException;

    void on(Model model);
  }

  /** A random call drawn on a pool of values and a few record names. */
  private static Call randomCall(SplittableRandom random, byte[][] pool) {
    switch (random.nextInt(3)) {
      case 0 -> {
        Map<BlockAddress, byte[]> puts = new HashMap<>();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
          byte[] value = pool[random.nextInt(pool.length)];
          puts.put(addressOf(value), value);
        }
        return call(store -> store.put(puts), model -> model.blocks().putAll(puts));
      }
      case 1 -> {
        List<BlockAddress> deletes = new ArrayList<>();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
          deletes.add(addressOf(pool[random.nextInt(pool.length)]));
        }
        return call(store -> store.delete(deletes), model -> deletes.forEach(model.blocks()::remove));
      }
      default -> {
        Map<String, byte[]> puts = new HashMap<>();
        List<String> deletes = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          puts.put("record/" + random.nextInt(6), value(random.nextLong(), random.nextInt(300)));
        }
        for (int i = random.nextInt(3); i > 0; i--) {
          deletes.add("record/" + random.nextInt(6));
        }
        return call(store -> store.commit(puts, deletes), model -> MemoryBlockStore.apply(model.records(), puts, deletes));
      }
    }
  }

  private interface StoreAction {
    void run(BlockStore store) throws IOException;
  }

  private static Call call(StoreAction onStore, java.util.function.Consumer<Model> onModel) {
    return new Call() {
      @Override
      public void on(BlockStore store) throws IOException {
        onStore.run(store);
      }

      @Override
      public void on(Model model) {
        onModel.accept(model);
      }
    };
  }

  /** Makes a random call on the store, then on the model once the store returned. */
  private static void randomCall(SplittableRandom random, byte[][] pool, BlockStore store, Model model)
      throws IOException {
    Call call = randomCall(random, pool);
    call.on(store);
    call.on(model);
  }

  private static byte[][] pool(SplittableRandom random) {
    byte[][] pool = new byte[10][];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = value(random.nextLong(), random.nextInt(4000));
    }
    return pool;
  }

  private static List<ObjectInfo> log(ObjectStore objects) throws IOException {
    return objects.listAll(PREFIX + "/log/");
  }

  @Test
  void reopened_seesExactlyWhatWasCommitted_andTheLogStaysBounded() {
    Property.check("object block store reopened equals the model", 40, random -> {
      ObjectStore objects = ObjectStore.inMemory();
      int checkpointEvery = 1 + random.nextInt(6);
      byte[][] pool = pool(random);
      Model model = new Model();
      BlockStore store = ObjectBlockStore.open(objects, PREFIX, checkpointEvery);
      for (int step = 0; step < 40; step++) {
        if (random.nextInt(8) == 0) {
          store.close();
          store = ObjectBlockStore.open(objects, PREFIX, checkpointEvery);
          assertTrue(model.matches(store), "reopened store differs from the model at step " + step);
        } else {
          randomCall(random, pool, store, model);
        }
        List<ObjectInfo> log = log(objects);
        long packs = packs(objects);
        assertTrue(packs <= store.addresses().size(), packs + " packs for " + store.addresses().size() + " blocks");
        assertTrue(log.size() - packs <= checkpointEvery + 1, (log.size() - packs) + " non-pack log objects");
        assertEquals(log.stream().mapToLong(ObjectInfo::size).sum(), store.storedBytes());
      }
      store.close();
      assertTrue(model.matches(ObjectBlockStore.open(objects, PREFIX, checkpointEvery)));
    });
  }

  @Test
  void callFailingHalfWay_leavesAllOrNothingOfIt_andTheStoreReopensConsistent() {
    Property.check("object block store after a failed object write", 60, random -> {
      ObjectStore objects = ObjectStore.inMemory();
      FaultyObjectStore faulty = new FaultyObjectStore(objects);
      int checkpointEvery = 1 + random.nextInt(4);
      byte[][] pool = pool(random);
      Model model = new Model();
      BlockStore store = ObjectBlockStore.open(faulty, PREFIX, checkpointEvery);
      for (int step = random.nextInt(15); step > 0; step--) {
        randomCall(random, pool, store, model);
      }
      int n = 1 + random.nextInt(3);
      switch (random.nextInt(3)) {
        case 0 -> faulty.failPut(n, FaultyObjectStore.PutFailure.BEFORE_WRITING);
        case 1 -> faulty.failPut(n, FaultyObjectStore.PutFailure.AFTER_WRITING);
        default -> faulty.failDelete(n);
      }
      Model after = null;
      for (int step = 0; step < 30 && after == null; step++) {
        Call call = randomCall(random, pool);
        try {
          call.on(store);
          call.on(model);
        } catch (IOException e) {
          assertTrue(e.getMessage().startsWith("injected failure"), e.toString());
          after = model.copy();
          call.on(after);
        }
      }
      BlockStore reopened = ObjectBlockStore.open(objects, PREFIX, checkpointEvery);
      Model now = model;
      if (after != null && !model.matches(reopened)) {
        assertTrue(after.matches(reopened), "the store after a failed call holds neither none nor all of it");
        now = after;
      }
      assertTrue(now.matches(reopened));
      for (int step = 0; step < 10; step++) {
        randomCall(random, pool, reopened, now);
      }
      reopened.close();
      assertTrue(now.matches(ObjectBlockStore.open(objects, PREFIX, checkpointEvery)));
    });
  }

  @Test
  void packWhoseBlocksAreAllDeleted_isDeleted_andStoredBytesShrink() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    byte[] a = value(1, 50_000);
    byte[] b = value(2, 50_000);
    try (BlockStore store = BlockStore.onObjects(objects, PREFIX)) {
      store.put(Map.of(addressOf(a), a, addressOf(b), b));
      store.delete(List.of(addressOf(a)));
      assertEquals(1, packs(objects));
      assertTrue(store.storedBytes() > 100_000);
      store.delete(List.of(addressOf(b)));
      assertEquals(0, packs(objects));
      assertTrue(store.storedBytes() < 1000, "stored bytes " + store.storedBytes());
    }
  }

  @Test
  void concurrentPutsOfOneBlock_keepOneCopy_andTheLosingPackGoesAtTheNextDelete() throws Exception {
    ObjectStore objects = ObjectStore.inMemory();
    FaultyObjectStore held = new FaultyObjectStore(objects);
    byte[] a = value(6, 20_000);
    byte[] b = value(7, 100);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch holding = held.holdPut(1, release);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (BlockStore store = BlockStore.onObjects(held, PREFIX)) {
      Future<?> first = thread.submit(() -> {
        store.put(Map.of(addressOf(a), a)); // takes sequence 0, then waits before writing
        return null;
      });
      holding.await();
      store.put(Map.of(addressOf(a), a, addressOf(b), b)); // sequence 1: written and indexed first
      release.countDown();
      first.get();
      assertEquals(2, packs(objects), "both puts wrote a pack");
      assertEquals(java.util.Set.of(addressOf(a), addressOf(b)), store.addresses());
      store.delete(List.of(addressOf(b)));
      assertEquals(1, packs(objects), "the pack whose copy lost is deleted with nothing live");
      assertArrayEquals(a, store.get(addressOf(a)));
    } finally {
      thread.shutdownNow();
    }
    try (BlockStore store = BlockStore.onObjects(objects, PREFIX)) {
      assertEquals(java.util.Set.of(addressOf(a)), store.addresses());
      assertArrayEquals(a, store.get(addressOf(a)));
    }
  }

  private static long packs(ObjectStore objects) throws IOException {
    return log(objects).stream().filter(o -> o.key().value().endsWith("-pack")).count();
  }

  @Test
  void opening_readsPackHeadersOnly_andGetIsOneRangedRead() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    byte[][] values = new byte[4][];
    try (BlockStore store = BlockStore.onObjects(objects, PREFIX)) {
      Map<BlockAddress, byte[]> puts = new HashMap<>();
      for (int i = 0; i < values.length; i++) {
        values[i] = value(10 + i, 200_000);
        puts.put(addressOf(values[i]), values[i]);
      }
      store.put(puts);
    }
    FaultyObjectStore counting = new FaultyObjectStore(objects);
    try (BlockStore store = BlockStore.onObjects(counting, PREFIX)) {
      assertEquals(ObjectLog.PACK_PREFIX + 4 * ObjectLog.PACK_ENTRY + ObjectLog.CRC, counting.bytesRead());
      assertArrayEquals(values[2], store.get(addressOf(values[2])));
      assertEquals(ObjectLog.PACK_PREFIX + 4 * ObjectLog.PACK_ENTRY + ObjectLog.CRC + 200_000, counting.bytesRead());
    }
  }

  private static void putObject(ObjectStore objects, String key, byte[] content) throws IOException {
    objects.put(ObjectKey.of(key), new ByteArrayInputStream(content), content.length);
  }

  private static String entryKey(long sequence, String kind) {
    return String.format("%s/log/%020d-%s", PREFIX, sequence, kind);
  }

  /** Opening a store on {@code objects} fails with a message starting {@code message}. */
  private static void assertOpeningRefused(ObjectStore objects, String message) {
    IOException e = assertThrows(IOException.class, () -> BlockStore.onObjects(objects, PREFIX));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void packHeaderAnnouncingMoreBlocksThanItHolds_isRefusedNamingTheObject() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    byte[] header = ByteBuffer.allocate(ObjectLog.PACK_PREFIX + 40)
        .put(new byte[] {'A', 'M', 'B', 'L', 2, ObjectLog.PACK}).putInt(Integer.MAX_VALUE).array();
    putObject(objects, entryKey(0, "pack"), header);
    assertOpeningRefused(objects, "log object " + entryKey(0, "pack") + " is corrupt: its block count");
  }

  @Test
  void packWhoseBlocksRunPastItsEnd_isRefusedNamingTheObject() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    byte[] a = value(3, 1000);
    try (BlockStore store = BlockStore.onObjects(objects, PREFIX)) {
      store.put(Map.of(addressOf(a), a));
    }
    byte[] pack = objects.readAllBytes(ObjectKey.of(entryKey(0, "pack")), 1 << 20);
    putObject(objects, entryKey(0, "pack"), java.util.Arrays.copyOf(pack, pack.length - 1));
    assertOpeningRefused(objects, "log object " + entryKey(0, "pack") + " is corrupt: block 0 of length 1000");
  }

  @Test
  void commitEntryWithAHugeCount_isRefusedWithoutAllocating() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    ByteBuffer bytes = ByteBuffer.allocate(18).put(new byte[] {'A', 'M', 'B', 'L', 2, ObjectLog.COMMIT})
        .putInt(Integer.MAX_VALUE).putInt(0);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes.array(), 0, 14);
    byte[] entry = bytes.putInt((int) crc.getValue()).array(); // a well-sealed entry: the count is what is wrong
    putObject(objects, entryKey(3, "commit"), entry);
    assertOpeningRefused(objects, "log object " + entryKey(3, "commit") + " is corrupt: its count");
  }

  @Test
  void entryOfTheWrongKind_andStrangersInTheLog_areRefused() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    putObject(objects, entryKey(0, "delete"), ObjectLog.commit(Map.of(), List.of("x")));
    assertOpeningRefused(objects, "log object " + entryKey(0, "delete") + " is corrupt: its kind 3 is not the 2");
    ObjectStore other = ObjectStore.inMemory();
    putObject(other, PREFIX + "/log/notes.txt", new byte[] {1});
    assertOpeningRefused(other, "object " + PREFIX + "/log/notes.txt in the block store log is not a log entry");
  }

  @Test
  void packMissingUnderACheckpoint_isReportedLost_notSilentlyDropped() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    byte[] a = value(4, 1000);
    try (BlockStore store = ObjectBlockStore.open(objects, PREFIX, 1)) {
      store.put(Map.of(addressOf(a), a));
      store.commit(Map.of("r", new byte[] {1}), List.of());
    }
    assertTrue(objects.delete(ObjectKey.of(entryKey(0, "pack"))));
    assertOpeningRefused(objects, "block " + addressOf(a) + " of the block store under blocks/log/ is lost");
  }

  @Test
  void checkpointedPackEmptiedLater_isNotMistakenForALostOne() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    byte[] a = value(5, 1000);
    try (BlockStore store = ObjectBlockStore.open(objects, PREFIX, 2)) {
      store.put(Map.of(addressOf(a), a));
      store.commit(Map.of("r", new byte[] {1}), List.of());
      store.commit(Map.of("r", new byte[] {2}), List.of());
      store.delete(List.of(addressOf(a)));
    }
    try (BlockStore store = BlockStore.onObjects(objects, PREFIX)) {
      assertFalse(store.contains(addressOf(a)));
      assertArrayEquals(new byte[] {2}, store.records().get("r"));
    }
  }

  @Test
  void onObjects_refusesAPrefixThatMakesNoKey() {
    assertThrows(IllegalArgumentException.class, () -> BlockStore.onObjects(ObjectStore.inMemory(), "/abs"));
    assertThrows(IllegalArgumentException.class, () -> BlockStore.onObjects(ObjectStore.inMemory(), "a//b"));
    assertThrows(IllegalArgumentException.class, () -> BlockStore.onObjects(ObjectStore.inMemory(), ""));
  }

  /**
   * Each put on an object store is an object of its own (and a request to S3), so an import gathers
   * 16 MiB batches there: 40 incompressible blocks (20 MiB) make two packs, not one per block or
   * per MiB.
   */
  @Test
  void blockDevicesImport_writesFewLargePacks() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    byte[] image = new byte[40 * BlockStore.BLOCK_SIZE];
    new SplittableRandom(11).nextBytes(image);
    try (BlockDevices devices = BlockDevices.open(BlockStore.onObjects(objects, PREFIX))) {
      BlockSnapshotId id = devices.importRaw(Images.write(directory, "forty.img", image), Optional.empty(),
          ProgressListener.NONE);
      assertEquals(40, devices.stats(id).blocksAdded());
      assertEquals(2, packs(objects));
    }
  }

  @Test
  void blockDevices_importExportRoundTrip_survivesReopening() throws IOException {
    ObjectStore objects = ObjectStore.directory(directory.resolve("objects"));
    byte[] image = Images.random(new SplittableRandom(7), 5L * BlockStore.BLOCK_SIZE + 123);
    Path source = Images.write(directory, "in.img", image);
    BlockSnapshotId id;
    try (BlockDevices devices = BlockDevices.open(BlockStore.onObjects(objects, PREFIX))) {
      id = devices.importRaw(source, Optional.empty(), ProgressListener.NONE);
      devices.export(id, directory.resolve("out.img"), ProgressListener.NONE);
      assertArrayEquals(image, Files.readAllBytes(directory.resolve("out.img")));
    }
    try (BlockDevices devices = BlockDevices.open(BlockStore.onObjects(ObjectStore.directory(directory.resolve("objects")), PREFIX))) {
      assertNotNull(devices.snapshot(id).orElse(null));
      devices.export(id, directory.resolve("again.img"), ProgressListener.NONE);
      assertArrayEquals(image, Files.readAllBytes(directory.resolve("again.img")));
      assertTrue(devices.verify(ProgressListener.NONE).isClean());
      devices.deleteSnapshot(id);
      assertEquals(0, devices.stats().blocks());
    }
  }
}
