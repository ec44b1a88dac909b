package org.amisdk.storage.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;

/**
 * The image is digested while its chunks are compressed in parallel: a bundle made by four
 * threads has the same image and part digests as one made by a single thread, the image's own
 * SHA-256, and each part's the SHA-256 of the object stored.
 */
class BundleDigestTest {

  @Test
  void parallelBundle_hasTheSequentialOnesDigests() {
    Property.check("parallel bundle digests == sequential ones", 10, random -> {
      byte[] image = BundleRoundTripTest.image(random, random.nextInt(6_000_000));
      Compression compression = random.nextBoolean() ? Compression.ZSTD : Compression.GZIP;
      BundleOptions options = BundleOptions.defaults().withCompression(compression)
          .withPartSize(1024 + random.nextInt(2_000_000));
      ObjectKey prefix = ObjectKey.of("bundles/digest/image");
      ObjectStore oneStore = ObjectStore.inMemory();
      BundleManifest one = BundleStore.on(oneStore).bundle(RawImageSource.ofBytes(image), prefix,
          options.withThreads(1), ProgressListener.NONE);
      ObjectStore fourStore = ObjectStore.inMemory();
      BundleManifest four = BundleStore.on(fourStore).bundle(RawImageSource.ofBytes(image), prefix,
          options.withThreads(4), ProgressListener.NONE);

      assertEquals(BundleRoundTripTest.sha256(image), one.imageSha256());
      assertEquals(one.imageSha256(), four.imageSha256());
      assertEquals(digests(one), digests(four));
      for (BundlePart part : four.parts()) {
        byte[] stored = fourStore.readAllBytes(part.key(), Integer.MAX_VALUE);
        assertEquals(BundleRoundTripTest.sha256(stored), part.sha256(), "part " + part.number());
      }
    });
  }

  private static List<String> digests(BundleManifest manifest) {
    return manifest.parts().stream().map(BundlePart::sha256).toList();
  }
}
