package org.amisdk.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.bundle.BundleManifest;
import org.amisdk.storage.bundle.BundleOptions;
import org.amisdk.storage.bundle.BundleStore;
import org.amisdk.storage.bundle.Compression;
import org.amisdk.storage.bundle.RawImageSource;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Bundles made into, and unbundled from, a real S3-compatible server on 127.0.0.1. */
class S3BundleRoundTripTest {
  @RegisterExtension static final S3ProxyServer server = new S3ProxyServer();

  @TempDir Path dir;

  @Test
  void bundles_roundTripThroughS3() {
    Property.check("bundle round trip through S3", 6, random -> {
      byte[] image = new byte[random.nextInt(3_000_000)];
      for (int i = 0; i < image.length; i += 1 + random.nextInt(64)) {
        image[i] = (byte) random.nextInt(256); // sparse noise: compressible, not trivially
      }
      BundleOptions options = BundleOptions.defaults()
          .withCompression(random.nextBoolean() ? Compression.GZIP : Compression.ZSTD)
          .withPartSize(64 * 1024 + random.nextInt(1 << 20));
      Optional<SecretKey> key = Optional.empty();
      if (random.nextBoolean()) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        key = Optional.of(new SecretKeySpec(raw, "AES"));
        options = options.withEncryption(key.get());
      }
      try (ObjectStore store = server.newStore("")) {
        BundleStore bundles = BundleStore.on(store);
        ObjectKey prefix = ObjectKey.of("bundles/image-" + random.nextInt(1000) + "/image");
        BundleManifest made = bundles.bundle(RawImageSource.ofBytes(image), prefix, options, ProgressListener.NONE);
        assertEquals(made, bundles.manifest(prefix));
        Path target = dir.resolve("restored-" + random.nextInt(1_000_000));
        bundles.unbundleToFile(prefix, key, target, ProgressListener.NONE);
        assertArrayEquals(image, Files.readAllBytes(target));
        Files.delete(target);
      }
    });
  }

}
