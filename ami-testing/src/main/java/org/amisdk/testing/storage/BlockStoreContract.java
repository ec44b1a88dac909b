package org.amisdk.testing.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.amisdk.storage.block.BlockAddress;
import org.amisdk.storage.block.BlockStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BlockStore} keeps. A backend's test is a one-line subclass giving a
 * fresh, empty store; a durable backend also overrides {@link #reopen()}, and the contract then
 * checks that what a call that returned promised survives a close and a reopen.
 */
public abstract class BlockStoreContract {
  private BlockStore store;

  /** A fresh, empty store; closed by the contract after each test. */
  protected abstract BlockStore newStore() throws IOException;

  /**
   * The store {@link #newStore()} last made, opened again on the same storage after the contract
   * closed it; empty (the default) for a backend that keeps nothing across a close, whose reopen
   * tests are then skipped.
   */
  protected Optional<BlockStore> reopen() throws IOException {
    return Optional.empty();
  }

  /** Closes the store under test and opens it again; skips the test for a backend that is not durable. */
  private void closeAndReopen() throws IOException {
    store.close();
    Optional<BlockStore> reopened = reopen();
    if (reopened.isEmpty()) {
      store = newStore(); // keeps closeStore() working; the test ends here
    }
    assumeTrue(reopened.isPresent(), "the backend under test keeps nothing across a close: reopen() is empty");
    store = reopened.get();
  }

  @BeforeEach
  void openStore() throws IOException {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws IOException {
    store.close();
  }

  /** {@code length} pseudo-random bytes drawn from {@code seed}. */
  protected static byte[] value(long seed, int length) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  /** The SHA-256 address of a whole array. */
  protected static BlockAddress addressOf(byte[] value) {
    return BlockAddress.of(value, 0, value.length);
  }

  @Test
  void put_thenGet_returnsTheSameBytes() throws IOException {
    byte[] a = value(1, 1000);
    byte[] b = value(2, 70_000);
    store.put(Map.of(addressOf(a), a, addressOf(b), b));
    assertArrayEquals(a, store.get(addressOf(a)));
    assertArrayEquals(b, store.get(addressOf(b)));
    assertTrue(store.contains(addressOf(a)));
    assertEquals(Set.of(addressOf(a), addressOf(b)), store.addresses());
  }

  @Test
  void storedSize_isTheStoredValuesLength_andZeroWhenAbsent() throws IOException {
    byte[] a = value(11, 1000);
    byte[] b = value(12, 70_000);
    store.put(Map.of(addressOf(a), a, addressOf(b), b));
    assertEquals(1000, store.storedSize(addressOf(a)));
    assertEquals(70_000, store.storedSize(addressOf(b)));
    assertEquals(0, store.storedSize(addressOf(value(13, 10))));
    store.delete(Set.of(addressOf(a)));
    assertEquals(0, store.storedSize(addressOf(a)));
  }

  @Test
  void get_ofAnAbsentAddress_returnsNull() throws IOException {
    assertNull(store.get(addressOf(value(3, 10))));
    assertFalse(store.contains(addressOf(value(3, 10))));
  }

  @Test
  void put_copiesTheValue_laterChangesToTheArrayDoNotLeakIn() throws IOException {
    byte[] a = value(4, 100);
    byte[] copy = a.clone();
    store.put(Map.of(addressOf(copy), a));
    a[0]++;
    assertArrayEquals(copy, store.get(addressOf(copy)));
  }

  @Test
  void putTwice_keepsOneValue() throws IOException {
    byte[] a = value(5, 100);
    store.put(Map.of(addressOf(a), a));
    store.put(Map.of(addressOf(a), a));
    assertEquals(Set.of(addressOf(a)), store.addresses());
    assertArrayEquals(a, store.get(addressOf(a)));
  }

  @Test
  void delete_removesOnlyTheNamedAddresses_andIgnoresAbsentOnes() throws IOException {
    byte[] a = value(6, 100);
    byte[] b = value(7, 100);
    store.put(Map.of(addressOf(a), a, addressOf(b), b));
    store.delete(List.of(addressOf(a), addressOf(value(8, 1))));
    assertNull(store.get(addressOf(a)));
    assertArrayEquals(b, store.get(addressOf(b)));
    assertEquals(Set.of(addressOf(b)), store.addresses());
  }

  @Test
  void storedBytes_growsWithWhatIsStored() throws IOException {
    long empty = store.storedBytes();
    byte[] a = value(9, 100_000);
    store.put(Map.of(addressOf(a), a));
    assertTrue(store.storedBytes() >= empty + 100_000, "stored bytes " + store.storedBytes());
  }

  @Test
  void commit_putsAndDeletesRecords() throws IOException {
    store.commit(Map.of("snapshot/a", new byte[] {1}, "volume/b", new byte[] {2, 3}), List.of());
    store.commit(Map.of("snapshot/c", new byte[] {4}), List.of("snapshot/a", "absent"));
    Map<String, byte[]> records = store.records();
    assertEquals(Set.of("volume/b", "snapshot/c"), records.keySet());
    assertArrayEquals(new byte[] {2, 3}, records.get("volume/b"));
    records.get("volume/b")[0] = 9;
    assertArrayEquals(new byte[] {2, 3}, store.records().get("volume/b"));
  }

  @Test
  void concurrentPuts_areAllStored() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Map<BlockAddress, byte[]>>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(threads.submit(() -> {
          Map<BlockAddress, byte[]> mine = new HashMap<>();
          for (int i = 0; i < 20; i++) {
            byte[] v = value(thread * 100L + i, 5000);
            store.put(Map.of(addressOf(v), v));
            mine.put(addressOf(v), v);
          }
          return mine;
        }));
      }
      for (Future<Map<BlockAddress, byte[]>> f : done) {
        for (Map.Entry<BlockAddress, byte[]> e : f.get().entrySet()) {
          assertArrayEquals(e.getValue(), store.get(e.getKey()));
        }
      }
      assertEquals(80, store.addresses().size());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void commit_ofANameBothDeletedAndPut_endsUpPut() throws IOException {
    store.commit(Map.of("volume/a", new byte[] {1}), List.of());
    store.commit(Map.of("volume/a", new byte[] {2}, "volume/b", new byte[] {3}), List.of("volume/a", "volume/b"));
    Map<String, byte[]> records = store.records();
    assertEquals(Set.of("volume/a", "volume/b"), records.keySet());
    assertArrayEquals(new byte[] {2}, records.get("volume/a"));
    assertArrayEquals(new byte[] {3}, records.get("volume/b"));
  }

  @Test
  void reopened_keepsEveryReturnedPutDeleteAndCommit() throws IOException {
    byte[] a = value(10, 3000);
    byte[] b = value(11, 70_000);
    byte[] c = value(12, 10);
    store.put(Map.of(addressOf(a), a, addressOf(b), b));
    store.put(Map.of(addressOf(c), c));
    store.delete(List.of(addressOf(a)));
    store.commit(Map.of("snapshot/s", new byte[] {1}, "volume/v", new byte[] {2}), List.of());
    store.commit(Map.of("volume/v", new byte[] {3}), List.of("snapshot/s", "volume/v"));
    closeAndReopen();
    assertEquals(Set.of(addressOf(b), addressOf(c)), store.addresses());
    assertNull(store.get(addressOf(a)));
    assertArrayEquals(b, store.get(addressOf(b)));
    assertArrayEquals(c, store.get(addressOf(c)));
    Map<String, byte[]> records = store.records();
    assertEquals(Set.of("volume/v"), records.keySet());
    assertArrayEquals(new byte[] {3}, records.get("volume/v"));
  }

  @Test
  void reopened_acceptsMoreWork_andKeepsItToo() throws IOException {
    byte[] a = value(13, 500);
    byte[] b = value(14, 500);
    store.put(Map.of(addressOf(a), a));
    closeAndReopen();
    store.put(Map.of(addressOf(b), b));
    store.delete(List.of(addressOf(a)));
    store.commit(Map.of("r", new byte[] {9}), List.of());
    closeAndReopen();
    assertEquals(Set.of(addressOf(b)), store.addresses());
    assertArrayEquals(new byte[] {9}, store.records().get("r"));
  }
}
