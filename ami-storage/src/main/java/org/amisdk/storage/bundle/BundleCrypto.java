package org.amisdk.storage.bundle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
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
  /** The bytes given to the cipher per call. */
  static final int STEP = 4096;
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

  /**
   * Encrypts {@code length} bytes of {@code plain} as part {@code number} into {@code out} (at least
   * {@code length + OVERHEAD} bytes): nonce, ciphertext, tag; returns the stored length. The cipher
   * is fed {@value #STEP}-byte updates: the JDK's AES-GCM reaches its AES-NI speed only once the JIT
   * has compiled its intrinsics, which it does after many calls, not after many bytes, so one call
   * per 10 MiB part would run the slow Java fallback (about 40 MiB/s instead of about 1.4 GiB/s).
   */
  static int encryptPart(SecretKey dataKey, String bundleId, int number, byte[] plain, int length, byte[] out) {
    byte[] nonce = nonce();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG * 8, nonce));
      cipher.updateAAD(partAad(bundleId, number));
      System.arraycopy(nonce, 0, out, 0, NONCE);
      return NONCE + feed(cipher, plain, 0, length, out, NONCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is unavailable in this JDK", e);
    }
  }

  /** Runs {@code cipher} over {@code length} bytes in steps of {@value #STEP}, then finishes it; returns what it wrote. */
  private static int feed(Cipher cipher, byte[] in, int offset, int length, byte[] out, int outOffset)
      throws GeneralSecurityException {
    int done = 0;
    int written = 0;
    while (length - done > STEP) {
      written += cipher.update(in, offset + done, STEP, out, outOffset + written);
      done += STEP;
    }
    return written + cipher.doFinal(in, offset + done, length - done, out, outOffset + written);
  }

  /**
   * Decrypts a stored part, checking its tag before returning any of it. AES-GCM's keystream is
   * AES-CTR from the counter block after the nonce's first, so the part is deciphered with AES-CTR
   * in steps, and its tag recomputed by enciphering the result again with AES-GCM (into a small
   * scratch buffer) and compared in constant time: the JDK's own GCM decryption takes the whole part
   * in one call and runs at the speed of its Java fallback (see {@link #encryptPart}). The counters
   * agree while the low 32 bits do not wrap, which takes 64 GiB, far above the largest part.
   */
  static byte[] decryptPart(SecretKey dataKey, String bundleId, int number, byte[] stored, String bundle)
      throws InvalidBundleException {
    if (stored.length < OVERHEAD) {
      throw new InvalidBundleException("part " + number + " of bundle " + bundle + " is shorter than a nonce and tag");
    }
    int length = stored.length - OVERHEAD;
    try {
      byte[] counter = new byte[16];
      System.arraycopy(stored, 0, counter, 0, NONCE);
      counter[15] = 2;
      Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(Cipher.DECRYPT_MODE, dataKey, new IvParameterSpec(counter));
      byte[] plain = new byte[length];
      feed(ctr, stored, NONCE, length, plain, 0);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG * 8, stored, 0, NONCE));
      gcm.updateAAD(partAad(bundleId, number));
      byte[] scratch = new byte[STEP + TAG];
      int done = 0;
      while (length - done > STEP) {
        gcm.update(plain, done, STEP, scratch, 0);
        done += STEP;
      }
      int last = gcm.doFinal(plain, done, length - done, scratch, 0);
      if (!MessageDigest.isEqual(Arrays.copyOfRange(scratch, last - TAG, last),
          Arrays.copyOfRange(stored, stored.length - TAG, stored.length))) {
        throw new InvalidBundleException("part " + number + " of bundle " + bundle
            + " fails authentication: it was altered, moved from another bundle or position, or the key is wrong");
      }
      return plain;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CTR and AES-256-GCM are unavailable in this JDK", e);
    }
  }

  private static byte[] nonce() {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    return nonce;
  }
}
