package org.amisdk.storage.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.amisdk.storage.OperationCancelledException;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.io.AllocatedBytes;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleRoundTripTest {

  @TempDir Path dir;

  /**
   * An image of runs of zeros, random bytes and repeated text: compressible like a disk. Runs of up
   * to 2.5 MB take whole 1 MiB chunks, so all-zero chunks (which the writer does not send to its
   * pool) fall between chunks that are compressed.
   */
  static byte[] image(SplittableRandom random, int size) {
    byte[] image = new byte[size];
    int i = 0;
    while (i < size) {
      int longest = switch (random.nextInt(3)) {
        case 0 -> 5_000;
        case 1 -> 600_000;
        default -> 2_500_000;
      };
      int run = Math.min(size - i, 1 + random.nextInt(longest));
      switch (random.nextInt(3)) {
        case 0 -> { } // zeros
        case 1 -> {
          for (int j = 0; j < run; j++) {
            image[i + j] = (byte) random.nextInt(256);
          }
        }
        default -> {
          byte[] text = ("line " + random.nextInt(100) + " of a file\n").getBytes();
          for (int j = 0; j < run; j++) {
            image[i + j] = text[j % text.length];
          }
        }
      }
      i += run;
    }
    return image;
  }

  static int size(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> 0;
      case 1 -> 1 + random.nextInt(100);
      case 2 -> (1 << 20) * (1 + random.nextInt(3)); // whole chunks
      default -> random.nextInt(3_500_000);
    };
  }

  static SecretKey key(SplittableRandom random) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) random.nextInt(256);
    }
    return new SecretKeySpec(key, "AES");
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static BundleOptions randomOptions(SplittableRandom random, Compression compression, boolean encrypted) {
    BundleOptions options = BundleOptions.defaults()
        .withCompression(compression)
        .withPartSize(random.nextBoolean() ? 1024 + random.nextInt(300_000) : BundleOptions.DEFAULT_PART_SIZE)
        .withThreads(1 + random.nextInt(3));
    return encrypted ? options.withEncryption(key(random)) : options;
  }

  private void roundTrips(String name, Compression compression, boolean encrypted) {
    Property.check(name, 12, random -> {
      ObjectStore store = ObjectStore.inMemory();
      BundleStore bundles = BundleStore.on(store);
      byte[] image = image(random, size(random));
      BundleOptions options = randomOptions(random, compression, encrypted);
      ObjectKey prefix = ObjectKey.of("bundles/b" + random.nextInt(1000) + "/image");

      BundleManifest made = bundles.bundle(RawImageSource.ofBytes(image), prefix, options, ProgressListener.NONE);

      assertEquals(image.length, made.imageSize());
      assertEquals(sha256(image), made.imageSha256());
      assertEquals(compression, made.compression());
      assertEquals(encrypted, made.encryption().isPresent());
      assertEquals(made, bundles.manifest(prefix), "the manifest read back equals the one written");
      long overhead = encrypted ? BundleCrypto.OVERHEAD : 0;
      for (BundlePart part : made.parts()) {
        assertEquals(part.size(), store.head(part.key()).size());
        assertTrue(part.size() <= options.partSize() + overhead);
      }
      long stored = 0;
      for (BundlePart part : made.parts()) {
        stored += store.head(part.key()).size();
      }
      assertEquals(made.bundledSize(), stored);

      Optional<SecretKey> key = options.wrappingKey();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      bundles.unbundle(prefix, key, out, ProgressListener.NONE);
      assertArrayEquals(image, out.toByteArray());
      Path target = dir.resolve("image-" + random.nextInt(1_000_000) + ".img");
      bundles.unbundleToFile(prefix, key, target, ProgressListener.NONE);
      assertArrayEquals(image, Files.readAllBytes(target));
      Files.delete(target);
    });
  }

  @Test
  void gzipBundles_roundTrip() {
    roundTrips("gzip bundle round trip", Compression.GZIP, false);
  }

  @Test
  void zstdBundles_roundTrip() {
    roundTrips("zstd bundle round trip", Compression.ZSTD, false);
  }

  @Test
  void encryptedBundles_roundTrip() {
    roundTrips("encrypted gzip bundle round trip", Compression.GZIP, true);
    roundTrips("encrypted zstd bundle round trip", Compression.ZSTD, true);
  }

  @Test
  void bundlesInTheDirectoryStore_roundTripAfterReopening() throws Exception {
    Property.check("directory-store bundle round trip", 5, random -> {
      Path root = dir.resolve("store-" + random.nextInt(1_000_000));
      byte[] image = image(random, size(random));
      Compression compression = random.nextBoolean() ? Compression.GZIP : Compression.ZSTD;
      BundleOptions options = randomOptions(random, compression, random.nextBoolean());
      ObjectKey prefix = ObjectKey.of("img/x");
      try (ObjectStore objects = ObjectStore.directory(root)) {
        BundleStore.on(objects).bundle(RawImageSource.ofBytes(image), prefix, options, ProgressListener.NONE);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ObjectStore objects = ObjectStore.directory(root)) {
        BundleStore.on(objects).unbundle(prefix, options.wrappingKey(), out, ProgressListener.NONE);
      }
      assertArrayEquals(image, out.toByteArray());
    });
  }

  @Test
  void gzipBundle_isOneValidGzipStreamAcrossItsParts() throws Exception {
    byte[] image = image(new SplittableRandom(5), 2_500_000);
    ObjectStore store = ObjectStore.inMemory();
    ObjectKey prefix = ObjectKey.of("plain");
    BundleManifest manifest = BundleStore.on(store).bundle(RawImageSource.ofBytes(image), prefix,
        BundleOptions.defaults().withPartSize(100_000), ProgressListener.NONE);
    assertTrue(manifest.parts().size() > 1);
    ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
    for (BundlePart part : manifest.parts()) {
      try (InputStream in = store.get(part.key())) {
        in.transferTo(concatenated);
      }
    }
    try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(concatenated.toByteArray()))) {
      assertArrayEquals(image, gunzip.readAllBytes(), "what `cat parts | gunzip` would give");
    }
  }

  @Test
  void partsAreNamedUnderThePrefixAndTheManifestIsWrittenLast() throws Exception {
    ObjectStore store = ObjectStore.inMemory();
    List<String> order = new java.util.ArrayList<>();
    ObjectStore recording = new RecordingStore(store, order);
    BundleStore.on(recording).bundle(RawImageSource.ofBytes(image(new SplittableRandom(1), 300_000)),
        ObjectKey.of("a/image"), BundleOptions.defaults().withPartSize(8192).withThreads(2), ProgressListener.NONE);
    assertTrue(order.size() > 2);
    assertEquals("a/image.manifest.json", order.get(order.size() - 1));
    assertTrue(order.subList(0, order.size() - 1).stream().allMatch(k -> k.startsWith("a/image.part.")), order.toString());
  }

  /** An image's zero chunks stay holes of the unbundled file, which still reads back byte for byte. */
  @Test
  void unbundleToFile_leavesZeroChunksAsHoles_andEndsAtTheImageSize() throws Exception {
    int chunk = BundleReader.DECOMPRESSED_CHUNK;
    byte[] image = new byte[40 * chunk + 12_345]; // a short last chunk, after a zero one
    SplittableRandom random = new SplittableRandom(11);
    for (int c : new int[] {0, 7, 8, 30}) {
      byte[] data = new byte[chunk];
      random.nextBytes(data);
      System.arraycopy(data, 0, image, c * chunk, chunk);
    }
    image[image.length - 1] = 9;
    ObjectStore store = ObjectStore.inMemory();
    BundleStore bundles = BundleStore.on(store);
    ObjectKey prefix = ObjectKey.of("holes/image");
    bundles.bundle(RawImageSource.ofBytes(image), prefix, BundleOptions.defaults().withCompression(Compression.ZSTD),
        ProgressListener.NONE);
    Path target = dir.resolve("holes.img");
    bundles.unbundleToFile(prefix, Optional.empty(), target, ProgressListener.NONE);
    assertArrayEquals(image, Files.readAllBytes(target));
    long allocated = AllocatedBytes.of(target);
    assertTrue(allocated <= 6L * chunk, "allocated " + allocated + " bytes for 4 data chunks and a short tail");
  }

  @Test
  void cancelledUnbundle_throwsAndLeavesNoFile() throws Exception {
    ObjectStore store = ObjectStore.inMemory();
    BundleStore bundles = BundleStore.on(store);
    ObjectKey prefix = ObjectKey.of("u/image");
    bundles.bundle(RawImageSource.ofBytes(image(new SplittableRandom(4), 3_000_000)), prefix,
        BundleOptions.defaults().withPartSize(4096), ProgressListener.NONE);
    Path target = dir.resolve("cancelled.img");
    assertThrows(OperationCancelledException.class, () -> bundles.unbundleToFile(prefix, Optional.empty(), target,
        (phase, done, total) -> done < 1_000_000));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "no output and no temporary file");
    }
  }

  @Test
  void imageLargerThanTheInstanceStoreRootLimit_canBeBundled() throws Exception {
    long size = BundleManifest.INSTANCE_STORE_ROOT_LIMIT + 1;
    InputStream zeros = new InputStream() {
      long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
      }
    };
    ObjectStore store = ObjectStore.inMemory();
    BundleManifest made = BundleStore.on(store).bundle(RawImageSource.of(size, () -> zeros), ObjectKey.of("big/image"),
        BundleOptions.defaults(), ProgressListener.NONE);
    assertEquals(size, made.imageSize());
    assertTrue(made.exceedsInstanceStoreRootLimit());
    assertEquals(made, BundleStore.on(store).manifest(ObjectKey.of("big/image")));
  }

  @Test
  void instanceStoreRootLimit_isVisibleInTheManifest() {
    BundleManifest small = manifestOfSize(BundleManifest.INSTANCE_STORE_ROOT_LIMIT);
    BundleManifest large = manifestOfSize(BundleManifest.INSTANCE_STORE_ROOT_LIMIT + 1);
    assertFalse(small.exceedsInstanceStoreRootLimit());
    assertTrue(large.exceedsInstanceStoreRootLimit());
  }

  private static BundleManifest manifestOfSize(long size) {
    return new BundleManifest(1, java.util.UUID.randomUUID().toString(), size, "0".repeat(64), Compression.GZIP,
        BundleOptions.DEFAULT_PART_SIZE, Optional.empty(),
        List.of(new BundlePart(1, ObjectKey.of("p.part.00001"), 10, "0".repeat(64))));
  }

  @Test
  void imageShorterOrLongerThanDeclared_failsAndLeavesNoParts() throws Exception {
    ObjectStore store = ObjectStore.inMemory();
    BundleStore bundles = BundleStore.on(store);
    byte[] image = image(new SplittableRandom(2), 3_000_000);
    BundleOptions options = BundleOptions.defaults().withPartSize(4096);
    IOException shorter = assertThrows(IOException.class, () -> bundles.bundle(
        RawImageSource.of(image.length + 1L, () -> new ByteArrayInputStream(image)), ObjectKey.of("s/image"), options,
        ProgressListener.NONE));
    assertTrue(shorter.getMessage().contains("shorter than its declared size"), shorter.getMessage());
    IOException longer = assertThrows(IOException.class, () -> bundles.bundle(
        RawImageSource.of(image.length - 1L, () -> new ByteArrayInputStream(image)), ObjectKey.of("s/image"), options,
        ProgressListener.NONE));
    assertTrue(longer.getMessage().contains("longer than its declared size"), longer.getMessage());
    assertEquals(List.of(), store.listAll(""));
  }

  @Test
  void cancelledBundling_throwsAndLeavesNoParts() throws Exception {
    ObjectStore store = ObjectStore.inMemory();
    byte[] image = image(new SplittableRandom(3), 3_000_000);
    assertThrows(OperationCancelledException.class, () -> BundleStore.on(store).bundle(
        RawImageSource.ofBytes(image), ObjectKey.of("c/image"), BundleOptions.defaults().withPartSize(4096),
        (phase, done, total) -> done < 2_000_000));
    assertEquals(List.of(), store.listAll(""));
  }

  @Test
  void bundlingOverAnExistingBundle_isRefused() throws Exception {
    ObjectStore store = ObjectStore.inMemory();
    BundleStore bundles = BundleStore.on(store);
    ObjectKey prefix = ObjectKey.of("twice/image");
    bundles.bundle(RawImageSource.ofBytes(new byte[] {1}), prefix, BundleOptions.defaults(), ProgressListener.NONE);
    assertThrows(IllegalStateException.class, () -> bundles.bundle(RawImageSource.ofBytes(new byte[] {2}), prefix,
        BundleOptions.defaults(), ProgressListener.NONE));
    assertTrue(bundles.delete(prefix));
    assertEquals(List.of(), store.listAll(""));
  }

  @Test
  void wrappingKeyOfTheWrongSize_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> BundleOptions.defaults().withEncryption(new SecretKeySpec(new byte[16], "AES")));
  }

  /** Records the order of puts. */
  private record RecordingStore(ObjectStore delegate, List<String> order) implements ObjectStore {
    @Override
    public org.amisdk.storage.object.ObjectInfo put(ObjectKey key, InputStream content, long length) throws IOException {
      synchronized (order) {
        order.add(key.value());
      }
      return delegate.put(key, content, length);
    }

    @Override
    public InputStream get(ObjectKey key) throws IOException {
      return delegate.get(key);
    }

    @Override
    public InputStream get(ObjectKey key, long offset, long length) throws IOException {
      return delegate.get(key, offset, length);
    }

    @Override
    public org.amisdk.storage.object.ObjectInfo head(ObjectKey key) throws IOException {
      return delegate.head(key);
    }

    @Override
    public org.amisdk.storage.object.ObjectPage list(String prefix, Optional<String> token, int size)
        throws IOException {
      return delegate.list(prefix, token, size);
    }

    @Override
    public boolean delete(ObjectKey key) throws IOException {
      return delegate.delete(key);
    }

    @Override
    public org.amisdk.storage.object.MultipartUpload startMultipart(ObjectKey key) throws IOException {
      return delegate.startMultipart(key);
    }
  }
}
