package org.amisdk.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Properties;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.amisdk.s3.S3ObjectStore;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.bundle.BundleManifest;
import org.amisdk.storage.bundle.BundleOptions;
import org.amisdk.storage.bundle.BundleStore;
import org.amisdk.storage.bundle.Compression;
import org.amisdk.storage.bundle.RawImageSource;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Suite {@code bundles}: bundles ext4.img into a fresh directory store (fsync'd) with gzip, zstd,
 * gzip + AES-256-GCM and zstd + AES-256-GCM; unbundles the gzip and zstd bundles to a file; makes
 * a zstd round trip (bundle, then unbundle to a file) through our S3 store against an in-process
 * s3proxy on 127.0.0.1, and measures that store's own put-and-get throughput beside it. Throughputs are image MiB per wall second; {@code heap_mib} is the sum of the heap
 * pools' peaks during the operation, after a GC; {@code cpu_s} the process's CPU seconds.
 */
final class BundlesSuite implements Suite {
  private static final ObjectKey PREFIX = ObjectKey.of("bundles/ext4/image");
  private static final String ACCESS = "bench-access";
  private static final String SECRET = "bench-secret";
  private static final int RAW_OBJECTS = 16;
  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  @Override
  public String name() {
    return "bundles";
  }

  @Override
  public void run(Path data, Path work, int runs, Figures figures) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    RawImageSource image = RawImageSource.ofFile(data.resolve("ext4.img"));
    double mib = image.size() / (1024.0 * 1024.0);
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    SecretKey key = new SecretKeySpec(raw, "AES");
    BundleOptions gzip = BundleOptions.defaults();
    BundleOptions zstd = gzip.withCompression(Compression.ZSTD);
    Path restored = work.resolve("restored.img");

    Properties properties = new Properties();
    properties.setProperty("jclouds.identity", ACCESS);
    properties.setProperty("jclouds.credential", SECRET);
    properties.setProperty("jclouds.filesystem.basedir", Files.createDirectories(work.resolve("s3")).toString());
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("filesystem", properties))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
        .stopTimeout(0)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    try (S3Client admin = S3ObjectStore.compatibleClient(endpoint, ACCESS, SECRET, "us-east-1", true)) {
      for (int run = 0; run < runs; run++) {
        bundleAndUnbundle(figures, image, work.resolve("gzip-" + run), gzip, "bundle_gzip", "stored.bytes", "unbundle");
        bundleAndUnbundle(figures, image, work.resolve("zstd-" + run), zstd, "bundle_zstd", "stored_zstd.bytes",
            "unbundle_zstd");
        Path encryptedStore = work.resolve("encrypted-" + run);
        try (ObjectStore encrypted = ObjectStore.directory(encryptedStore)) {
          timed(figures, "bundle_encrypted", mib, () -> BundleStore.on(encrypted)
              .bundle(image, PREFIX, gzip.withEncryption(key), ProgressListener.NONE));
        }
        Bench.deleteRecursively(encryptedStore);
        timed(figures, "bundle_encrypted_zstd", mib, () -> BundleStore.on(ObjectStore.directory(encryptedStore))
            .bundle(image, PREFIX, zstd.withEncryption(key), ProgressListener.NONE));
        Bench.deleteRecursively(encryptedStore);

        String bucket = "bench-" + run;
        admin.createBucket(b -> b.bucket(bucket));
        try (ObjectStore s3 = S3ObjectStore.builder().endpoint(endpoint, ACCESS, SECRET, "us-east-1").bucket(bucket)
            .build()) {
          BundleStore bundles = BundleStore.on(s3);
          timed(figures, "s3_roundtrip", mib, () -> {
            bundles.bundle(image, PREFIX, zstd, ProgressListener.NONE);
            return bundles.unbundleToFile(PREFIX, Optional.empty(), restored, ProgressListener.NONE);
          });
          bundles.delete(PREFIX);
          putAndGet(figures, s3);
        }
        Files.delete(restored);
      }
    } finally {
      proxy.stop();
    }
  }

  /**
   * The object store's own throughput, beside the round trip's: {@value #RAW_OBJECTS} objects of
   * 10 MiB put and read back, MiB per wall second of both (each byte counted once).
   */
  private static void putAndGet(Figures figures, ObjectStore store) throws Exception {
    byte[] object = new byte[10 << 20];
    new SecureRandom().nextBytes(object);
    long start = System.nanoTime();
    for (int i = 0; i < RAW_OBJECTS; i++) {
      store.put(ObjectKey.of("raw/" + i), new java.io.ByteArrayInputStream(object), object.length);
    }
    for (int i = 0; i < RAW_OBJECTS; i++) {
      try (java.io.InputStream in = store.get(ObjectKey.of("raw/" + i))) {
        if (in.readAllBytes().length != object.length) {
          throw new IllegalStateException("object raw/" + i + " came back short");
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    figures.add("s3_put_get.mib_s", RAW_OBJECTS * 10 / seconds, "MiB/s");
    for (int i = 0; i < RAW_OBJECTS; i++) {
      store.delete(ObjectKey.of("raw/" + i));
    }
  }

  /** Bundles into a fresh directory store, unbundles to a file, and removes both. */
  private static void bundleAndUnbundle(Figures figures, RawImageSource image, Path storeDir, BundleOptions options,
      String bundleFigure, String storedFigure, String unbundleFigure) throws Exception {
    double mib = image.size() / (1024.0 * 1024.0);
    Path restored = storeDir.resolveSibling(storeDir.getFileName() + ".img");
    try (ObjectStore objects = ObjectStore.directory(storeDir)) { // one store: the directory's lock is its own
      BundleManifest made = timed(figures, bundleFigure, mib, () -> BundleStore.on(objects)
          .bundle(image, PREFIX, options, ProgressListener.NONE));
      figures.add(storedFigure, made.bundledSize(), "bytes");
      timed(figures, unbundleFigure, mib, () -> BundleStore.on(objects)
          .unbundleToFile(PREFIX, Optional.empty(), restored, ProgressListener.NONE));
    }
    Bench.deleteRecursively(storeDir);
    Files.delete(restored);
  }

  /** One operation whose figures are reported. */
  private interface Operation {
    BundleManifest run() throws Exception;
  }

  private static BundleManifest timed(Figures figures, String name, double mib, Operation operation) throws Exception {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    long cpuStart = CPU.getProcessCpuTime();
    long start = System.nanoTime();
    BundleManifest manifest = operation.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (CPU.getProcessCpuTime() - cpuStart) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    figures.add(name + ".mib_s", mib / seconds, "MiB/s");
    figures.add(name + ".heap_mib", peak / (1024.0 * 1024.0), "MiB");
    figures.add(name + ".cpu_s", cpuSeconds, "s");
    return manifest;
  }
}
