package org.amisdk.testing.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.amisdk.storage.block.BlockAddress;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.object.NoSuchObjectException;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.junit.jupiter.api.Test;

/** The fault-injecting wrappers fail exactly the call or byte they were told to, once, and stall on cue. */
class FaultyStoresTest {
  private static final ObjectKey KEY = ObjectKey.of("a/b");

  private static void put(ObjectStore store, ObjectKey key, byte[] bytes) throws IOException {
    store.put(key, new ByteArrayInputStream(bytes), bytes.length);
  }

  @Test
  void objectStore_failsTheNthCall_beforeItReachesTheStore_andOnlyThatOne() throws IOException {
    ObjectStore inner = ObjectStore.inMemory();
    FaultyObjectStore store = FaultyObjectStore.wrap(inner);
    store.faults().failCall(2);
    put(store, KEY, new byte[] {1});
    IOException e = assertThrows(IOException.class, () -> put(store, ObjectKey.of("a/c"), new byte[] {2}));
    assertTrue(e.getMessage().startsWith(Faults.INJECTED + " of call 2: put of object a/c"), e.getMessage());
    assertThrows(NoSuchObjectException.class, () -> inner.head(ObjectKey.of("a/c")), "the failed put wrote nothing");
    put(store, ObjectKey.of("a/c"), new byte[] {3});
    assertArrayEquals(new byte[] {3}, inner.readAllBytes(ObjectKey.of("a/c"), 10));
    assertEquals(3, store.faults().calls());
  }

  @Test
  void objectStore_failsAfterNBytes_midStream_andTheObjectIsNotHalfWritten() throws IOException {
    ObjectStore inner = ObjectStore.inMemory();
    FaultyObjectStore store = FaultyObjectStore.wrap(inner);
    put(store, KEY, new byte[100]);
    store.faults().failAfterBytes(150);
    IOException e = assertThrows(IOException.class, () -> put(store, ObjectKey.of("big"), new byte[200]));
    assertTrue(e.getMessage().startsWith(Faults.INJECTED + " after 250 bytes: put of object big"), e.getMessage());
    assertThrows(NoSuchObjectException.class, () -> inner.head(ObjectKey.of("big")));
    assertArrayEquals(new byte[100], store.readAllBytes(KEY, 1000), "the fault fired once");
    assertEquals(100 + 200 + 100, store.faults().bytes(), "bytes counted as they passed, the failing chunk included");
  }

  @Test
  void objectStore_stallsTheNthCall_untilReleased() throws Exception {
    FaultyObjectStore store = FaultyObjectStore.wrap(ObjectStore.inMemory());
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch stalled = store.faults().stallCall(1, release);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> put = thread.submit(() -> {
        put(store, KEY, new byte[] {7});
        return null;
      });
      assertTrue(stalled.await(30, TimeUnit.SECONDS));
      assertFalse(put.isDone());
      assertFalse(store.listAll("").stream().anyMatch(i -> i.key().equals(KEY)), "nothing written while stalled");
      release.countDown();
      put.get(30, TimeUnit.SECONDS);
      assertArrayEquals(new byte[] {7}, store.readAllBytes(KEY, 10));
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void blockStore_failsTheNthCallAndAfterNBytes_leavingTheStoreUnchanged() throws IOException {
    BlockStore inner = BlockStore.inMemory();
    FaultyBlockStore store = FaultyBlockStore.wrap(inner);
    byte[] a = {1, 2, 3};
    BlockAddress address = BlockAddress.of(a, 0, a.length);
    store.faults().failCall(1);
    assertThrows(IOException.class, () -> store.put(Map.of(address, a)));
    assertFalse(inner.contains(address));
    store.faults().failAfterBytes(2);
    IOException e = assertThrows(IOException.class, () -> store.commit(Map.of("r", a), List.of()));
    assertTrue(e.getMessage().startsWith(Faults.INJECTED + " after 2 bytes: commit of 1 records"), e.getMessage());
    assertEquals(Map.of(), inner.records());
    store.put(Map.of(address, a));
    assertArrayEquals(a, store.get(address));
  }
}
