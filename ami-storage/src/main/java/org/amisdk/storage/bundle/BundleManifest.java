package org.amisdk.storage.bundle;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a bundle's manifest states: the image's size and digest, how it was compressed and
 * encrypted, and its parts in order. Read from untrusted storage only through
 * {@link BundleStore#manifest}, which validates it.
 *
 * @param version the manifest format version ({@value #VERSION})
 * @param bundleId the bundle's random identity, bound into every encrypted part
 * @param imageSize the raw image's length in bytes
 * @param imageSha256 the raw image's SHA-256, lower-case hex
 * @param compression how the image is compressed
 * @param partSize the length of every part but the last, before encryption
 * @param encryption the wrapped data key, absent for a plain bundle
 * @param parts the parts, numbered 1 to n in order
 */
public record BundleManifest(int version, String bundleId, long imageSize, String imageSha256,
    Compression compression, int partSize, Optional<WrappedKey> encryption, List<BundlePart> parts) {

  /** The manifest format this code writes and reads. */
  public static final int VERSION = 1;

  /** The largest root an instance-store AMI may have: 10 GiB, as EC2's user guide states for instance-store-backed AMIs (see {@code docs/ec2-coverage.md}). */
  public static final long INSTANCE_STORE_ROOT_LIMIT = 10L * 1024 * 1024 * 1024;

  public BundleManifest {
    Objects.requireNonNull(bundleId, "bundleId");
    Objects.requireNonNull(imageSha256, "imageSha256");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(encryption, "encryption");
    parts = List.copyOf(parts);
  }

  /** The sum of the stored parts' lengths. */
  public long bundledSize() {
    return parts.stream().mapToLong(BundlePart::size).sum();
  }

  /** Whether the image is too large for an instance-store root (the control plane refuses it). */
  public boolean exceedsInstanceStoreRootLimit() {
    return imageSize > INSTANCE_STORE_ROOT_LIMIT;
  }

  /**
   * A data key wrapped (AES-256-GCM) under the caller's key; the data key itself is never stored.
   *
   * @param nonce the 12-byte GCM nonce of the wrapping
   * @param wrappedKey the 32-byte data key encrypted, followed by the 16-byte tag
   */
  public record WrappedKey(byte[] nonce, byte[] wrappedKey) {
    public WrappedKey {
      nonce = nonce.clone();
      wrappedKey = wrappedKey.clone();
    }

    @Override
    public byte[] nonce() {
      return nonce.clone();
    }

    @Override
    public byte[] wrappedKey() {
      return wrappedKey.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof WrappedKey other && java.util.Arrays.equals(nonce, other.nonce)
          && java.util.Arrays.equals(wrappedKey, other.wrappedKey);
    }

    @Override
    public int hashCode() {
      return 31 * java.util.Arrays.hashCode(nonce) + java.util.Arrays.hashCode(wrappedKey);
    }

    @Override
    public String toString() {
      return "WrappedKey[" + wrappedKey.length + " bytes]";
    }
  }
}
