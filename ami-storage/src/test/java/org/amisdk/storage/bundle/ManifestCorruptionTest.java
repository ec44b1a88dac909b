package org.amisdk.storage.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.amisdk.storage.Corruption;
import org.amisdk.storage.Corruption.Outcome;
import org.junit.jupiter.api.Test;

/**
 * Bit-flip corruption of a bundle manifest: after each flip the bundle's manifest and image read
 * back exactly as written, or are refused with a clear error; never another image, never another
 * manifest taken for the real one.
 */
class ManifestCorruptionTest {
  private static final int SAMPLE = 4000;
  private static final long SEED = Long.getLong("amisdk.seed", 11);
  private static final ObjectKey PREFIX = ObjectKey.of("b/image");

  @Test
  void flippedBitsInAManifest_areRefusedOrReadCorrectly() throws IOException {
    ObjectStore store = ObjectStore.inMemory();
    byte[] image = new byte[9000];
    new SplittableRandom(12).nextBytes(image);
    BundleStore bundles = BundleStore.on(store);
    BundleManifest written = bundles.bundle(RawImageSource.ofBytes(image), PREFIX,
        BundleOptions.defaults().withPartSize(2048), ProgressListener.NONE);
    ObjectKey key = ObjectKey.of(ManifestCodec.manifestKey(PREFIX));
    byte[] pristine = store.readAllBytes(key, 1 << 20);
    Corruption tally = new Corruption("bundle manifest", false);
    for (long bit : Corruption.positions(8L * pristine.length, SAMPLE, SEED)) {
      byte[] damaged = pristine.clone();
      damaged[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
      store.put(key, new ByteArrayInputStream(damaged), damaged.length);
      tally.record(read(bundles, written, image), "bit " + bit + " of " + key);
    }
    tally.report();
  }

  private static Outcome read(BundleStore bundles, BundleManifest written, byte[] image) {
    try {
      if (!bundles.manifest(PREFIX).equals(written)) {
        return Outcome.WRONG;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BundleManifest read = bundles.unbundle(PREFIX, Optional.empty(), out, ProgressListener.NONE);
      return read.equals(written) && Arrays.equals(image, out.toByteArray()) ? Outcome.READ_CORRECT : Outcome.WRONG;
    } catch (IOException e) {
      return Outcome.READ_REFUSED;
    }
  }
}
