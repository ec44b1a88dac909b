package org.amisdk.storage.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import javax.crypto.spec.SecretKeySpec;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;

/** The manifest reader meets arbitrary bytes with a manifest or an InvalidBundleException, nothing else. */
class ManifestCodecTest {
  private static final ObjectKey PREFIX = ObjectKey.of("b/image");

  private static byte[] validManifest(boolean encrypted) throws Exception {
    ObjectStore store = ObjectStore.inMemory();
    byte[] image = new byte[9000];
    new SplittableRandom(9).nextBytes(image);
    BundleOptions options = BundleOptions.defaults().withPartSize(2048);
    if (encrypted) {
      options = options.withEncryption(new SecretKeySpec(new byte[32], "AES"));
    }
    BundleStore.on(store).bundle(RawImageSource.ofBytes(image), PREFIX, options, ProgressListener.NONE);
    return store.readAllBytes(ObjectKey.of("b/image.manifest.json"), 1 << 20);
  }

  @Test
  void writtenManifest_readsBackEqual() throws Exception {
    byte[] json = validManifest(true);
    BundleManifest manifest = ManifestCodec.read(json, PREFIX);
    assertEquals(manifest, ManifestCodec.read(ManifestCodec.write(manifest), PREFIX));
    assertTrue(new String(json, StandardCharsets.UTF_8).contains("\"version\" : 1"));
  }

  @Test
  void mutatedManifests_areReadOrRefusedCleanly() throws Exception {
    byte[] valid = validManifest(false);
    Property.check("mutated manifests are read or refused cleanly", 400, random -> {
      byte[] json = valid.clone();
      int mutations = 1 + random.nextInt(4);
      for (int i = 0; i < mutations; i++) {
        int at = random.nextInt(json.length);
        json[at] = (byte) "0123456789-\"{}[],:x .".charAt(random.nextInt(21));
      }
      readOrRefuse(json);
    });
  }

  private static void readOrRefuse(byte[] json) {
    try {
      BundleManifest manifest = ManifestCodec.read(json, PREFIX);
      assertTrue(manifest.parts().size() >= 1);
      assertTrue(manifest.parts().stream().allMatch(p -> p.key().startsWith("b/image.part.")));
    } catch (InvalidBundleException expected) {
      assertTrue(expected.getMessage().startsWith("manifest of bundle b/image"), expected.getMessage());
    }
  }

  private static InvalidBundleException refused(String json) {
    return org.junit.jupiter.api.Assertions.assertThrows(InvalidBundleException.class,
        () -> ManifestCodec.read(json.getBytes(StandardCharsets.UTF_8), PREFIX));
  }

  @Test
  void aKeyTwiceInOneObject_isRefused() throws Exception {
    String valid = new String(validManifest(false), StandardCharsets.UTF_8);
    String twice = valid.replaceFirst("\"version\" : 1,", "\"version\" : 1, \"version\" : 1,");
    InvalidBundleException e = refused(twice);
    assertTrue(e.getMessage().contains("Duplicate field 'version'"), e.getMessage());
    String twiceInAPart = valid.replaceFirst("\"number\" : 1,", "\"number\" : 1, \"number\" : 2,");
    assertTrue(refused(twiceInAPart).getMessage().contains("Duplicate field 'number'"));
  }

  @Test
  void contentAfterTheClosingBrace_isRefused() throws Exception {
    String valid = new String(validManifest(false), StandardCharsets.UTF_8);
    InvalidBundleException e = refused(valid + " {}");
    assertTrue(e.getMessage().contains("content follows its closing brace"), e.getMessage());
    refused(valid + " x");
    ManifestCodec.read((valid + " \n\t").getBytes(StandardCharsets.UTF_8), PREFIX); // white space is fine
  }

  @Test
  void aPartCountOverTheLimit_isRefusedWhileStreaming_beforeTheRestIsRead() {
    StringBuilder json = new StringBuilder("{\"parts\":[");
    for (int i = 0; i <= ManifestCodec.MAX_PARTS; i++) {
      json.append("{},");
    }
    json.append("{ this is never parsed"); // a tree-building reader would fail here, or run out of memory
    InvalidBundleException e = refused(json.toString());
    assertTrue(e.getMessage().endsWith("it lists more than " + ManifestCodec.MAX_PARTS + " parts"), e.getMessage());
  }

  @Test
  void aManifestEditedUnderItsChecksum_isRefusedAsDamaged_andOneWithoutAChecksumIsStillRead() throws Exception {
    String valid = new String(validManifest(false), StandardCharsets.UTF_8);
    String edited = valid.replaceFirst("\"bundleId\" : \"(.)", "\"bundleId\" : \"" + (valid.contains("\"bundleId\" : \"0") ? "1" : "0"));
    InvalidBundleException e = refused(edited);
    assertTrue(e.getMessage().contains("does not match its content: it is damaged"), e.getMessage());
    String unsealed = valid.replaceFirst(",\\s*\"checksum\" : \"[0-9a-f]{64}\"", "");
    assertEquals(ManifestCodec.read(valid.getBytes(StandardCharsets.UTF_8), PREFIX),
        ManifestCodec.read(unsealed.getBytes(StandardCharsets.UTF_8), PREFIX));
  }
}
