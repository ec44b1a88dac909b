package org.amisdk.storage.bundle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bundle's cryptography: AES-256-GCM parts under a random data key, the data key wrapped by
 * AES-256-GCM under the caller's key.
 *
 * <p>A stored part is a fresh 12-byte random nonce, the ciphertext and the 16-byte tag; its
 * associated data binds the bundle's identity and the part's number, so parts cannot be swapped,
 * reordered or moved between bundles. The wrapping's associated data binds the manifest's facts
 * (identity, compression, image size and digest, part size and count), so a manifest altered to
 * truncate or relabel the bundle no longer opens.
 */
final class BundleCrypto {
  static final int NONCE = 12;
  static final int TAG = 16;
  /** What encryption adds to each part. */
  static final int OVERHEAD = NONCE + TAG;
  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private BundleCrypto() {}

  static void checkWrappingKey(SecretKey key) {
    byte[] encoded = key.getEncoded();
    if (!"AES".equalsIgnoreCase(key.getAlgorithm()) || encoded == null || encoded.length != KEY_BYTES) {
      throw new IllegalArgumentException("bundle wrapping key must be a 256-bit AES key, not "
          + key.getAlgorithm() + " of " + (encoded == null ? "unknown" : encoded.length * 8) + " bits");
    }
  }

  static SecretKey newDataKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return new SecretKeySpec(key, "AES");
  }

  static byte[] keyAad(BundleManifest m) {
    return ("amisdk-bundle-key/v1/" + m.bundleId() + "/" + m.compression().manifestName() + "/"
        + m.imageSize() + "/" + m.imageSha256() + "/" + m.partSize() + "/" + m.parts().size())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] partAad(String bundleId, int number) {
    return ("amisdk-bundle-part/v1/" + bundleId + "/" + number).getBytes(StandardCharsets.UTF_8);
  }

  static BundleManifest.WrappedKey wrap(SecretKey wrappingKey, SecretKey dataKey, byte[] aad) {
    byte[] nonce = nonce();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG * 8, nonce));
      cipher.updateAAD(aad);
      return new BundleManifest.WrappedKey(nonce, cipher.doFinal(dataKey.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is unavailable in this JDK", e);
    }
  }

  static SecretKey unwrap(SecretKey wrappingKey, BundleManifest manifest, String bundle) throws InvalidBundleException {
    BundleManifest.WrappedKey wrapped = manifest.encryption().orElseThrow();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG * 8, wrapped.nonce()));
      cipher.updateAAD(keyAad(manifest));
      byte[] key = cipher.doFinal(wrapped.wrappedKey());
      if (key.length != KEY_BYTES) {
        throw new InvalidBundleException("bundle " + bundle + " holds a data key of " + key.length + " bytes, not 32");
      }
      return new SecretKeySpec(key, "AES");
    } catch (AEADBadTagException e) {
      throw new InvalidBundleException("bundle " + bundle
          + " cannot be opened with the given key: the key is wrong or the manifest was altered", e);
    } catch (GeneralSecurityException e) {
      throw new InvalidBundleException("bundle " + bundle + " has an unusable wrapped key: " + e.getMessage(), e);
    }
  }

  /** Encrypts {@code length} bytes of {@code plain} as part {@code number}: nonce, ciphertext, tag. */
  static byte[] encryptPart(SecretKey dataKey, String bundleId, int number, byte[] plain, int length) {
    byte[] nonce = nonce();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG * 8, nonce));
      cipher.updateAAD(partAad(bundleId, number));
      byte[] out = new byte[NONCE + length + TAG];
      System.arraycopy(nonce, 0, out, 0, NONCE);
      cipher.doFinal(plain, 0, length, out, NONCE);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is unavailable in this JDK", e);
    }
  }

  /** Decrypts a stored part, checking its tag. */
  static byte[] decryptPart(SecretKey dataKey, String bundleId, int number, byte[] stored, String bundle)
      throws InvalidBundleException {
    if (stored.length < OVERHEAD) {
      throw new InvalidBundleException("part " + number + " of bundle " + bundle + " is shorter than a nonce and tag");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(TAG * 8, stored, 0, NONCE));
      cipher.updateAAD(partAad(bundleId, number));
      return cipher.doFinal(stored, NONCE, stored.length - NONCE);
    } catch (AEADBadTagException e) {
      throw new InvalidBundleException("part " + number + " of bundle " + bundle
          + " fails authentication: it was altered, moved from another bundle or position, or the key is wrong", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is unavailable in this JDK", e);
    }
  }

  private static byte[] nonce() {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    return nonce;
  }
}
