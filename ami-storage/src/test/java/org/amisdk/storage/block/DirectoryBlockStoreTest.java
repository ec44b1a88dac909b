package org.amisdk.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.amisdk.storage.io.DurableFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the durable directory backend does (ami-testing runs the {@link BlockStore} contract on it). */
class DirectoryBlockStoreTest extends BlockValues {
  @TempDir Path directory;

  private static List<Path> packs(Path root) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("packs"))) {
      return files.sorted().toList();
    }
  }

  @Test
  void reopened_seesEveryCommittedBlockAndRecord_andNoDeletedOne() throws IOException {
    Path root = directory.resolve("reopen");
    byte[] a = value(1, 3000);
    byte[] b = value(2, 4000);
    try (BlockStore store = BlockStore.directory(root)) {
      store.put(Map.of(addressOf(a), a, addressOf(b), b));
      store.delete(List.of(addressOf(a)));
      store.commit(Map.of("r", new byte[] {7}), List.of());
    }
    try (BlockStore store = BlockStore.directory(root)) {
      assertNull(store.get(addressOf(a)));
      assertArrayEquals(b, store.get(addressOf(b)));
      assertArrayEquals(new byte[] {7}, store.records().get("r"));
    }
  }

  /** Ingest hands the store slices of shared direct slabs: each value is its slice's bytes, no more. */
  @Test
  void putBuffers_storesEachValueFromItsPositionToItsLimit_andLeavesTheBuffersAsTheyWere() throws IOException {
    Path root = directory.resolve("buffers");
    byte[] a = value(3, 5000);
    byte[] b = value(4, 7000);
    ByteBuffer slab = ByteBuffer.allocateDirect(20_000);
    slab.position(100).put(a).put(b);
    ByteBuffer first = slab.slice(100, a.length);
    ByteBuffer second = slab.duplicate().position(100 + a.length).limit(100 + a.length + b.length);
    Map<BlockAddress, ByteBuffer> values = new LinkedHashMap<>();
    values.put(addressOf(a), first);
    values.put(addressOf(b), second);
    try (DirectoryBlockStore store = (DirectoryBlockStore) BlockStore.directory(root)) {
      store.putBuffers(values);
      assertEquals(0, first.position());
      assertEquals(a.length, first.limit());
      assertEquals(100 + a.length, second.position());
      assertArrayEquals(b, store.get(addressOf(b)));
    }
    try (BlockStore store = BlockStore.directory(root)) {
      assertArrayEquals(a, store.get(addressOf(a)));
      assertArrayEquals(b, store.get(addressOf(b)));
      assertEquals(a.length, store.storedSize(addressOf(a)));
    }
  }

  @Test
  void tornLastBatch_isDroppedOnOpen_andEarlierBatchesSurvive() throws IOException {
    Path root = directory.resolve("torn");
    byte[] a = value(3, 3000);
    byte[] b = value(4, 3000);
    try (BlockStore store = BlockStore.directory(root)) {
      store.put(Map.of(addressOf(a), a));
      store.put(Map.of(addressOf(b), b));
    }
    Path pack = packs(root).get(0);
    long size = Files.size(pack);
    // a crash mid-write: the last batch's values never reached the disk (zeros instead)
    try (var channel = java.nio.channels.FileChannel.open(pack, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[1000]), size - 1000);
    }
    Files.write(root.resolve("catalog.log.x" + DurableFiles.TEMP_SUFFIX), new byte[] {1});
    try (BlockStore store = BlockStore.directory(root)) {
      assertArrayEquals(a, store.get(addressOf(a)));
      assertNull(store.get(addressOf(b)));
      assertEquals(Set.of(addressOf(a)), store.addresses());
      assertTrue(Files.size(pack) < size, "the torn batch is cut off");
      assertTrue(Files.notExists(root.resolve("catalog.log.x" + DurableFiles.TEMP_SUFFIX)));
    }
  }

  @Test
  void aHeaderCutShortAfterTheLastBatch_isTruncated() throws IOException {
    Path root = directory.resolve("short-header");
    byte[] a = value(5, 3000);
    try (BlockStore store = BlockStore.directory(root)) {
      store.put(Map.of(addressOf(a), a));
    }
    Path pack = packs(root).get(0);
    long size = Files.size(pack);
    Files.write(pack, java.util.Arrays.copyOf(Files.readAllBytes(pack), BatchLog.HEADER - 1), StandardOpenOption.APPEND);
    try (BlockStore store = BlockStore.directory(root)) {
      assertArrayEquals(a, store.get(addressOf(a)));
      assertEquals(size, Files.size(pack));
    }
  }

  @Test
  void garbageAfterTheLastBatch_isNotATornWrite_andRefusesTheOpen_changingNothing() throws IOException {
    Path root = directory.resolve("garbage");
    byte[] a = value(5, 3000);
    try (BlockStore store = BlockStore.directory(root)) {
      store.put(Map.of(addressOf(a), a));
    }
    Path pack = packs(root).get(0);
    long size = Files.size(pack);
    Files.write(pack, value(6, 77), StandardOpenOption.APPEND);
    byte[] damaged = Files.readAllBytes(pack);
    var e = assertThrows(org.amisdk.storage.io.DamagedFileException.class, () -> BlockStore.directory(root));
    assertEquals(size, e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains(pack.toString()) && e.getMessage().contains("checksum"), e.getMessage());
    assertArrayEquals(damaged, Files.readAllBytes(pack), "a refused open changes nothing");
    RepairReport report = BlockStore.repairDirectory(root);
    assertEquals(1, report.lost().size(), report.toString());
    try (BlockStore store = BlockStore.directory(root)) {
      assertArrayEquals(a, store.get(addressOf(a)));
      assertEquals(size, Files.size(pack));
    }
  }

  @Test
  void aSecondStoreOnAHeldDirectory_isRefused_namingTheDirectoryAndTheHolder() throws IOException {
    Path root = directory.resolve("held");
    try (BlockStore store = BlockStore.directory(root)) {
      var e = assertThrows(org.amisdk.storage.io.DirectoryInUseException.class, () -> BlockStore.directory(root));
      assertTrue(e.getMessage().contains(root.toRealPath().toString())
          && e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
      assertThrows(org.amisdk.storage.io.DirectoryInUseException.class, () -> BlockStore.repairDirectory(root));
    }
    BlockStore.directory(root).close(); // released at close
  }

  @Test
  void deletingMostOfASealedPack_compactsIt_andFreesTheSpace() throws IOException {
    Path root = directory.resolve("compact");
    byte[][] values = new byte[10][];
    try (BlockStore store = BlockStore.directory(root)) {
      for (int i = 0; i < 10; i++) {
        values[i] = value(10 + i, 100_000);
        store.put(Map.of(addressOf(values[i]), values[i]));
      }
    }
    try (BlockStore store = BlockStore.directory(root)) {
      long before = store.storedBytes();
      List<BlockAddress> doomed = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        doomed.add(addressOf(values[i]));
      }
      store.delete(doomed);
      assertTrue(store.storedBytes() < before / 2, "stored " + store.storedBytes() + " of " + before);
      assertArrayEquals(values[9], store.get(addressOf(values[9])));
    }
    try (BlockStore store = BlockStore.directory(root)) {
      assertEquals(Set.of(addressOf(values[8]), addressOf(values[9])), store.addresses());
      assertArrayEquals(values[8], store.get(addressOf(values[8])));
    }
  }

  @Test
  void catalogOfMostlySupersededRecords_isRewrittenOnOpen_keepingTheLiveOnes() throws IOException {
    Path root = directory.resolve("catalog");
    try (BlockStore store = BlockStore.directory(root)) {
      for (int i = 0; i < 40; i++) {
        store.commit(Map.of("volume/v", value(i, 50_000)), List.of());
      }
    }
    long before = Files.size(root.resolve("catalog.log"));
    try (BlockStore store = BlockStore.directory(root)) {
      assertArrayEquals(value(39, 50_000), store.records().get("volume/v"));
    }
    assertTrue(Files.size(root.resolve("catalog.log")) < before / 10, "catalog of " + before + " bytes not rewritten");
    try (BlockStore store = BlockStore.directory(root)) {
      assertArrayEquals(value(39, 50_000), store.records().get("volume/v"));
    }
  }

  @Test
  void catalogRewrite_ofMoreRecordsThanOneBatchHolds_keepsEveryRecord() throws IOException {
    Path root = directory.resolve("big-catalog");
    int count = BatchLog.MAX_BATCH_ENTRIES + 20_000;
    try (BlockStore store = BlockStore.directory(root)) {
      for (int round = 0; round < 3; round++) { // rewrite every record twice so the log is mostly superseded
        Map<String, byte[]> batch = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
          batch.put("r/" + i, new byte[] {(byte) round, (byte) i});
          if (batch.size() == 40_000 || i == count - 1) {
            store.commit(batch, List.of());
            batch.clear();
          }
        }
      }
    }
    long before = Files.size(root.resolve("catalog.log"));
    for (int reopen = 0; reopen < 2; reopen++) {
      try (BlockStore store = BlockStore.directory(root)) {
        Map<String, byte[]> records = store.records();
        assertEquals(count, records.size());
        assertArrayEquals(new byte[] {2, (byte) 7}, records.get("r/7"));
        assertArrayEquals(new byte[] {2, (byte) (count - 1)}, records.get("r/" + (count - 1)));
      }
    }
    assertTrue(Files.size(root.resolve("catalog.log")) < before / 2, "catalog of " + before + " bytes not rewritten");
  }

  @Test
  void append_ofAKeyOpeningCouldNotRead_isRefused_andTheLogStaysReadable() throws IOException {
    Path root = directory.resolve("long-key");
    try (BlockStore store = BlockStore.directory(root)) {
      store.commit(Map.of("kept", new byte[] {1}), List.of());
      assertThrows(IllegalArgumentException.class, () -> store.commit(Map.of("k".repeat(1025), new byte[] {2}), List.of()));
    }
    try (BlockStore store = BlockStore.directory(root)) {
      assertEquals(Map.of("kept", 1), Map.of("kept", store.records().get("kept").length));
      assertEquals(1, store.records().size());
    }
  }
}
