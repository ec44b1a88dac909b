package org.amisdk.storage.bundle;

import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * How to bundle: compression, encryption, part size and parallelism. Start from
 * {@link #defaults()} (gzip, no encryption, 10 MiB parts, all cores) and change with the
 * {@code with} methods.
 *
 * @param compression gzip or zstd
 * @param wrappingKey the caller's AES-256 key that wraps each bundle's random data key; absent
 *     for a plain bundle
 * @param partSize the length of each part before encryption, 1 KiB to 256 MiB
 * @param threads how many threads compress and store parts, 1 to 256
 */
public record BundleOptions(Compression compression, Optional<SecretKey> wrappingKey, int partSize, int threads) {

  /** EC2's part size: 10 MiB. */
  public static final int DEFAULT_PART_SIZE = 10 * 1024 * 1024;

  /** The largest part size accepted, here and in manifests. */
  public static final int MAX_PART_SIZE = 256 * 1024 * 1024;

  public BundleOptions {
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(wrappingKey, "wrappingKey");
    if (partSize < 1024 || partSize > MAX_PART_SIZE) {
      throw new IllegalArgumentException("bundle part size " + partSize + " is not 1 KiB to 256 MiB");
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("bundle thread count " + threads + " is not 1 to 256");
    }
    wrappingKey.ifPresent(BundleCrypto::checkWrappingKey);
  }

  /** gzip, no encryption, 10 MiB parts, one thread per core. */
  public static BundleOptions defaults() {
    return new BundleOptions(Compression.GZIP, Optional.empty(), DEFAULT_PART_SIZE,
        Runtime.getRuntime().availableProcessors());
  }

  public BundleOptions withCompression(Compression compression) {
    return new BundleOptions(compression, wrappingKey, partSize, threads);
  }

  /** Encrypts the bundle under a random data key wrapped by {@code key} (AES, 256 bits). */
  public BundleOptions withEncryption(SecretKey key) {
    return new BundleOptions(compression, Optional.of(key), partSize, threads);
  }

  public BundleOptions withPartSize(int partSize) {
    return new BundleOptions(compression, wrappingKey, partSize, threads);
  }

  public BundleOptions withThreads(int threads) {
    return new BundleOptions(compression, wrappingKey, partSize, threads);
  }
}
