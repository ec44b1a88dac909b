package org.amisdk.cloud;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.RootDeviceType;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockVolume;
import org.amisdk.storage.block.BlockVolumeId;
import org.amisdk.storage.bundle.BundleManifest;
import org.amisdk.storage.bundle.InvalidBundleException;
import org.amisdk.storage.object.NoSuchObjectException;
import org.amisdk.storage.object.ObjectKey;

/** Instance-store images: registration from a bundle in the cloud's object store, and the
 * unpacking of a bundle into the instance-store roots of launched instances. */
final class Bundles extends SessionArea {
  Bundles(Session session) {
    super(session);
  }

  private static final String MANIFEST_SUFFIX = ".manifest.json";

  private static final java.util.Set<String> INSTANCE_STORE_ROOT_FAMILIES = java.util.Set.of("c3", "d2", "g2", "i2", "m3", "r3");

  /** RegisterImage of an instance-store image from a bundle in the cloud's object store (EC2 user guide, "Instance store-backed AMIs"). */
  ImageId registerInstanceStoreImage(RegisterImageRequest request) {
    String location = request.imageLocation().get();
    if (location.endsWith(MANIFEST_SUFFIX) && !location.startsWith(caller + "/")) {
      // EC2 requires that the registering account can read the bundle's objects; here a bundle
      // belongs to the account whose id starts its key
      throw Ec2Exception.of(Ec2ErrorCode.AUTH_FAILURE,
          "bundle %s does not belong to account %s: register only bundles stored under %s/", location, caller, caller);
    }
    for (BlockDeviceMapping mapping : request.blockDeviceMappings()) {
      if (mapping instanceof BlockDeviceMapping.Ebs) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING,
            "mapping %s of instance-store image %s is an EBS volume: this local cloud maps instance-store images to ephemeral devices only",
            mapping.deviceName(), request.name());
      }
    }
    return cloud.write(region, state -> {
      Instant now = session.now();
      session.checkNameFree(state, request.name());
      BundleManifest manifest = manifest(location).orElseThrow(() -> Ec2Exception.of(Ec2ErrorCode.INVALID_MANIFEST,
          "manifest %s is not in the object store: bundle the image there first", location));
      if (manifest.exceedsInstanceStoreRootLimit()) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "bundle %s holds an image of %d bytes: an instance-store root is at most 10 GiB",
            location, manifest.imageSize());
      }
      session.beforeChange();
      ImageId id = cloud.newImageId();
      Image image = session.newImage(id, request.name(), now)
          .imageLocation(location)
          .architecture(request.architecture())
          .platformDetails("Linux/UNIX")
          .usageOperation("RunInstances")
          .blockDeviceMappings(request.blockDeviceMappings())
          .description(request.description())
          .rootDeviceName(request.rootDeviceName().orElse("/dev/sda1"))
          .rootDeviceType(RootDeviceType.INSTANCE_STORE)
          .virtualizationType(request.virtualizationType())
          .bootMode(request.bootMode())
          .build();
      state.put(new RegionState.ImageEntry(image, ImmutableSet.of(), session.callerTags(request.tags()),
          now.plus(cloud.timings.imageAvailable()), RegionState.Protection.NONE));
      return id;
    });
  }

  /**
   * The manifest of the bundle at {@code location} ({@code <prefix>.manifest.json}), or empty when
   * the location names no bundle in the object store.
   *
   * @throws Ec2Exception {@code InvalidManifest} when the manifest is malformed or inconsistent
   */
  private Optional<BundleManifest> manifest(String location) {
    if (!location.endsWith(MANIFEST_SUFFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(cloud.bundles.manifest(bundlePrefix(location)));
    } catch (IllegalArgumentException | NoSuchObjectException e) {
      return Optional.empty();
    } catch (InvalidBundleException e) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_MANIFEST, "manifest %s is invalid: %s", location, e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("manifest " + location + " failed to read from the object store", e);
    }
  }

  /**
   * The bundle an instance-store image of {@code image} boots from, read once per launch: empty
   * for an EBS-backed image, or for a seeded instance-store image whose bundle is not here.
   *
   * @throws Ec2Exception when {@code type} cannot boot an instance-store root, or the image's
   *     manifest is no longer in the object store
   */
  Optional<BundleManifest> launchBundle(Image image, InstanceTypes.Type type) {
    if (image.rootDeviceType() == RootDeviceType.EBS) {
      return Optional.empty();
    }
    checkCanBoot(image, type);
    String location = image.imageLocation().orElse("");
    Optional<BundleManifest> manifest = manifest(location);
    if (manifest.isEmpty() && location.endsWith(MANIFEST_SUFFIX)) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_MANIFEST, "manifest %s of image %s is no longer in the object store", location, image.imageId());
    }
    return manifest;
  }

  /** Checks that {@code type} can boot {@code image}: an instance-store root needs a C3, D2, G2, I2, M3 or R3 instance. */
  void checkCanBoot(Image image, InstanceTypes.Type type) {
    if (image.rootDeviceType() == RootDeviceType.EBS) {
      return;
    }
    String family = type.name().substring(0, type.name().indexOf('.'));
    if (!INSTANCE_STORE_ROOT_FAMILIES.contains(family) || type.instanceStoreVolumes() == 0) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
          "instance type %s cannot boot instance-store image %s: only C3, D2, G2, I2, M3 and R3 instances support an instance-store root",
          type.name(), image.imageId());
    }
  }

  /**
   * How long an instance of {@code image} takes to boot: an EBS-backed one fetches only what it
   * boots from; an instance-store one fetches its whole {@code bundle} first. A seeded
   * instance-store image whose bundle is not here boots in the base time.
   */
  Duration bootTime(Image image, Optional<BundleManifest> bundle) {
    if (image.rootDeviceType() == RootDeviceType.EBS) {
      return cloud.timings.ebsBoot();
    }
    return cloud.timings.instanceStoreBoot(bundle.map(BundleManifest::bundledSize).orElse(0L));
  }

  /**
   * The instance-store roots of {@code count} instances of {@code image} (all parts are
   * fetched before boot). The image's bundle ({@code manifest}, as {@link #launchBundle} read it)
   * is unbundled once, every part's digest and tag and the whole image's digest checked, into a
   * scratch stored volume; that is snapshotted, one
   * copy-on-write volume per instance is made from the snapshot, then the scratch volume and
   * snapshot are dropped (the volumes keep the blocks they use). A seeded image whose bundle is not
   * in the object store gets all-zero roots of 10 GiB, the instance-store root limit.
   *
   * @throws Ec2Exception {@code InvalidManifest} when the bundle fails a check or is encrypted
   *     (this local cloud holds no key to decrypt bundles); nothing is left in the block store
   */
  List<BlockVolumeId> unpackInstanceStoreRoots(Image image, Optional<BundleManifest> manifest, int count) {
    String location = image.imageLocation().orElse("");
    List<BlockVolumeId> roots = new ArrayList<>(count);
    try {
      if (manifest.isEmpty()) {
        for (int i = 0; i < count; i++) {
          roots.add(cloud.storage.createVolume(BundleManifest.INSTANCE_STORE_ROOT_LIMIT).id());
        }
        return roots;
      }
      if (manifest.get().encryption().isPresent()) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_MANIFEST, "bundle %s of image %s is encrypted: this local cloud holds no key to decrypt it",
            location, image.imageId());
      }
      BlockVolume scratch = cloud.storage.createVolume(Math.max(1, manifest.get().imageSize()));
      try {
        try (OutputStream out = new VolumeOutputStream(scratch)) {
          cloud.bundles.unbundle(bundlePrefix(location), Optional.empty(), out, ProgressListener.NONE);
        }
        BlockSnapshotId unpacked = cloud.storage.snapshot(scratch.id());
        try {
          cloud.storage.createVolumes(unpacked, count).forEach(v -> roots.add(v.id()));
        } finally {
          cloud.storage.deleteSnapshot(unpacked);
        }
      } finally {
        cloud.storage.deleteVolume(scratch.id());
      }
      return roots;
    } catch (InvalidBundleException e) {
      deleteStoredVolumes(roots, image.imageId());
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_MANIFEST, "bundle %s of image %s failed its check at launch: %s", location, image.imageId(),
          e.getMessage());
    } catch (IOException e) {
      deleteStoredVolumes(roots, image.imageId());
      throw new UncheckedIOException("instance-store roots of image " + image.imageId() + " failed to unpack into the block store", e);
    } catch (RuntimeException e) {
      deleteStoredVolumes(roots, image.imageId());
      throw e;
    }
  }

  /** Deletes stored volumes the catalog never named; one that fails to delete is left to the next opening's sweep. */
  void deleteStoredVolumes(List<BlockVolumeId> volumes, Object concerning) {
    for (BlockVolumeId volume : volumes) {
      Holds.runQuietly(() -> {
        try {
          cloud.storage.deleteVolume(volume);
        } catch (IOException e) {
          throw new UncheckedIOException("stored volume " + volume + " of " + concerning + " failed to delete", e);
        }
      });
    }
  }


  private static ObjectKey bundlePrefix(String location) {
    return ObjectKey.of(location.substring(0, location.length() - MANIFEST_SUFFIX.length()));
  }

  /** Streams an image into a stored volume from its start, flushing every 64 MiB so memory stays bounded. */
  private static final class VolumeOutputStream extends OutputStream {
    private static final long FLUSH_EVERY = 64L << 20;
    private final BlockVolume volume;
    private long position;
    private long unflushed;

    VolumeOutputStream(BlockVolume volume) {
      this.volume = volume;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] source, int offset, int length) throws IOException {
      if (position + length > volume.size()) {
        throw new InvalidBundleException("bundle image is larger than its manifest's size " + volume.size());
      }
      volume.write(position, source, offset, length);
      position += length;
      unflushed += length;
      if (unflushed >= FLUSH_EVERY) {
        volume.flush();
        unflushed = 0;
      }
    }

    @Override
    public void close() throws IOException {
      volume.flush();
    }
  }
}
