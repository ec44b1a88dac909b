package org.amisdk.storage.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;

/**
 * The stepped part encryption and the CTR-plus-recomputed-tag decryption are plain AES-256-GCM:
 * each agrees with the JDK's one-call GCM in both directions, for lengths around the step, and any
 * altered byte, part number or bundle is refused.
 */
class BundleCryptoTest {
  private static final String BUNDLE = "9c0a3f52-bundle";

  private static int length(java.util.SplittableRandom random) {
    int step = BundleCrypto.STEP;
    int[] edges = {0, 1, 15, 16, 17, step - 1, step, step + 1, 3 * step, 3 * step + 5};
    return random.nextBoolean() ? edges[random.nextInt(edges.length)] : random.nextInt(5 * step);
  }

  private static byte[] aad(int number) {
    return ("amisdk-bundle-part/v1/" + BUNDLE + "/" + number).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void encryptPart_isWhatTheJdksGcmDecrypts() {
    Property.check("jdk gcm decrypts encryptPart", 40, random -> {
      SecretKey key = BundleCrypto.newDataKey();
      byte[] plain = new byte[length(random)];
      random.nextBytes(plain);
      int number = 1 + random.nextInt(1000);
      byte[] stored = new byte[plain.length + BundleCrypto.OVERHEAD + random.nextInt(3)];
      int storedLength = BundleCrypto.encryptPart(key, BUNDLE, number, plain, plain.length, stored);
      assertEquals(plain.length + BundleCrypto.OVERHEAD, storedLength);
      Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
      jdk.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, BundleCrypto.NONCE));
      jdk.updateAAD(aad(number));
      assertArrayEquals(plain, jdk.doFinal(stored, BundleCrypto.NONCE, storedLength - BundleCrypto.NONCE));
      assertArrayEquals(plain, BundleCrypto.decryptPart(key, BUNDLE, number, Arrays.copyOf(stored, storedLength), "b"));
    });
  }

  @Test
  void decryptPart_opensTheJdksGcm_andRefusesEveryAlteredByte() {
    Property.check("decryptPart opens jdk gcm, refuses alterations", 40, random -> {
      SecretKey key = BundleCrypto.newDataKey();
      byte[] plain = new byte[length(random)];
      random.nextBytes(plain);
      int number = 1 + random.nextInt(1000);
      byte[] nonce = new byte[BundleCrypto.NONCE];
      random.nextBytes(nonce);
      Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
      jdk.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      jdk.updateAAD(aad(number));
      byte[] sealed = jdk.doFinal(plain);
      byte[] stored = new byte[BundleCrypto.NONCE + sealed.length];
      System.arraycopy(nonce, 0, stored, 0, BundleCrypto.NONCE);
      System.arraycopy(sealed, 0, stored, BundleCrypto.NONCE, sealed.length);
      assertArrayEquals(plain, BundleCrypto.decryptPart(key, BUNDLE, number, stored, "b"));

      byte[] altered = stored.clone();
      altered[random.nextInt(altered.length)] ^= (byte) (1 << random.nextInt(8));
      assertThrows(InvalidBundleException.class, () -> BundleCrypto.decryptPart(key, BUNDLE, number, altered, "b"));
      assertThrows(InvalidBundleException.class, () -> BundleCrypto.decryptPart(key, BUNDLE, number + 1, stored, "b"));
      assertThrows(InvalidBundleException.class,
          () -> BundleCrypto.decryptPart(key, BUNDLE + "x", number, stored, "b"));
      assertThrows(InvalidBundleException.class,
          () -> BundleCrypto.decryptPart(BundleCrypto.newDataKey(), BUNDLE, number, stored, "b"));
    });
  }
}
