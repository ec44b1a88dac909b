package org.amisdk.storage.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;

/**
 * Makes and reads instance-store bundles in an {@link ObjectStore}.
 *
 * <p>A bundle at prefix {@code p} (itself a valid {@link ObjectKey}, e.g. {@code bundles/web/image})
 * is the parts {@code p.part.00001}, {@code p.part.00002}, … and the manifest
 * {@code p.manifest.json}, written last: without its manifest a bundle does not exist. Bundling
 * compresses chunks of the image on several threads, cuts the compressed stream into parts,
 * encrypts each part when asked, and stores a few parts at a time, so memory stays bounded
 * whatever the image's size. Unbundling streams the parts back in order, checks each part's
 * digest and tag, and the whole image's size and digest; every failure of that kind is an
 * {@link InvalidBundleException}.
 *
 * <p>Bundles larger than {@link BundleManifest#INSTANCE_STORE_ROOT_LIMIT} can be made; it is the
 * control plane that refuses to register them.
 */
public interface BundleStore {

  /** Bundles kept in {@code store}. */
  static BundleStore on(ObjectStore store) {
    return new DefaultBundleStore(store);
  }

  /**
   * Bundles {@code image} at {@code prefix}. On failure or cancellation the parts already stored
   * are deleted and no manifest is written.
   *
   * @throws IllegalStateException if a bundle already exists at {@code prefix}
   * @throws IOException if the image delivers fewer or more bytes than its size, or the store fails
   * @throws org.amisdk.storage.OperationCancelledException if {@code progress} cancelled
   */
  BundleManifest bundle(RawImageSource image, ObjectKey prefix, BundleOptions options, ProgressListener progress)
      throws IOException;

  /**
   * Reads and checks the manifest of the bundle at {@code prefix}.
   *
   * @throws org.amisdk.storage.object.NoSuchObjectException if there is no bundle there
   * @throws InvalidBundleException if the manifest is malformed or inconsistent
   */
  BundleManifest manifest(ObjectKey prefix) throws IOException;

  /**
   * Writes the image of the bundle at {@code prefix} to {@code out}. When this throws,
   * {@code out} may hold part of the image: discard it (or use {@link #unbundleToFile}). The
   * writes come, in order, from a writer thread, and none after this returns or throws.
   *
   * @param key the wrapping key, required for an encrypted bundle
   * @throws IllegalArgumentException if the bundle is encrypted and no key is given
   * @throws InvalidBundleException if any check fails
   */
  BundleManifest unbundle(ObjectKey prefix, Optional<SecretKey> key, OutputStream out, ProgressListener progress)
      throws IOException;

  /**
   * Writes the image of the bundle at {@code prefix} to the file {@code target}, which appears,
   * durably, only once every check has passed; on failure no file is left at {@code target}
   * (an existing one is left as it was).
   */
  BundleManifest unbundleToFile(ObjectKey prefix, Optional<SecretKey> key, Path target, ProgressListener progress)
      throws IOException;

  /**
   * Deletes the bundle at {@code prefix}: its manifest first, so it stops being a bundle at once,
   * then its parts.
   *
   * @return whether there was a manifest
   */
  boolean delete(ObjectKey prefix) throws IOException;
}
