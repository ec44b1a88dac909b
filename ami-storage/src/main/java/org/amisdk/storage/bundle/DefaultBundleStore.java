package org.amisdk.storage.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.io.DurableFiles;
import org.amisdk.storage.io.RawImageFile;
import org.amisdk.storage.object.NoSuchObjectException;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;

/** {@link BundleStore#on}: bundling in {@link BundleWriter}, unbundling in {@link BundleReader}. */
final class DefaultBundleStore implements BundleStore {
  private final ObjectStore store;

  DefaultBundleStore(ObjectStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public BundleManifest bundle(RawImageSource image, ObjectKey prefix, BundleOptions options, ProgressListener progress)
      throws IOException {
    ObjectKey manifestKey = ObjectKey.of(ManifestCodec.manifestKey(prefix));
    if (exists(manifestKey)) {
      throw new IllegalStateException("bundle " + prefix + " already exists; delete it before bundling again");
    }
    return new BundleWriter(store, prefix, options, progress).write(image);
  }

  private boolean exists(ObjectKey key) throws IOException {
    try {
      store.head(key);
      return true;
    } catch (NoSuchObjectException e) {
      return false;
    }
  }

  @Override
  public BundleManifest manifest(ObjectKey prefix) throws IOException {
    return BundleReader.manifest(store, prefix);
  }

  @Override
  public BundleManifest unbundle(ObjectKey prefix, Optional<SecretKey> key, OutputStream out, ProgressListener progress)
      throws IOException {
    return BundleReader.read(store, prefix, key, (chunk, length) -> out.write(chunk, 0, length), progress);
  }

  @Override
  public BundleManifest unbundleToFile(ObjectKey prefix, Optional<SecretKey> key, Path target, ProgressListener progress)
      throws IOException {
    Path temp = DurableFiles.temporaryFileFor(target);
    try {
      BundleManifest manifest;
      try (RawImageFile file = RawImageFile.create(temp, true)) {
        manifest = BundleReader.read(store, prefix, key, new ImageFileSink(file), progress);
        file.finish(manifest.imageSize());
      }
      DurableFiles.publish(temp, target);
      return manifest;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public boolean delete(ObjectKey prefix) throws IOException {
    boolean existed = store.delete(ObjectKey.of(ManifestCodec.manifestKey(prefix)));
    for (ObjectInfo part : store.listAll(ManifestCodec.partKeyPrefix(prefix))) {
      store.delete(part.key());
    }
    return existed;
  }
}
