package org.amisdk.storage.bundle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.object.NoSuchObjectException;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per kind of bad bundle: each asserts a clear {@link InvalidBundleException} and that
 * unbundling to a file left no file (and no temporary file) behind.
 */
class BundleUntrustedInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectKey PREFIX = ObjectKey.of("bundles/web/image");
  private static final ObjectKey MANIFEST = ObjectKey.of("bundles/web/image.manifest.json");

  @TempDir Path dir;
  private final ObjectStore store = ObjectStore.inMemory();
  private final BundleStore bundles = BundleStore.on(store);
  private final SecretKey key = new SecretKeySpec(new byte[32], "AES");

  private Path target() {
    return dir.resolve("out.img");
  }

  @AfterEach
  void noOutputLeftBehind() throws IOException {
    assertFalse(Files.exists(target()), "unbundle left its output file");
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.findAny().isEmpty(), "unbundle left a temporary file");
    }
  }

  private BundleManifest bundle(boolean encrypted) throws IOException {
    byte[] image = new byte[20_000]; // incompressible, so five parts of 4 KiB
    new SplittableRandom(42).nextBytes(image);
    BundleOptions options = BundleOptions.defaults().withPartSize(4096);
    return bundles.bundle(RawImageSource.ofBytes(image), PREFIX, encrypted ? options.withEncryption(key) : options,
        ProgressListener.NONE);
  }

  private void editManifest(Consumer<ObjectNode> edit) throws IOException {
    ObjectNode manifest = (ObjectNode) JSON.readTree(store.readAllBytes(MANIFEST, 1 << 24));
    // as a hostile author would: the checksum tells damage from a valid manifest, it proves no authorship
    manifest.remove("checksum");
    edit.accept(manifest);
    byte[] json = JSON.writeValueAsBytes(manifest);
    store.put(MANIFEST, new ByteArrayInputStream(json), json.length);
  }

  private static ObjectNode part(ObjectNode manifest, int index) {
    return (ObjectNode) manifest.get("parts").get(index);
  }

  private void replacePart(BundlePart part, byte[] bytes) throws IOException {
    store.put(part.key(), new ByteArrayInputStream(bytes), bytes.length);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return BundleRoundTripTest.sha256(bytes);
  }

  private void assertRefused(Optional<SecretKey> withKey, String... expected) {
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> bundles.unbundleToFile(PREFIX, withKey, target(), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("bundle " + PREFIX), e.getMessage());
    for (String text : expected) {
      assertTrue(e.getMessage().contains(text), "'" + text + "' not in: " + e.getMessage());
    }
  }

  @Test
  void partOutsideItsPrefix_isRefused() throws Exception {
    bundle(false);
    store.put(ObjectKey.of("elsewhere/secret"), new ByteArrayInputStream(new byte[4096]), 4096);
    editManifest(m -> part(m, 0).put("key", "elsewhere/secret"));
    assertRefused(Optional.empty(), "outside the bundle's prefix");
  }

  @Test
  void pathEscapingPartKey_isRefused() throws Exception {
    bundle(false);
    editManifest(m -> part(m, 0).put("key", "bundles/web/image.part.00001/../../../etc/passwd"));
    assertRefused(Optional.empty(), "invalid key");
  }

  @Test
  void duplicatePartNumbers_areRefused() throws Exception {
    bundle(false);
    editManifest(m -> part(m, 1).put("number", 1));
    assertRefused(Optional.empty(), "part number 1 appears twice");
  }

  @Test
  void missingPartNumber_isRefused() throws Exception {
    bundle(false);
    editManifest(m -> {
      ArrayNode parts = (ArrayNode) m.get("parts");
      long size = parts.get(1).get("size").longValue();
      parts.remove(1);
      m.put("bundledSize", m.get("bundledSize").longValue() - size);
    });
    assertRefused(Optional.empty(), "part 2 is missing");
  }

  @Test
  void missingPartObject_isRefused() throws Exception {
    BundleManifest manifest = bundle(false);
    store.delete(manifest.parts().get(2).key());
    assertRefused(Optional.empty(), "part 3", "is missing");
  }

  @Test
  void sizesThatDisagree_areRefused() throws Exception {
    bundle(false);
    editManifest(m -> m.put("bundledSize", m.get("bundledSize").longValue() + 1));
    assertRefused(Optional.empty(), "sum to");
  }

  @Test
  void partSizeUnlikeThePartSize_isRefused() throws Exception {
    bundle(false);
    editManifest(m -> {
      part(m, 0).put("size", 4000);
      m.put("bundledSize", m.get("bundledSize").longValue() - 96);
    });
    assertRefused(Optional.empty(), "every part but the last is 4096");
  }

  @Test
  void digestMismatch_isRefused() throws Exception {
    BundleManifest manifest = bundle(false);
    BundlePart first = manifest.parts().get(0);
    byte[] bytes = store.readAllBytes(first.key(), 1 << 20);
    bytes[100] ^= 1;
    replacePart(first, bytes);
    assertRefused(Optional.empty(), "part 1", "SHA-256", "not the manifest's");
  }

  @Test
  void tamperedCiphertext_failsItsTag() throws Exception {
    BundleManifest manifest = bundle(true);
    BundlePart second = manifest.parts().get(1);
    byte[] bytes = store.readAllBytes(second.key(), 1 << 20);
    bytes[50] ^= 1;
    replacePart(second, bytes);
    String digest = sha256(bytes);
    editManifest(m -> part(m, 1).put("sha256", digest)); // a forger updates the digest too
    assertRefused(Optional.of(key), "part 2", "fails authentication");
  }

  @Test
  void swappedEncryptedParts_failTheirTags() throws Exception {
    BundleManifest manifest = bundle(true);
    BundlePart first = manifest.parts().get(0);
    BundlePart second = manifest.parts().get(1);
    byte[] one = store.readAllBytes(first.key(), 1 << 20);
    byte[] two = store.readAllBytes(second.key(), 1 << 20);
    replacePart(first, two);
    replacePart(second, one);
    editManifest(m -> {
      part(m, 0).put("sha256", second.sha256());
      part(m, 1).put("sha256", first.sha256());
    });
    assertRefused(Optional.of(key), "part 1", "fails authentication");
  }

  @Test
  void wrongKey_isRefused() throws Exception {
    bundle(true);
    byte[] other = new byte[32];
    other[0] = 1;
    assertRefused(Optional.of(new SecretKeySpec(other, "AES")), "cannot be opened with the given key");
  }

  @Test
  void encryptedBundleWithoutKey_isRefusedAsMisuse() throws Exception {
    bundle(true);
    assertThrows(IllegalArgumentException.class,
        () -> bundles.unbundleToFile(PREFIX, Optional.empty(), target(), ProgressListener.NONE));
  }

  @Test
  void encryptedManifestTruncatedToFewerParts_noLongerOpens() throws Exception {
    bundle(true);
    editManifest(m -> {
      ArrayNode parts = (ArrayNode) m.get("parts");
      long size = parts.get(parts.size() - 1).get("size").longValue();
      parts.remove(parts.size() - 1);
      m.put("bundledSize", m.get("bundledSize").longValue() - size);
    });
    assertRefused(Optional.of(key), "cannot be opened with the given key");
  }

  @Test
  void truncatedPart_isRefused() throws Exception {
    BundleManifest manifest = bundle(false);
    BundlePart first = manifest.parts().get(0);
    byte[] bytes = store.readAllBytes(first.key(), 1 << 20);
    replacePart(first, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    assertRefused(Optional.empty(), "part 1", "truncated");
  }

  @Test
  void absurdDeclaredImageSize_isRefused() throws Exception {
    bundle(false);
    editManifest(m -> ((ObjectNode) m.get("image")).put("size", Long.MAX_VALUE));
    assertRefused(Optional.empty(), "absurd");
  }

  @Test
  void absurdDeclaredPartSize_isRefused() throws Exception {
    bundle(false);
    editManifest(m -> m.put("partSize", Integer.MAX_VALUE));
    assertRefused(Optional.empty(), "partSize");
  }

  @Test
  void imageDigestThatDoesNotMatch_isRefused() throws Exception {
    bundle(false);
    editManifest(m -> ((ObjectNode) m.get("image")).put("sha256", HexFormat.of().formatHex(new byte[32])));
    assertRefused(Optional.empty(), "whose SHA-256 is");
  }

  @Test
  void imageSizeThatDoesNotMatch_isRefused() throws Exception {
    bundle(false);
    editManifest(m -> ((ObjectNode) m.get("image")).put("size", 1000));
    assertRefused(Optional.empty(), "more than its declared 1000 bytes");
  }

  @Test
  void unsupportedVersionOrFormat_isRefused() throws Exception {
    bundle(false);
    editManifest(m -> m.put("version", 2));
    assertRefused(Optional.empty(), "version 2 is not supported");
  }

  @Test
  void manifestThatIsNotJson_isRefused() throws Exception {
    bundle(false);
    byte[] junk = "{\"format\": \"amisdk-bundle\", ".getBytes();
    store.put(MANIFEST, new ByteArrayInputStream(junk), junk.length);
    assertRefused(Optional.empty(), "is not JSON");
  }

  @Test
  void noManifest_meansNoBundle() throws Exception {
    BundleManifest manifest = bundle(false);
    store.delete(MANIFEST);
    assertTrue(store.head(manifest.parts().get(0).key()).size() > 0);
    NoSuchObjectException e = assertThrows(NoSuchObjectException.class,
        () -> bundles.unbundleToFile(PREFIX, Optional.empty(), target(), ProgressListener.NONE));
    assertTrue(e.getMessage().contains("has no manifest"), e.getMessage());
  }

  @Test
  void failedUnbundle_leavesAnExistingFileAsItWas() throws Exception {
    BundleManifest manifest = bundle(false);
    Path existing = dir.resolve("existing.img");
    Files.write(existing, new byte[] {1, 2, 3});
    store.delete(manifest.parts().get(1).key());
    assertThrows(InvalidBundleException.class,
        () -> bundles.unbundleToFile(PREFIX, Optional.empty(), existing, ProgressListener.NONE));
    assertTrue(java.util.Arrays.equals(new byte[] {1, 2, 3}, Files.readAllBytes(existing)));
    Files.delete(existing);
  }
}
