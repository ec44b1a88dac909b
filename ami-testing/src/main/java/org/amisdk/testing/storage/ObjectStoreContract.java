package org.amisdk.testing.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.amisdk.storage.object.MultipartUpload;
import org.amisdk.storage.object.NoSuchObjectException;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectPage;
import org.amisdk.storage.object.ObjectStore;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ObjectStore} keeps. A backend's test is a one-line subclass giving
 * {@link #newStore()}; each test gets a fresh, empty store, closed afterwards.
 */
public abstract class ObjectStoreContract {

  /** The smallest part S3 accepts for every part but the last; the suite uses it for all backends. */
  protected static final int MIN_PART = 5 * 1024 * 1024;

  protected ObjectStore store;

  /** A fresh, empty store of the backend under test. */
  protected abstract ObjectStore newStore() throws Exception;

  /** How many random cases each property runs; remote backends may lower it. */
  protected int cases() {
    return 40;
  }

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws IOException {
    store.close();
  }

  protected static ObjectKey key(String value) {
    return ObjectKey.of(value);
  }

  protected static byte[] bytes(SplittableRandom random, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  protected static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  protected ObjectInfo put(String key, byte[] content) throws IOException {
    return store.put(key(key), new ByteArrayInputStream(content), content.length);
  }

  protected byte[] read(String key) throws IOException {
    try (InputStream in = store.get(key(key))) {
      return in.readAllBytes();
    }
  }

  @Test
  void putThenGet_returnsTheSameBytesAndHeadDescribesThem() throws Exception {
    Property.check("object put then get returns the bytes", cases(), random -> {
      int size = random.nextInt(4) == 0 ? 0 : random.nextInt(200_000);
      byte[] content = bytes(random, size);
      String key = "p/" + random.nextInt(1_000_000) + "/obj";
      ObjectInfo put = put(key, content);
      assertArrayEquals(content, read(key));
      ObjectInfo head = store.head(key(key));
      assertEquals(key(key), head.key());
      assertEquals(size, head.size());
      assertEquals(size, put.size());
      assertEquals(sha256(content), head.digest());
      assertEquals(head.digest(), put.digest());
    });
  }

  @Test
  void put_replacesTheObjectUnderTheKey() throws Exception {
    put("a/b", new byte[] {1, 2, 3});
    put("a/b", new byte[] {4, 5});
    assertArrayEquals(new byte[] {4, 5}, read("a/b"));
    assertEquals(2, store.head(key("a/b")).size());
  }

  @Test
  protected void keyAndKeysBelowIt_coexist() throws Exception {
    put("a", new byte[] {1});
    put("a/b", new byte[] {2});
    put("a/b/c", new byte[] {3});
    assertArrayEquals(new byte[] {1}, read("a"));
    assertArrayEquals(new byte[] {2}, read("a/b"));
    assertArrayEquals(new byte[] {3}, read("a/b/c"));
    assertTrue(store.delete(key("a/b")));
    assertArrayEquals(new byte[] {3}, read("a/b/c"));
    assertArrayEquals(new byte[] {1}, read("a"));
  }

  @Test
  void nonAsciiKeys_roundTrip() throws Exception {
    String key = "images/ünïcode-名前-\uD83D\uDE00/part.1";
    put(key, new byte[] {9});
    assertArrayEquals(new byte[] {9}, read(key));
    assertEquals(List.of(key(key)), keys(store.listAll("images/")));
  }

  @Test
  void get_missingObject_throwsNoSuchObjectNamingTheKey() {
    NoSuchObjectException e = assertThrows(NoSuchObjectException.class, () -> store.get(key("no/such")));
    assertEquals("no/such", e.key());
    assertTrue(e.getMessage().contains("no/such"), e.getMessage());
    assertThrows(NoSuchObjectException.class, () -> store.head(key("no/such")));
    assertThrows(NoSuchObjectException.class, () -> store.get(key("no/such"), 0, 10));
  }

  @Test
  void put_streamShorterThanDeclared_failsAndLeavesNothing() throws Exception {
    IOException e = assertThrows(IOException.class,
        () -> store.put(key("short"), new ByteArrayInputStream(new byte[10]), 11));
    assertTrue(e.getMessage().contains("short"), e.getMessage());
    assertThrows(NoSuchObjectException.class, () -> store.head(key("short")));
    assertTrue(store.listAll("").isEmpty());
  }

  @Test
  void put_streamLongerThanDeclared_failsAndLeavesNothing() throws Exception {
    assertThrows(IOException.class, () -> store.put(key("long"), new ByteArrayInputStream(new byte[12]), 11));
    assertThrows(NoSuchObjectException.class, () -> store.head(key("long")));
    assertTrue(store.listAll("").isEmpty());
  }

  @Test
  void put_failedReplacement_keepsTheOldObject() throws Exception {
    put("keep", new byte[] {1, 2, 3});
    assertThrows(IOException.class, () -> store.put(key("keep"), new ByteArrayInputStream(new byte[2]), 3));
    assertArrayEquals(new byte[] {1, 2, 3}, read("keep"));
  }

  @Test
  void put_negativeLength_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> store.put(key("neg"), new ByteArrayInputStream(new byte[0]), -1));
  }

  @Test
  void rangedGet_returnsTheSliceClippedToTheObject() throws Exception {
    SplittableRandom seeded = new SplittableRandom(7);
    byte[] content = bytes(seeded, 100_000);
    put("range/obj", content);
    Property.check("ranged get returns the slice", cases(), random -> {
      long offset = random.nextInt(110_000);
      long length = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(120_000);
      byte[] slice;
      try (InputStream in = store.get(key("range/obj"), offset, length)) {
        slice = in.readAllBytes();
      }
      int from = (int) Math.min(offset, content.length);
      int to = (int) Math.min(content.length, from + length);
      assertArrayEquals(java.util.Arrays.copyOfRange(content, from, to), slice,
          "range " + offset + "+" + length);
    });
    assertThrows(IllegalArgumentException.class, () -> store.get(key("range/obj"), -1, 5));
  }

  @Test
  void list_byPrefix_pagesThroughExactlyTheMatchingKeysInOrder() throws Exception {
    TreeSet<ObjectKey> all = new TreeSet<>();
    String[] tops = {"img", "img-x", "imgs", "snap", "img/sub"};
    SplittableRandom seeded = new SplittableRandom(11);
    for (int i = 0; i < 60; i++) {
      ObjectKey key = key(tops[seeded.nextInt(tops.length)] + "/k" + seeded.nextInt(10_000));
      all.add(key);
      store.put(key, new ByteArrayInputStream(new byte[] {(byte) i}), 1);
    }
    String[] prefixes = {"", "img", "img/", "img/sub/", "imgs/", "snap/k1", "none/", "i"};
    Property.check("listing pages through the keys under a prefix", cases(), random -> {
      String prefix = prefixes[random.nextInt(prefixes.length)];
      int pageSize = 1 + random.nextInt(25);
      List<ObjectKey> listed = new ArrayList<>();
      Optional<String> token = Optional.empty();
      int pages = 0;
      do {
        ObjectPage page = store.list(prefix, token, pageSize);
        assertTrue(page.objects().size() <= pageSize);
        listed.addAll(keys(page.objects()));
        token = page.nextPageToken();
        assertTrue(++pages <= all.size() + 1, "listing does not end");
      } while (token.isPresent());
      List<ObjectKey> expected = all.stream().filter(k -> k.startsWith(prefix)).collect(Collectors.toList());
      assertEquals(expected, listed, "prefix '" + prefix + "' page size " + pageSize);
    });
    assertThrows(IllegalArgumentException.class, () -> store.list("", Optional.empty(), 0));
    assertThrows(IllegalArgumentException.class, () -> store.list("", Optional.empty(), 1001));
  }

  @Test
  void list_describesEachObject() throws Exception {
    put("d/one", new byte[] {1, 2});
    List<ObjectInfo> listed = store.listAll("d/");
    assertEquals(1, listed.size());
    assertEquals(2, listed.get(0).size());
    assertEquals(key("d/one"), listed.get(0).key());
  }

  @Test
  void delete_removesTheObjectAndSaysWhetherThereWasOne() throws Exception {
    put("del/x", new byte[] {1});
    assertTrue(store.delete(key("del/x")));
    assertFalse(store.delete(key("del/x")));
    assertThrows(NoSuchObjectException.class, () -> store.get(key("del/x")));
    assertTrue(store.listAll("del/").isEmpty());
  }

  @Test
  void multipart_concatenatesPartsInNumberOrder() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    byte[] one = bytes(random, MIN_PART);
    byte[] two = bytes(random, MIN_PART);
    byte[] three = bytes(random, 1234);
    MultipartUpload upload = store.startMultipart(key("mp/big"));
    assertEquals(key("mp/big"), upload.key());
    upload.putPart(3, new ByteArrayInputStream(three), three.length);
    upload.putPart(1, new ByteArrayInputStream(two), two.length); // replaced below
    upload.putPart(2, new ByteArrayInputStream(two), two.length);
    upload.putPart(1, new ByteArrayInputStream(one), one.length);
    assertThrows(NoSuchObjectException.class, () -> store.head(key("mp/big")), "visible before completion");
    ObjectInfo info = upload.complete();
    byte[] expected = new SequenceInputStream(new SequenceInputStream(
        new ByteArrayInputStream(one), new ByteArrayInputStream(two)), new ByteArrayInputStream(three)).readAllBytes();
    assertEquals(expected.length, info.size());
    assertArrayEquals(expected, read("mp/big"));
    assertEquals(expected.length, store.head(key("mp/big")).size());
    assertThrows(IllegalStateException.class, upload::complete);
  }

  @Test
  void multipart_abort_leavesNothingUnderTheKey() throws Exception {
    MultipartUpload upload = store.startMultipart(key("mp/aborted"));
    upload.putPart(1, new ByteArrayInputStream(new byte[100]), 100);
    upload.abort();
    upload.abort();
    assertThrows(NoSuchObjectException.class, () -> store.head(key("mp/aborted")));
    assertTrue(store.listAll("mp/").isEmpty());
  }

  @Test
  void multipart_badPart_isRefused() throws Exception {
    MultipartUpload upload = store.startMultipart(key("mp/bad"));
    try {
      assertThrows(IllegalArgumentException.class,
          () -> upload.putPart(0, new ByteArrayInputStream(new byte[1]), 1));
      assertThrows(IllegalArgumentException.class,
          () -> upload.putPart(MultipartUpload.MAX_PARTS + 1, new ByteArrayInputStream(new byte[1]), 1));
      assertThrows(IOException.class, () -> upload.putPart(1, new ByteArrayInputStream(new byte[1]), 2));
    } finally {
      upload.abort();
    }
    assertThrows(NoSuchObjectException.class, () -> store.head(key("mp/bad")));
  }

  @Test
  void concurrentCallsFromSeveralThreads_eachSeeWholeObjects_andEveryPutThatReturnedIsKept() throws Exception {
    int threads = 4;
    int rounds = 12;
    byte[][] shared = new byte[threads][];
    for (int t = 0; t < threads; t++) {
      shared[t] = bytes(new SplittableRandom(100 + t), 20_000 + t);
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          SplittableRandom random = new SplittableRandom(thread);
          for (int i = 0; i < rounds; i++) {
            byte[] mine = bytes(random, 1 + random.nextInt(5000));
            put("own/" + thread + "/" + i, mine);
            assertArrayEquals(mine, read("own/" + thread + "/" + i));
            put("shared", shared[thread]); // every thread overwrites one key
            byte[] seen = read("shared");
            assertTrue(java.util.Arrays.stream(shared).anyMatch(v -> java.util.Arrays.equals(v, seen)),
                "a read of a key being overwritten returned " + seen.length + " bytes that no put wrote");
            if (i % 3 == 0) {
              assertTrue(store.delete(key("own/" + thread + "/" + i)));
            }
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    TreeSet<String> expected = new TreeSet<>();
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < rounds; i++) {
        if (i % 3 != 0) {
          expected.add("own/" + t + "/" + i);
        }
      }
    }
    expected.add("shared");
    assertEquals(expected, keys(store.listAll("")).stream().map(ObjectKey::value).collect(Collectors.toCollection(TreeSet::new)));
  }

  protected static List<ObjectKey> keys(List<ObjectInfo> infos) {
    return infos.stream().map(ObjectInfo::key).collect(Collectors.toList());
  }
}
