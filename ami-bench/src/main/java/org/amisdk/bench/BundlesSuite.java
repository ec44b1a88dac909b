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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Suite {@code bundles}: bundles ext4.img into a fresh directory store (fsync'd) with gzip, zstd
 * and gzip + AES-256-GCM; unbundles the gzip bundle to a file; and makes a zstd round trip
 * (bundle, then unbundle to a file) through our S3 store against an in-process s3proxy on
 * 127.0.0.1. Throughputs are image MiB per wall second; {@code heap_mib} is the sum of the heap
 * pools' peaks during the operation, after a GC.
 */
final class BundlesSuite implements Suite {
  private static final ObjectKey PREFIX = ObjectKey.of("bundles/ext4/image");
  private static final String ACCESS = "bench-access";
  private static final String SECRET = "bench-secret";

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
    try (S3Client admin = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
        .forcePathStyle(true)
        .build()) {
      for (int run = 0; run < runs; run++) {
        Path gzipStore = work.resolve("gzip-" + run);
        BundleManifest made = timed(figures, "bundle_gzip", mib,
            () -> BundleStore.on(ObjectStore.directory(gzipStore)).bundle(image, PREFIX, gzip, ProgressListener.NONE));
        figures.add("stored.bytes", made.bundledSize(), "bytes");
        timed(figures, "unbundle", mib, () -> BundleStore.on(ObjectStore.directory(gzipStore))
            .unbundleToFile(PREFIX, Optional.empty(), restored, ProgressListener.NONE));
        Bench.deleteRecursively(gzipStore);
        Files.delete(restored);

        Path zstdStore = work.resolve("zstd-" + run);
        made = timed(figures, "bundle_zstd", mib,
            () -> BundleStore.on(ObjectStore.directory(zstdStore)).bundle(image, PREFIX, zstd, ProgressListener.NONE));
        figures.add("stored_zstd.bytes", made.bundledSize(), "bytes");
        timed(figures, "unbundle_zstd", mib, () -> BundleStore.on(ObjectStore.directory(zstdStore))
            .unbundleToFile(PREFIX, Optional.empty(), restored, ProgressListener.NONE));
        Bench.deleteRecursively(zstdStore);
        Files.delete(restored);

        Path encryptedStore = work.resolve("encrypted-" + run);
        timed(figures, "bundle_encrypted", mib, () -> BundleStore.on(ObjectStore.directory(encryptedStore))
            .bundle(image, PREFIX, gzip.withEncryption(key), ProgressListener.NONE));
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
        }
        Files.delete(restored);
      }
    } finally {
      proxy.stop();
    }
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
    long start = System.nanoTime();
    BundleManifest manifest = operation.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    figures.add(name + ".mib_s", mib / seconds, "MiB/s");
    figures.add(name + ".heap_mib", peak / (1024.0 * 1024.0), "MiB");
    return manifest;
  }
}
