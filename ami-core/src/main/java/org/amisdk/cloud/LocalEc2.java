package org.amisdk.cloud;

import static org.amisdk.cloud.Refusals.refuse;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.amisdk.model.AccountId;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Hypervisor;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.ImageType;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.StorageTier;
import org.amisdk.model.Tag;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.VolumeId;
import org.amisdk.model.VolumeType;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.block.SnapshotInfo;
import org.amisdk.storage.bundle.BundleManifest;
import org.amisdk.storage.bundle.InvalidBundleException;
import org.amisdk.storage.object.NoSuchObjectException;
import org.amisdk.storage.object.ObjectKey;

/**
 * The client: every operation checks the caller's identity, validates everything before it
 * changes anything (so a refusal changes nothing), then applies the change under the region's
 * lock. Storage work that creates comes before the catalog change; storage work that deletes
 * runs after the catalog no longer names it.
 */
final class LocalEc2 implements Ec2 {
  private static final long GIB = 1L << 30;
  private static final int MAX_TAGS = 50;
  private static final int MAX_PENDING_SNAPSHOTS_PER_VOLUME = 5;

  private final CloudImpl cloud;
  private final AccountId caller;
  private final Region region;
  /** What launch and create-volume permissions cover the caller: everyone, its account, its organization and OUs. */
  private final Set<LaunchPermission> principals;

  LocalEc2(CloudImpl cloud, AccountId caller, Region region) {
    this.cloud = cloud;
    this.caller = caller;
    this.region = region;
    this.principals = cloud.principals(caller);
  }

  @Override
  public AccountId account() {
    return caller;
  }

  @Override
  public Region region() {
    return region;
  }

  private Instant now() {
    return cloud.clock.instant();
  }

  // =========================================================================================
  // images

  @Override
  public ImageId registerImage(RegisterImageRequest request) {
    Image.checkName(request.name());
    if (request.imageLocation().isPresent()) {
      return registerInstanceStoreImage(request);
    }
    return cloud.write(region, state -> {
      Instant now = now();
      checkNameFree(state, request.name());
      String root = request.rootDeviceName().orElseThrow(() -> refuse(Ec2Exception.MISSING_PARAMETER,
          "register image %s has no root device name: an EBS-backed image needs RootDeviceName and a mapping for it",
          request.name()));
      if (request.virtualizationType() == VirtualizationType.PARAVIRTUAL
          && (request.enaSupport().orElse(false) || request.sriovNetSupport().isPresent())) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_COMBINATION,
            "register image %s asks for enhanced networking on a paravirtual image: EnaSupport and SriovNetSupport are for hvm only",
            request.name());
      }
      Instant ready = now;
      List<BlockDeviceMapping> mappings = new ArrayList<>();
      boolean rootFromSnapshot = false;
      for (BlockDeviceMapping mapping : request.blockDeviceMappings()) {
        if (mapping instanceof BlockDeviceMapping.Ebs ebs && ebs.ebs().snapshotId().isPresent()) {
          RegionState.SnapshotEntry snapshot = restorableSnapshot(state, ebs.ebs().snapshotId().get());
          if (Views.tier(snapshot, now) == StorageTier.ARCHIVE) {
            throw refuse(Refusals.INCORRECT_STATE, "snapshot %s is archived: restore it before registering an image from it",
                snapshot.snapshot().snapshotId());
          }
          if (ebs.ebs().encrypted().isPresent()) {
            throw refuse(Ec2Exception.INVALID_BLOCK_DEVICE_MAPPING,
                "mapping %s from snapshot %s gives Encrypted: a volume from a snapshot takes the snapshot's encryption, omit it",
                ebs.deviceName(), snapshot.snapshot().snapshotId());
          }
          mappings.add(new BlockDeviceMapping.Ebs(ebs.deviceName(), fromSnapshot(ebs.ebs(), snapshot, ebs.deviceName().equals(root))));
          rootFromSnapshot |= ebs.deviceName().equals(root);
          if (snapshot.completeAt().isAfter(ready)) {
            ready = snapshot.completeAt();
          }
        } else {
          mappings.add(mapping);
        }
      }
      if (!rootFromSnapshot) {
        throw refuse(Ec2Exception.INVALID_BLOCK_DEVICE_MAPPING,
            "root device %s of image %s has no EBS mapping with a snapshot: an EBS-backed image boots from a snapshot",
            root, request.name());
      }
      ImageId id = cloud.newImageId();
      Image image = newImage(id, request.name(), now)
          .architecture(request.architecture())
          .platformDetails("Linux/UNIX")
          .usageOperation("RunInstances")
          .blockDeviceMappings(mappings)
          .description(request.description())
          .enaSupport(request.enaSupport())
          .rootDeviceName(root)
          .rootDeviceType(RootDeviceType.EBS)
          .sriovNetSupport(request.sriovNetSupport())
          .virtualizationType(request.virtualizationType())
          .bootMode(request.bootMode())
          .tpmSupport(request.tpmSupport())
          .imdsSupport(request.imdsSupport())
          .build();
      state.put(new RegionState.ImageEntry(image, ImmutableSet.of(), callerTags(request.tags()),
          ready.plus(cloud.timings.imageAvailable()), RegionState.Protection.NONE));
      return id;
    });
  }

  /** A new pending machine image of the caller, created now, private, located at {@code <owner>/<name>}. */
  private Image.Builder newImage(ImageId id, String name, Instant now) {
    Image.Builder image = Image.builder();
    image.imageId(id)
        .imageLocation(caller + "/" + name)
        .name(name)
        .state(ImageState.PENDING)
        .ownerId(caller)
        .creationDate(now.truncatedTo(ChronoUnit.MILLIS))
        .isPublic(false)
        .imageType(ImageType.MACHINE)
        .hypervisor(Hypervisor.XEN);
    return image;
  }

  private static final String MANIFEST_SUFFIX = ".manifest.json";
  private static final java.util.Set<String> INSTANCE_STORE_ROOT_FAMILIES = java.util.Set.of("c3", "d2", "g2", "i2", "m3", "r3");

  /** RegisterImage of an instance-store image from a bundle in the cloud's object store (section 9). */
  private ImageId registerInstanceStoreImage(RegisterImageRequest request) {
    String location = request.imageLocation().get();
    for (BlockDeviceMapping mapping : request.blockDeviceMappings()) {
      if (mapping instanceof BlockDeviceMapping.Ebs) {
        throw refuse(Ec2Exception.INVALID_BLOCK_DEVICE_MAPPING,
            "mapping %s of instance-store image %s is an EBS volume: this local cloud maps instance-store images to ephemeral devices only",
            mapping.deviceName(), request.name());
      }
    }
    return cloud.write(region, state -> {
      Instant now = now();
      checkNameFree(state, request.name());
      BundleManifest manifest = manifest(location).orElseThrow(() -> refuse(Refusals.INVALID_MANIFEST,
          "manifest %s is not in the object store: bundle the image there first", location));
      if (manifest.exceedsInstanceStoreRootLimit()) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "bundle %s holds an image of %d bytes: an instance-store root is at most 10 GiB",
            location, manifest.imageSize());
      }
      ImageId id = cloud.newImageId();
      Image image = newImage(id, request.name(), now)
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
      state.put(new RegionState.ImageEntry(image, ImmutableSet.of(), callerTags(request.tags()),
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
      throw refuse(Refusals.INVALID_MANIFEST, "manifest %s is invalid: %s", location, e.getMessage());
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
  private Optional<BundleManifest> launchBundle(Image image, InstanceTypes.Type type) {
    if (image.rootDeviceType() == RootDeviceType.EBS) {
      return Optional.empty();
    }
    String family = type.name().substring(0, type.name().indexOf('.'));
    if (!INSTANCE_STORE_ROOT_FAMILIES.contains(family) || type.instanceStoreVolumes() == 0) {
      throw refuse(Ec2Exception.INVALID_PARAMETER_COMBINATION,
          "instance type %s cannot boot instance-store image %s: only C3, D2, G2, I2, M3 and R3 instances support an instance-store root",
          type.name(), image.imageId());
    }
    String location = image.imageLocation().orElse("");
    Optional<BundleManifest> manifest = manifest(location);
    if (manifest.isEmpty() && location.endsWith(MANIFEST_SUFFIX)) {
      throw refuse(Refusals.INVALID_MANIFEST, "manifest %s of image %s is no longer in the object store", location, image.imageId());
    }
    return manifest;
  }

  /**
   * How long an instance of {@code image} takes to boot: an EBS-backed one fetches only what it
   * boots from; an instance-store one fetches its whole {@code bundle} first (section 9). A seeded
   * instance-store image whose bundle is not here boots in the base time.
   */
  private Duration bootTime(Image image, Optional<BundleManifest> bundle) {
    if (image.rootDeviceType() == RootDeviceType.EBS) {
      return cloud.timings.ebsBoot();
    }
    return cloud.timings.instanceStoreBoot(bundle.map(BundleManifest::bundledSize).orElse(0L));
  }

  /**
   * The instance-store roots of {@code count} instances of {@code image} (section 9: all parts are
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
  private List<org.amisdk.storage.block.BlockVolumeId> unpackInstanceStoreRoots(Image image, Optional<BundleManifest> manifest, int count) {
    String location = image.imageLocation().orElse("");
    List<org.amisdk.storage.block.BlockVolumeId> roots = new ArrayList<>(count);
    try {
      if (manifest.isEmpty()) {
        for (int i = 0; i < count; i++) {
          roots.add(cloud.storage.createVolume(BundleManifest.INSTANCE_STORE_ROOT_LIMIT).id());
        }
        return roots;
      }
      if (manifest.get().encryption().isPresent()) {
        throw refuse(Refusals.INVALID_MANIFEST, "bundle %s of image %s is encrypted: this local cloud holds no key to decrypt it",
            location, image.imageId());
      }
      org.amisdk.storage.block.BlockVolume scratch = cloud.storage.createVolume(Math.max(1, manifest.get().imageSize()));
      try {
        try (OutputStream out = new VolumeOutputStream(scratch)) {
          cloud.bundles.unbundle(bundlePrefix(location), Optional.empty(), out, ProgressListener.NONE);
        }
        org.amisdk.storage.block.BlockSnapshotId unpacked = cloud.storage.snapshot(scratch.id());
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
      throw refuse(Refusals.INVALID_MANIFEST, "bundle %s of image %s failed its check at launch: %s", location, image.imageId(),
          e.getMessage());
    } catch (IOException e) {
      deleteStoredVolumes(roots, image.imageId());
      throw new UncheckedIOException("instance-store roots of image " + image.imageId() + " failed to unpack into the block store", e);
    } catch (RuntimeException e) {
      deleteStoredVolumes(roots, image.imageId());
      throw e;
    }
  }

  private void deleteStoredVolumes(List<org.amisdk.storage.block.BlockVolumeId> volumes, Object concerning) {
    for (org.amisdk.storage.block.BlockVolumeId volume : volumes) {
      try {
        cloud.storage.deleteVolume(volume);
      } catch (IOException e) {
        // the catalog never named it: the next opening removes it as an orphan
        throw new UncheckedIOException("stored volume " + volume + " of " + concerning + " failed to delete", e);
      }
    }
  }

  private static ObjectKey bundlePrefix(String location) {
    return ObjectKey.of(location.substring(0, location.length() - MANIFEST_SUFFIX.length()));
  }

  /** Streams an image into a stored volume from its start, flushing every 64 MiB so memory stays bounded. */
  private static final class VolumeOutputStream extends OutputStream {
    private static final long FLUSH_EVERY = 64L << 20;
    private final org.amisdk.storage.block.BlockVolume volume;
    private long position;
    private long unflushed;

    VolumeOutputStream(org.amisdk.storage.block.BlockVolume volume) {
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

  /** The mapping of a volume from {@code snapshot}: the size defaults to, and may not be under, the snapshot's. */
  private static EbsBlockDevice fromSnapshot(EbsBlockDevice asked, RegionState.SnapshotEntry snapshot, boolean root) {
    Snapshot s = snapshot.snapshot();
    int size = asked.volumeSize().orElse(s.volumeSize());
    if (size < s.volumeSize()) {
      throw refuse(Ec2Exception.INVALID_BLOCK_DEVICE_MAPPING, "volume size %d GiB is smaller than snapshot %s (%d GiB)",
          size, s.snapshotId(), s.volumeSize());
    }
    return EbsBlockDevice.builder().from(asked)
        .volumeSize(size)
        .encrypted(s.isEncrypted())
        .kmsKeyId(s.kmsKeyId())
        .deleteOnTermination(asked.deleteOnTermination().orElse(root))
        .build();
  }

  /**
   * How long a full copy, archival or restore of a snapshot takes: its data is not known from the
   * catalog, so an eighth of its volume size (a typical fill) is moved.
   */
  private Duration fullCopyDuration(Snapshot snapshot) {
    return cloud.timings.snapshotDuration((long) snapshot.volumeSize() * GIB / 8);
  }

  /** A pending copy of {@code source} owned by the caller, without tags, in the standard tier. */
  private Snapshot pendingCopy(Snapshot source, SnapshotId id, Instant now, String description, boolean encrypted,
      Optional<String> kmsKeyId) {
    return Snapshot.builder().from(source)
        .snapshotId(id)
        .state(SnapshotState.PENDING)
        .progress(Optional.empty())
        .completionTime(Optional.empty())
        .startTime(now)
        .ownerId(caller)
        .ownerAlias(Optional.empty())
        .description(description)
        .encrypted(encrypted)
        .kmsKeyId(kmsKeyId.isPresent() ? kmsKeyId : source.kmsKeyId())
        .storageTier(StorageTier.STANDARD)
        .restoreExpiryTime(Optional.empty())
        .tags(List.of())
        .build();
  }

  /** Sorts what a describe found by id and cuts the page at {@code max}, with the token of the next one. */
  private static <T, R> R page(List<T> found, int max, java.util.function.Function<T, String> id,
      java.util.function.BiFunction<List<T>, Optional<String>, R> response) {
    found.sort(Comparator.comparing(id));
    if (found.size() > max) {
      List<T> page = found.subList(0, max);
      return response.apply(page, Optional.of(Views.token(id.apply(page.get(max - 1)))));
    }
    return response.apply(found, Optional.empty());
  }

  private static void checkDescriptionLength(String what, Optional<String> description, int max) {
    description.ifPresent(d -> {
      int length = d.codePointCount(0, d.length());
      if (length > max) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "%s description has %d characters: at most %d", what, length, max);
      }
    });
  }

  private void checkNameFree(RegionState state, String name) {
    state.imageNamed(caller, name).ifPresent(other -> {
      throw refuse(Refusals.AMI_NAME_DUPLICATE, "AMI name %s is already in use by AMI %s", name, other.image().imageId());
    });
  }

  @Override
  public DescribeImagesResponse describeImages(DescribeImagesRequest request) {
    List<ImageId> ids = new ArrayList<>();
    for (String text : request.imageIds()) {
      ids.add(ImageId.parse(text)); // the first malformed id is reported
    }
    if (request.maxResults().isPresent()) {
      if (!ids.isEmpty()) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_COMBINATION,
            "describe images gives both MaxResults and ImageIds: page size cannot be combined with image ids");
      }
      int max = request.maxResults().get();
      if (max < 1 || max > 1000) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "MaxResults %d is out of range: it is 1 to 1000", max);
      }
    }
    Predicate<RegionState.ImageEntry> owners = ownersPredicate(request.owners());
    Predicate<RegionState.ImageEntry> executable = executablePredicate(request.executableUsers());
    Views.Matcher<Image> matcher = Views.imageMatcher(request.filters());
    String after = request.nextToken().map(Views::afterToken).orElse("");
    return cloud.read(region, state -> {
      Instant now = now();
      List<RegionState.ImageEntry> candidates = new ArrayList<>();
      boolean byId = !ids.isEmpty();
      if (byId) {
        List<ImageId> missing = new ArrayList<>();
        for (ImageId id : new LinkedHashSet<>(ids)) {
          RegionState.ImageEntry entry = state.images.get(id);
          if (entry == null || !visible(entry)) {
            missing.add(id);
          } else {
            candidates.add(entry);
          }
        }
        if (!missing.isEmpty()) {
          throw Refusals.imagesNotFound(missing);
        }
      } else {
        candidates = nameCandidates(state, request.filters());
      }
      List<Image> found = new ArrayList<>();
      for (RegionState.ImageEntry entry : candidates) {
        Image stored = entry.image();
        if (!visible(entry) || !owners.test(entry) || !executable.test(entry)
            || (!request.includeDisabled() && stored.state() == ImageState.DISABLED)
            || (!byId && !request.includeDeprecated() && !stored.ownerId().equals(caller) && Views.isDeprecated(stored, now))
            || stored.imageId().toString().compareTo(after) <= 0) {
          continue;
        }
        Image view = Views.image(entry, caller, now);
        if (matcher.matches(view)) {
          found.add(view);
        }
      }
      return page(found, request.maxResults().orElse(Integer.MAX_VALUE), i -> i.imageId().toString(), DescribeImagesResponse::new);
    });
  }

  /** With {@code name} filters, only the names in each pattern's literal-prefix range; otherwise every image. */
  private static List<RegionState.ImageEntry> nameCandidates(RegionState state, List<Filter> filters) {
    List<List<Wildcard>> names = Views.namePatterns(filters);
    if (names.isEmpty()) {
      return new ArrayList<>(state.images.values());
    }
    List<RegionState.ImageEntry> candidates = new ArrayList<>();
    Set<ImageId> seen = new HashSet<>();
    for (Wildcard pattern : names.get(0)) {
      String prefix = pattern.literalPrefix();
      var range = pattern.isLiteral()
          ? (state.byName.containsKey(prefix) ? Map.of(prefix, state.byName.get(prefix)) : Map.<String, Object>of())
          : state.byName.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
      for (var named : range.entrySet()) {
        if (pattern.matches(named.getKey())) {
          for (ImageId id : RegionState.ids(named.getValue())) {
            if (seen.add(id)) {
              candidates.add(state.images.get(id));
            }
          }
        }
      }
    }
    return candidates;
  }

  /** Whether the caller sees the image at all: owned, public, or shared with the caller's account. */
  private boolean visible(RegionState.ImageEntry entry) {
    return Views.mayLaunch(caller, principals, entry);
  }

  private Predicate<RegionState.ImageEntry> ownersPredicate(List<String> owners) {
    if (owners.isEmpty()) {
      return entry -> true;
    }
    Set<AccountId> accounts = new HashSet<>();
    Set<String> aliases = new HashSet<>();
    for (String owner : owners) {
      switch (owner) {
        case "self" -> accounts.add(caller);
        case "amazon", "aws-marketplace", "aws-backup-vault" -> aliases.add(owner);
        default -> accounts.add(AccountId.parse(owner));
      }
    }
    return entry -> accounts.contains(entry.image().ownerId())
        || entry.image().imageOwnerAlias().map(aliases::contains).orElse(false);
  }

  private Predicate<RegionState.ImageEntry> executablePredicate(List<String> users) {
    if (users.isEmpty()) {
      return entry -> true;
    }
    Set<LaunchPermission> wanted = new HashSet<>();
    for (String user : users) {
      switch (user) {
        case "self" -> principals.stream().filter(p -> p != LaunchPermission.EVERYONE).forEach(wanted::add);
        case "all" -> wanted.add(LaunchPermission.EVERYONE);
        default -> wanted.add(new LaunchPermission.Account(AccountId.parse(user)));
      }
    }
    return entry -> entry.permissions().stream().anyMatch(wanted::contains);
  }

  /** The image, which the caller must see; absent or invisible images are not found. */
  private RegionState.ImageEntry visibleImage(RegionState state, ImageId id) {
    RegionState.ImageEntry entry = state.images.get(id);
    if (entry == null || !visible(entry)) {
      throw Refusals.imagesNotFound(List.of(id));
    }
    return entry;
  }

  /** The image, which the caller must own. */
  private RegionState.ImageEntry ownedImage(RegionState state, ImageId id, String action) {
    RegionState.ImageEntry entry = visibleImage(state, id);
    if (!entry.image().ownerId().equals(caller)) {
      throw Refusals.notOwner("image", id, action);
    }
    return entry;
  }

  @Override
  public List<DeleteSnapshotResult> deregisterImage(DeregisterImageRequest request) {
    ImageId id = ImageId.parse(request.imageId());
    return cloud.write(region, state -> {
      RegionState.ImageEntry entry = ownedImage(state, id, "deregister");
      Instant now = now();
      if (entry.protection().protects(now)) {
        throw refuse(Refusals.OPERATION_NOT_PERMITTED,
            "image %s has deregistration protection (%s): disable it, and wait out any cooldown, before deregistering",
            id, entry.protection().wireValue(now));
      }
      state.remove(id);
      List<DeleteSnapshotResult> results = new ArrayList<>();
      if (request.deleteAssociatedSnapshots()) {
        for (SnapshotId snapshotId : new LinkedHashSet<>(entry.snapshotIds())) {
          RegionState.SnapshotEntry snapshot = state.snapshots.get(snapshotId);
          String code;
          if (snapshot == null) {
            code = "client-error";
          } else if (!snapshot.snapshot().ownerId().equals(caller)) {
            code = "missing-permissions";
          } else if (state.imagesBySnapshot.containsKey(snapshotId)) {
            code = DeleteSnapshotResult.SKIPPED;
          } else {
            removeSnapshot(state, snapshot);
            code = DeleteSnapshotResult.SUCCESS;
          }
          results.add(new DeleteSnapshotResult(snapshotId, code));
        }
      }
      return results;
    });
  }

  @Override
  public ImageAttribute describeImageAttribute(String imageId, ImageAttributeName attribute) {
    ImageId id = ImageId.parse(imageId);
    return cloud.read(region, state -> {
      RegionState.ImageEntry entry = visibleImage(state, id);
      if (attribute == ImageAttributeName.BLOCK_DEVICE_MAPPING) {
        throw refuse(Refusals.AUTH_FAILURE, "Unauthorized attempt to access restricted resource");
      }
      boolean owner = entry.image().ownerId().equals(caller);
      if (!owner && attribute != ImageAttributeName.DESCRIPTION) {
        throw Refusals.notOwner("image", id, "read attribute " + attribute.wireValue() + " of");
      }
      Image image = Views.image(entry, caller, now());
      return new ImageAttribute(id,
          attribute == ImageAttributeName.LAUNCH_PERMISSION ? List.copyOf(entry.permissions()) : List.of(),
          attribute == ImageAttributeName.DESCRIPTION ? image.description() : Optional.empty(),
          attribute == ImageAttributeName.IMDS_SUPPORT ? image.imdsSupport() : Optional.empty(),
          attribute == ImageAttributeName.LAST_LAUNCHED_TIME ? image.lastLaunchedTime() : Optional.empty(),
          attribute == ImageAttributeName.DEREGISTRATION_PROTECTION
              ? Optional.of(image.deregistrationProtection().orElse("disabled")) : Optional.empty());
    });
  }

  @Override
  public void modifyImageAttribute(ModifyImageAttributeRequest request) {
    ImageId id = ImageId.parse(request.imageId());
    boolean permissions = !request.launchPermissionAdd().isEmpty() || !request.launchPermissionRemove().isEmpty();
    int attributes = (permissions ? 1 : 0) + (request.description().isPresent() ? 1 : 0) + (request.imdsSupport().isPresent() ? 1 : 0);
    if (attributes != 1) {
      throw refuse(attributes == 0 ? Ec2Exception.MISSING_PARAMETER : Ec2Exception.INVALID_PARAMETER_COMBINATION,
          "modify image attribute of %s names %d attributes: one call changes exactly one of launchPermission, description and imdsSupport",
          id, attributes);
    }
    checkDescriptionLength("image " + id, request.description(), Image.MAX_DESCRIPTION_LENGTH);
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = ownedImage(state, id, "modify");
      Image image = entry.image();
      if (request.description().isPresent()) {
        state.put(entry.withImage(Image.builder().from(image).description(request.description()).build()));
      } else if (request.imdsSupport().isPresent()) {
        state.put(entry.withImage(Image.builder().from(image).imdsSupport(request.imdsSupport()).build()));
      } else {
        Set<LaunchPermission> next = new LinkedHashSet<>(entry.permissions());
        next.removeAll(request.launchPermissionRemove());
        List<LaunchPermission> added = request.launchPermissionAdd();
        if (!added.isEmpty() && image.state() == ImageState.DISABLED) {
          throw refuse(Refusals.OPERATION_NOT_PERMITTED, "image %s is disabled: a disabled image cannot be shared", id);
        }
        if (added.contains(LaunchPermission.EVERYONE) && !entry.permissions().contains(LaunchPermission.EVERYONE)) {
          checkMayBePublic(state, entry);
        }
        next.addAll(added);
        ImmutableSet<LaunchPermission> permissionsAfter = ImmutableSet.copyOf(next);
        state.put(entry.withPermissions(permissionsAfter)
            .withImage(Image.builder().from(image).isPublic(permissionsAfter.contains(LaunchPermission.EVERYONE)).build()));
      }
      return null;
    });
  }

  /** Section 5: no public images with encrypted snapshots or product codes, nor while block public access is on. */
  private void checkMayBePublic(RegionState state, RegionState.ImageEntry entry) {
    Image image = entry.image();
    boolean encrypted = image.blockDeviceMappings().stream().anyMatch(m -> m instanceof BlockDeviceMapping.Ebs ebs
        && (ebs.ebs().encrypted().orElse(false)
            || ebs.ebs().snapshotId().map(state.snapshots::get).map(s -> s.snapshot().isEncrypted()).orElse(false)));
    if (encrypted) {
      throw refuse(Refusals.UNSUPPORTED_OPERATION, "Encrypted snapshots can't be shared publicly. Specify another snapshot.");
    }
    if (!image.productCodes().isEmpty()) {
      throw refuse(Refusals.UNSUPPORTED_OPERATION,
          "image %s has product codes: an image with product codes cannot be made public", image.imageId());
    }
    if (state.blockPublicAccess.contains(caller)) {
      throw refuse(Refusals.OPERATION_NOT_PERMITTED, Refusals.BLOCK_PUBLIC_ACCESS_MESSAGE);
    }
  }

  @Override
  public void resetImageAttribute(String imageId, ImageAttributeName attribute) {
    ImageId id = ImageId.parse(imageId);
    if (attribute != ImageAttributeName.LAUNCH_PERMISSION) {
      throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE,
          "reset image attribute %s of %s is refused: only launchPermission can be reset", attribute.wireValue(), id);
    }
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = ownedImage(state, id, "reset");
      state.put(entry.withPermissions(ImmutableSet.of()).withImage(Image.builder().from(entry.image()).isPublic(false).build()));
      return null;
    });
  }

  @Override
  public void enableImageDeprecation(String imageId, Instant deprecateAt) {
    ImageId id = ImageId.parse(imageId);
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = ownedImage(state, id, "deprecate");
      Instant now = now();
      Instant at = Instant.ofEpochSecond(Math.round(deprecateAt.getEpochSecond() / 60.0) * 60);
      if (deprecateAt.isBefore(now.truncatedTo(ChronoUnit.MINUTES))) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "deprecation time %s of image %s is in the past: it must not be before %s",
            deprecateAt, id, now);
      }
      Instant limit = entry.image().isPublic()
          ? entry.image().creationDate().orElse(now).atZone(java.time.ZoneOffset.UTC).plusYears(2).toInstant()
          : now.atZone(java.time.ZoneOffset.UTC).plusYears(10).toInstant();
      if (at.isAfter(limit)) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE,
            "deprecation time %s of image %s is too late: at most %s (10 years from now; 2 years from creation for public images)",
            at, id, limit);
      }
      state.put(entry.withImage(Image.builder().from(entry.image()).deprecationTime(at).build()));
      return null;
    });
  }

  @Override
  public void disableImageDeprecation(String imageId) {
    ImageId id = ImageId.parse(imageId);
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = ownedImage(state, id, "cancel the deprecation of");
      state.put(entry.withImage(Image.builder().from(entry.image()).deprecationTime(Optional.empty()).build()));
      return null;
    });
  }

  @Override
  public void disableImage(String imageId) {
    ImageId id = ImageId.parse(imageId);
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = ownedImage(state, id, "disable");
      ImageState current = Views.imageState(entry, now());
      if (current != ImageState.AVAILABLE) {
        throw refuse(Refusals.INCORRECT_STATE, "cannot disable %s: it is %s, only an available image can be disabled",
            id, current.wireValue());
      }
      state.put(entry.withPermissions(ImmutableSet.of())
          .withImage(Image.builder().from(entry.image()).state(ImageState.DISABLED).isPublic(false).build()));
      return null;
    });
  }

  @Override
  public void enableImage(String imageId) {
    ImageId id = ImageId.parse(imageId);
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = ownedImage(state, id, "enable");
      if (entry.image().state() != ImageState.DISABLED) {
        throw refuse(Refusals.INCORRECT_STATE, "cannot enable %s: it is %s, only a disabled image can be enabled",
            id, Views.imageState(entry, now()).wireValue());
      }
      state.put(entry.withImage(Image.builder().from(entry.image()).state(ImageState.AVAILABLE).build()));
      return null;
    });
  }

  @Override
  public void enableImageDeregistrationProtection(String imageId, boolean withCooldown) {
    ImageId id = ImageId.parse(imageId);
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = ownedImage(state, id, "protect");
      state.put(entry.withProtection(new RegionState.Protection(true, withCooldown, Optional.empty())));
      return null;
    });
  }

  @Override
  public void disableImageDeregistrationProtection(String imageId) {
    ImageId id = ImageId.parse(imageId);
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = ownedImage(state, id, "unprotect");
      RegionState.Protection protection = entry.protection();
      state.put(entry.withProtection(protection.enabled() && protection.cooldown()
          ? new RegionState.Protection(false, false, Optional.of(now().plus(Duration.ofHours(24))))
          : RegionState.Protection.NONE));
      return null;
    });
  }

  @Override
  public void enableImageBlockPublicAccess() {
    cloud.write(region, state -> {
      state.blockPublicAccess(caller, true);
      return null;
    });
  }

  @Override
  public void disableImageBlockPublicAccess() {
    cloud.write(region, state -> {
      state.blockPublicAccess(caller, false);
      return null;
    });
  }

  @Override
  public String getImageBlockPublicAccessState() {
    return cloud.read(region, state -> state.blockPublicAccess.contains(caller) ? "block-new-sharing" : "unblocked");
  }

  @Override
  public void createTags(List<String> resources, List<Tag> tags) {
    for (Tag tag : tags) {
      if (tag.isReserved()) {
        throw refuse(Ec2Exception.INVALID_TAG_KEY_MALFORMED,
            "tag key \"%s\" is reserved: keys starting with aws: are set by AWS only", tag.key());
      }
    }
    retag(resources, existing -> {
      Map<String, Tag> byKey = new LinkedHashMap<>();
      existing.forEach(t -> byKey.put(t.key(), t));
      tags.forEach(t -> byKey.put(t.key(), t));
      long user = byKey.values().stream().filter(t -> !t.isReserved()).count();
      if (user > MAX_TAGS) {
        throw refuse(Ec2Exception.TAG_LIMIT_EXCEEDED, "resource would have %d tags: at most 50 user tags per resource", user);
      }
      return ImmutableList.copyOf(byKey.values());
    });
  }

  @Override
  public void deleteTags(List<String> resources, List<String> keys) {
    for (String key : keys) {
      if (key.startsWith(Tag.RESERVED_PREFIX)) {
        throw refuse(Ec2Exception.INVALID_TAG_KEY_MALFORMED,
            "tag key \"%s\" is reserved: keys starting with aws: are set by AWS only", key);
      }
    }
    retag(resources, existing -> ImmutableList.copyOf(existing.stream().filter(t -> !keys.contains(t.key())).toList()));
  }

  /** Applies {@code change} to the caller's tags on every resource, after checking all of them exist and are visible. */
  private void retag(List<String> resources, java.util.function.Function<List<Tag>, ImmutableList<Tag>> change) {
    cloud.write(region, state -> {
      List<Runnable> updates = new ArrayList<>();
      for (String resource : resources) {
        if (resource.startsWith("ami-")) {
          RegionState.ImageEntry entry = visibleImage(state, ImageId.parse(resource));
          ImmutableMap<AccountId, ImmutableList<Tag>> tags = retagged(entry.tags(), change);
          updates.add(() -> state.put(entry.withTags(tags)));
        } else if (resource.startsWith("snap-")) {
          RegionState.SnapshotEntry entry = restorableSnapshot(state, SnapshotId.parse(resource));
          ImmutableMap<AccountId, ImmutableList<Tag>> tags = retagged(entry.tags(), change);
          updates.add(() -> state.put(entry.withTags(tags)));
        } else if (resource.startsWith("vol-")) {
          RegionState.VolumeEntry entry = ownedVolume(state, VolumeId.parse(resource));
          ImmutableList<Tag> tags = change.apply(entry.tags());
          updates.add(() -> state.put(entry.withTags(tags)));
        } else if (resource.startsWith("i-")) {
          RegionState.InstanceEntry entry = ownedInstance(state, InstanceId.parse(resource));
          ImmutableList<Tag> tags = change.apply(entry.tags());
          updates.add(() -> state.put(entry.withTags(tags)));
        } else {
          throw refuse(Refusals.INVALID_ID, "The ID '%s' is not valid", resource);
        }
      }
      updates.forEach(Runnable::run);
      return null;
    });
  }

  private ImmutableMap<AccountId, ImmutableList<Tag>> retagged(
      ImmutableMap<AccountId, ImmutableList<Tag>> all, java.util.function.Function<List<Tag>, ImmutableList<Tag>> change) {
    ImmutableList<Tag> mine = change.apply(all.getOrDefault(caller, ImmutableList.of()));
    Map<AccountId, ImmutableList<Tag>> next = new LinkedHashMap<>(all);
    if (mine.isEmpty()) {
      next.remove(caller);
    } else {
      next.put(caller, mine);
    }
    return ImmutableMap.copyOf(next);
  }

  private ImmutableMap<AccountId, ImmutableList<Tag>> callerTags(List<Tag> tags) {
    if (tags.isEmpty()) {
      return ImmutableMap.of();
    }
    if (tags.size() > MAX_TAGS) {
      throw refuse(Ec2Exception.TAG_LIMIT_EXCEEDED, "resource would have %d tags: at most 50 user tags per resource", tags.size());
    }
    return ImmutableMap.of(caller, ImmutableList.copyOf(tags));
  }

  @Override
  public ImageId copyImage(CopyImageRequest request) {
    ImageId sourceId = ImageId.parse(request.sourceImageId());
    Image.checkName(request.name());
    if (request.kmsKeyId().isPresent() && !request.encrypted()) {
      throw refuse(Refusals.INVALID_PARAMETER_DEPENDENCY, "copy image %s names KMS key %s without Encrypted: KmsKeyId needs Encrypted true",
          sourceId, request.kmsKeyId().get());
    }
    ImmutableMap<AccountId, ImmutableList<Tag>> snapshotTags = callerTags(request.snapshotTags());
    callerTags(request.imageTags());
    return cloud.write(request.sourceRegion(), region, (from, to) -> {
      Instant now = now();
      RegionState.ImageEntry source = visibleImage(from, sourceId);
      ImageState sourceState = Views.imageState(source, now);
      if (sourceState != ImageState.AVAILABLE) {
        throw refuse(Refusals.AMI_UNAVAILABLE, "image %s is %s: only an available image can be copied", sourceId, sourceState.wireValue());
      }
      if (source.image().rootDeviceType() != RootDeviceType.EBS) {
        throw refuse(Refusals.UNSUPPORTED_OPERATION, "image %s is instance-store-backed: this local cloud copies EBS-backed images only", sourceId);
      }
      checkNameFree(to, request.name());
      ImageId copyId = cloud.newImageId();
      List<BlockDeviceMapping> mappings = new ArrayList<>();
      List<RegionState.SnapshotEntry> copies = new ArrayList<>();
      Instant ready = now;
      for (BlockDeviceMapping mapping : source.image().blockDeviceMappings()) {
        if (!(mapping instanceof BlockDeviceMapping.Ebs ebs) || ebs.ebs().snapshotId().isEmpty()) {
          mappings.add(mapping);
          continue;
        }
        RegionState.SnapshotEntry snapshot = from.snapshots.get(ebs.ebs().snapshotId().get());
        if (snapshot == null || !Views.mayRestore(caller, principals, snapshot)) {
          throw refuse(Refusals.AUTH_FAILURE, "You do not have permission to access the storage of this ami (%s)", sourceId);
        }
        Snapshot s = snapshot.snapshot();
        boolean encrypted = s.isEncrypted() || request.encrypted();
        SnapshotId newId = cloud.newSnapshotId();
        Instant completes = now.plus(fullCopyDuration(s));
        ready = completes.isAfter(ready) ? completes : ready;
        copies.add(new RegionState.SnapshotEntry(pendingCopy(s, newId, now,
            String.format(java.util.Locale.ROOT, "Copied for DestinationAmi %s from SourceAmi %s for SourceSnapshot %s. Task created on %,d.",
                copyId, sourceId, s.snapshotId(), now.toEpochMilli()), encrypted, request.kmsKeyId()),
            completes, snapshot.data(), ImmutableSet.of(), snapshotTags, RegionState.Tier.STANDARD));
        mappings.add(new BlockDeviceMapping.Ebs(ebs.deviceName(), EbsBlockDevice.builder().from(ebs.ebs())
            .snapshotId(newId).encrypted(encrypted)
            .kmsKeyId(request.kmsKeyId().isPresent() ? request.kmsKeyId() : ebs.ebs().kmsKeyId()).build()));
      }
      Image copy = Image.builder().from(source.image())
          .imageId(copyId)
          .imageLocation(caller + "/" + request.name())
          .name(request.name())
          .state(ImageState.PENDING)
          .ownerId(caller)
          .imageOwnerAlias(Optional.empty())
          .creationDate(now.truncatedTo(ChronoUnit.MILLIS))
          .isPublic(false)
          .description(request.description())
          .blockDeviceMappings(mappings)
          .deprecationTime(Optional.empty())
          .lastLaunchedTime(Optional.empty())
          .deregistrationProtection(Optional.empty())
          .sourceInstanceId(Optional.empty())
          .sourceImageId(sourceId)
          .sourceImageRegion(request.sourceRegion())
          .tags(List.of())
          .build();
      for (RegionState.SnapshotEntry snapshot : copies) {
        to.put(snapshot);
        snapshot.data().ifPresent(cloud::retain);
      }
      Map<String, Tag> copiedTags = new LinkedHashMap<>();
      if (request.copyImageTags()) {
        source.tags().getOrDefault(caller, ImmutableList.of()).forEach(t -> copiedTags.put(t.key(), t));
      }
      request.imageTags().forEach(t -> copiedTags.put(t.key(), t));
      ImmutableMap<AccountId, ImmutableList<Tag>> tags = callerTags(List.copyOf(copiedTags.values()));
      to.put(new RegionState.ImageEntry(copy, ImmutableSet.of(), tags, ready.plus(cloud.timings.imageAvailable()),
          RegionState.Protection.NONE));
      return copyId;
    });
  }

  // =========================================================================================
  // snapshots

  /** A snapshot the caller may restore (own, shared or public); otherwise not found. */
  private RegionState.SnapshotEntry restorableSnapshot(RegionState state, SnapshotId id) {
    RegionState.SnapshotEntry entry = state.snapshots.get(id);
    if (entry == null || !Views.mayRestore(caller, principals, entry)) {
      throw Refusals.snapshotNotFound(id);
    }
    return entry;
  }

  private RegionState.SnapshotEntry ownedSnapshot(RegionState state, SnapshotId id, String action) {
    RegionState.SnapshotEntry entry = restorableSnapshot(state, id);
    if (!entry.snapshot().ownerId().equals(caller)) {
      throw Refusals.notOwner("snapshot", id, action);
    }
    return entry;
  }

  @Override
  public Snapshot createSnapshot(CreateSnapshotRequest request) {
    checkDescriptionLength("snapshot", request.description(), Snapshot.MAX_DESCRIPTION_LENGTH);
    return cloud.write(region, state -> {
      Instant now = now();
      RegionState.VolumeEntry volume = ownedVolume(state, request.volumeId());
      long pending = state.snapshots.values().stream()
          .filter(s -> s.snapshot().volumeId().equals(Optional.of(volume.id())) && Views.snapshotState(s, now) == SnapshotState.PENDING)
          .count();
      int limit = volume.type() == VolumeType.ST1 || volume.type() == VolumeType.SC1 ? 1 : MAX_PENDING_SNAPSHOTS_PER_VOLUME;
      if (pending >= limit) {
        throw refuse(Refusals.CONCURRENT_SNAPSHOT_LIMIT,
            "volume %s has %d pending snapshots: at most %d at a time for a %s volume", volume.id(), pending, limit, volume.type().wireValue());
      }
      RegionState.SnapshotEntry entry = snapshotVolume(state, volume, request.description(), callerTags(request.tags()), now);
      return Views.snapshot(entry, caller, now);
    });
  }

  /** Snapshots a volume through the block store (only the blocks changed since its base are stored) and records it. */
  private RegionState.SnapshotEntry snapshotVolume(RegionState state, RegionState.VolumeEntry volume, Optional<String> description,
      ImmutableMap<AccountId, ImmutableList<Tag>> tags, Instant now) {
    org.amisdk.storage.block.BlockSnapshotId data;
    long added;
    try {
      data = cloud.storage.snapshot(volume.data());
      added = cloud.storage.stats(data).blocksAdded() * BlockStore.BLOCK_SIZE;
    } catch (IOException e) {
      throw new UncheckedIOException("snapshot of volume " + volume.id() + " failed in the block store", e);
    }
    SnapshotId id = cloud.newSnapshotId();
    Snapshot snapshot = Snapshot.builder()
        .snapshotId(id)
        .volumeId(volume.id())
        .state(SnapshotState.PENDING)
        .startTime(now)
        .ownerId(caller)
        .description(description.orElse(""))
        .volumeSize(volume.size())
        .encrypted(volume.encrypted())
        .storageTier(StorageTier.STANDARD)
        .build();
    RegionState.SnapshotEntry entry = new RegionState.SnapshotEntry(snapshot, now.plus(cloud.timings.snapshotDuration(added)),
        Optional.of(data), ImmutableSet.of(), tags, RegionState.Tier.STANDARD);
    state.put(entry);
    cloud.retain(data);
    return entry;
  }

  @Override
  public DescribeSnapshotsResponse describeSnapshots(DescribeSnapshotsRequest request) {
    List<SnapshotId> ids = new ArrayList<>();
    for (String text : request.snapshotIds()) {
      ids.add(SnapshotId.parse(text));
    }
    int max = Integer.MAX_VALUE;
    if (request.maxResults().isPresent()) {
      if (!ids.isEmpty()) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_COMBINATION,
            "describe snapshots gives both MaxResults and SnapshotIds: page size cannot be combined with snapshot ids");
      }
      if (request.maxResults().get() < 5) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "MaxResults %d is out of range: it is 5 to 1000", request.maxResults().get());
      }
      max = Math.min(1000, request.maxResults().get());
    }
    Set<AccountId> owners = new HashSet<>();
    boolean amazon = false;
    for (String owner : request.ownerIds()) {
      switch (owner) {
        case "self" -> owners.add(caller);
        case "amazon" -> amazon = true;
        default -> owners.add(AccountId.parse(owner));
      }
    }
    Set<LaunchPermission> restorable = new HashSet<>();
    boolean restorableBySelf = false;
    for (String user : request.restorableByUserIds()) {
      switch (user) {
        case "self" -> restorableBySelf = true;
        case "all" -> restorable.add(LaunchPermission.EVERYONE);
        default -> restorable.add(new LaunchPermission.Account(AccountId.parse(user)));
      }
    }
    Views.Matcher<Snapshot> matcher = Views.snapshotMatcher(request.filters());
    String after = request.nextToken().map(Views::afterToken).orElse("");
    boolean byAmazon = amazon;
    boolean bySelf = restorableBySelf;
    int pageSize = max;
    return cloud.read(region, state -> {
      Instant now = now();
      for (SnapshotId id : ids) {
        if (!state.snapshots.containsKey(id)) {
          throw Refusals.snapshotNotFound(id);
        }
      }
      var candidates = ids.isEmpty() ? state.snapshots.values() : ids.stream().distinct().map(state.snapshots::get).toList();
      List<Snapshot> found = new ArrayList<>();
      for (RegionState.SnapshotEntry entry : candidates) {
        Snapshot s = entry.snapshot();
        if (!Views.mayRestore(caller, principals, entry) || s.snapshotId().toString().compareTo(after) <= 0) {
          continue;
        }
        if ((!owners.isEmpty() || byAmazon) && !owners.contains(s.ownerId()) && !(byAmazon && s.ownerAlias().equals(Optional.of("amazon")))) {
          continue;
        }
        if ((!restorable.isEmpty() || bySelf) && entry.permissions().stream().noneMatch(restorable::contains)
            && !(bySelf && Views.mayRestore(caller, principals, entry))) {
          continue;
        }
        Snapshot view = Views.snapshot(entry, caller, now);
        if (matcher.matches(view)) {
          found.add(view);
        }
      }
      return page(found, pageSize, s -> s.snapshotId().toString(), DescribeSnapshotsResponse::new);
    });
  }

  @Override
  public void deleteSnapshot(String snapshotId) {
    SnapshotId id = SnapshotId.parse(snapshotId);
    cloud.write(region, state -> {
      RegionState.SnapshotEntry entry = ownedSnapshot(state, id, "delete");
      Set<ImageId> users = state.imagesBySnapshot.get(id);
      if (users != null && !users.isEmpty()) {
        throw refuse(Refusals.SNAPSHOT_IN_USE, "The snapshot %s is currently in use by %s",
            id, users.stream().map(Object::toString).sorted().findFirst().get());
      }
      removeSnapshot(state, entry);
      return null;
    });
  }

  private void removeSnapshot(RegionState state, RegionState.SnapshotEntry entry) {
    state.remove(entry.snapshot().snapshotId());
    entry.data().ifPresent(data -> cloud.releaseAfterCommit(state, data, entry.snapshot().snapshotId()));
  }

  @Override
  public SnapshotId copySnapshot(CopySnapshotRequest request) {
    SnapshotId sourceId = SnapshotId.parse(request.sourceSnapshotId());
    if (request.kmsKeyId().isPresent() && !request.encrypted()) {
      throw refuse(Refusals.INVALID_PARAMETER_DEPENDENCY, "copy snapshot %s names KMS key %s without Encrypted: KmsKeyId needs Encrypted true",
          sourceId, request.kmsKeyId().get());
    }
    return cloud.write(request.sourceRegion(), region, (from, to) -> {
      Instant now = now();
      RegionState.SnapshotEntry source = restorableSnapshot(from, sourceId);
      SnapshotState sourceState = Views.snapshotState(source, now);
      if (sourceState != SnapshotState.COMPLETED) {
        throw refuse(Refusals.INCORRECT_STATE, "cannot copy snapshot %s: it is %s, only a completed snapshot can be copied",
            sourceId, sourceState.wireValue());
      }
      if (Views.tier(source, now) == StorageTier.ARCHIVE) {
        throw refuse(Refusals.INCORRECT_STATE, "cannot copy snapshot %s: it is archived, restore it first", sourceId);
      }
      Snapshot s = source.snapshot();
      SnapshotId id = cloud.newSnapshotId();
      boolean encrypted = s.isEncrypted() || request.encrypted();
      Snapshot copy = pendingCopy(s, id, now, request.description().orElse("[Copied " + sourceId + " from " + request.sourceRegion() + "]"),
          encrypted, request.kmsKeyId());
      Instant completes = now.plus(fullCopyDuration(s));
      to.put(new RegionState.SnapshotEntry(copy, completes, source.data(), ImmutableSet.of(), ImmutableMap.of(),
          RegionState.Tier.STANDARD));
      source.data().ifPresent(cloud::retain);
      return id;
    });
  }

  @Override
  public void modifySnapshotAttribute(ModifySnapshotAttributeRequest request) {
    SnapshotId id = SnapshotId.parse(request.snapshotId());
    if (!request.add().isEmpty() && !request.remove().isEmpty()) {
      throw refuse(Ec2Exception.INVALID_PARAMETER_COMBINATION,
          "modify snapshot attribute of %s both adds and removes: one call does one of them", id);
    }
    List<LaunchPermission> changes = request.add().isEmpty() ? request.remove() : request.add();
    if (changes.isEmpty()) {
      throw refuse(Ec2Exception.MISSING_PARAMETER, "modify snapshot attribute of %s names no permission: give at least one", id);
    }
    if (changes.size() > 500) {
      throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "modify snapshot attribute of %s names %d permissions: at most 500 per call",
          id, changes.size());
    }
    for (LaunchPermission permission : changes) {
      if (!(permission instanceof LaunchPermission.Account) && permission != LaunchPermission.EVERYONE) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE,
            "create volume permission %s is refused: snapshots are shared with accounts or group all only", permission);
      }
    }
    cloud.write(region, state -> {
      RegionState.SnapshotEntry entry = ownedSnapshot(state, id, "share");
      Set<LaunchPermission> next = new LinkedHashSet<>(entry.permissions());
      if (request.add().isEmpty()) {
        next.removeAll(changes);
      } else {
        if (changes.contains(LaunchPermission.EVERYONE) && entry.snapshot().isEncrypted()) {
          throw refuse(Refusals.UNSUPPORTED_OPERATION, "Encrypted snapshots can't be shared publicly. Specify another snapshot.");
        }
        if (Views.tier(entry, now()) == StorageTier.ARCHIVE) {
          throw refuse(Refusals.INCORRECT_STATE, "cannot share snapshot %s: it is archived, archived snapshots cannot be shared", id);
        }
        next.addAll(changes);
      }
      state.put(entry.withPermissions(ImmutableSet.copyOf(next)));
      return null;
    });
  }

  @Override
  public List<LaunchPermission> describeSnapshotCreateVolumePermissions(String snapshotId) {
    SnapshotId id = SnapshotId.parse(snapshotId);
    return cloud.read(region, state -> List.copyOf(ownedSnapshot(state, id, "read the permissions of").permissions()));
  }

  @Override
  public Instant modifySnapshotTier(String snapshotId) {
    SnapshotId id = SnapshotId.parse(snapshotId);
    return cloud.write(region, state -> {
      Instant now = now();
      RegionState.SnapshotEntry entry = ownedSnapshot(state, id, "archive");
      SnapshotState current = Views.snapshotState(entry, now);
      if (current != SnapshotState.COMPLETED) {
        throw refuse(Refusals.INCORRECT_STATE, "cannot archive snapshot %s: it is %s, only a completed snapshot can be archived",
            id, current.wireValue());
      }
      Set<ImageId> users = state.imagesBySnapshot.get(id);
      if (users != null && !users.isEmpty()) {
        throw refuse(Refusals.INCORRECT_STATE, "cannot archive snapshot %s: it is associated with image %s",
            id, users.iterator().next());
      }
      String last = entry.tier().lastOperation();
      boolean standardNow = Views.tier(entry, now) == StorageTier.STANDARD && !last.equals("temporary-restore");
      if (!standardNow || (last.equals("archival") && entry.tier().completes().map(now::isBefore).orElse(false))) {
        throw refuse(Refusals.INCORRECT_STATE, "cannot archive snapshot %s: it is archived or being archived already", id);
      }
      Instant completes = now.plus(fullCopyDuration(entry.snapshot()));
      state.put(entry.withTier(new RegionState.Tier("archival", Optional.of(now), Optional.of(completes), Optional.empty())));
      return now;
    });
  }

  @Override
  public SnapshotTierRestore restoreSnapshotTier(String snapshotId, Optional<Integer> temporaryRestoreDays, boolean permanentRestore) {
    SnapshotId id = SnapshotId.parse(snapshotId);
    if (permanentRestore && temporaryRestoreDays.isPresent()) {
      throw refuse(Ec2Exception.INVALID_PARAMETER_COMBINATION,
          "restore of snapshot %s is both permanent and for %d days: give one of them", id, temporaryRestoreDays.get());
    }
    int days = temporaryRestoreDays.orElse(1);
    if (days < 1 || days > 180) {
      throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "temporary restore of snapshot %s for %d days: it is 1 to 180 days", id, days);
    }
    return cloud.write(region, state -> {
      Instant now = now();
      RegionState.SnapshotEntry entry = ownedSnapshot(state, id, "restore");
      RegionState.Tier tier = entry.tier();
      boolean archived = Views.tier(entry, now) == StorageTier.ARCHIVE;
      boolean temporarilyRestored = tier.lastOperation().equals("temporary-restore") && !archived;
      if (!archived && !temporarilyRestored) {
        throw refuse(Refusals.INCORRECT_STATE, "cannot restore snapshot %s: it is not archived", id);
      }
      Instant restored = temporarilyRestored ? tier.completes().orElse(now)
          : now.plus(fullCopyDuration(entry.snapshot()));
      Instant started = temporarilyRestored ? tier.started().orElse(now) : now;
      RegionState.Tier next = permanentRestore
          ? new RegionState.Tier("permanent-restore", Optional.of(started), Optional.of(restored), Optional.empty())
          : new RegionState.Tier("temporary-restore", Optional.of(started), Optional.of(restored),
              Optional.of(restored.plus(Duration.ofDays(days))));
      state.put(entry.withTier(next));
      return new SnapshotTierRestore(id, started, permanentRestore ? Optional.empty() : Optional.of(days), permanentRestore);
    });
  }

  @Override
  public List<SnapshotTierStatus> describeSnapshotTierStatus() {
    return cloud.read(region, state -> {
      Instant now = now();
      List<SnapshotTierStatus> statuses = new ArrayList<>();
      for (RegionState.SnapshotEntry entry : state.snapshots.values()) {
        if (!entry.snapshot().ownerId().equals(caller)) {
          continue;
        }
        RegionState.Tier tier = entry.tier();
        Optional<String> status = tier.lastOperation().isEmpty() ? Optional.empty() : Optional.of(tier.lastOperation()
            + (tier.completes().map(now::isBefore).orElse(false) ? "-in-progress" : "-completed"));
        Optional<Instant> archived = tier.lastOperation().equals("archival") ? tier.completes().filter(t -> !now.isBefore(t))
            : Optional.empty();
        statuses.add(new SnapshotTierStatus(entry.snapshot().snapshotId(), Views.tier(entry, now), tier.started(), status, archived,
            tier.restoreExpiry()));
      }
      statuses.sort(Comparator.comparing(s -> s.snapshotId().toString()));
      return statuses;
    });
  }

  // =========================================================================================
  // volumes

  private RegionState.VolumeEntry ownedVolume(RegionState state, VolumeId id) {
    RegionState.VolumeEntry entry = state.volumes.get(id);
    if (entry == null || !entry.owner().equals(caller)) {
      throw Refusals.volumeNotFound(id);
    }
    return entry;
  }

  @Override
  public Volume createVolume(CreateVolumeRequest request) {
    if (request.size().isEmpty() && request.snapshotId().isEmpty()) {
      throw refuse(Ec2Exception.MISSING_PARAMETER, "The request must contain the parameter size/snapshot");
    }
    Optional<SnapshotId> snapshotId = request.snapshotId().map(SnapshotId::parse);
    request.size().ifPresent(size -> {
      if (size < 1 || size > 65_536) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "volume size %d GiB is out of range: 1 to 65,536 GiB", size);
      }
    });
    return cloud.write(region, state -> {
      Instant now = now();
      int size;
      boolean encrypted = request.encrypted();
      Optional<org.amisdk.storage.block.BlockSnapshotId> data = Optional.empty();
      if (snapshotId.isPresent()) {
        RegionState.SnapshotEntry snapshot = restorableSnapshot(state, snapshotId.get());
        checkRestorable(snapshot, now);
        size = request.size().orElse(snapshot.snapshot().volumeSize());
        if (size < snapshot.snapshot().volumeSize()) {
          throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "volume size %d GiB is smaller than snapshot %s (%d GiB)",
              size, snapshotId.get(), snapshot.snapshot().volumeSize());
        }
        encrypted |= snapshot.snapshot().isEncrypted();
        data = snapshot.data();
      } else {
        size = request.size().get();
      }
      org.amisdk.storage.block.BlockVolumeId stored = newStoredVolumes(data, size, 1, "new volume").get(0);
      RegionState.VolumeEntry entry = new RegionState.VolumeEntry(cloud.newVolumeId(), caller, size, snapshotId,
          request.volumeType(), encrypted, now, stored, Optional.empty(), ImmutableList.copyOf(request.tags()));
      state.put(entry);
      return volume(entry);
    });
  }

  private void checkRestorable(RegionState.SnapshotEntry snapshot, Instant now) {
    SnapshotState current = Views.snapshotState(snapshot, now);
    if (current != SnapshotState.COMPLETED) {
      throw refuse(Refusals.INCORRECT_STATE, "Snapshot is in invalid state - %s: snapshot %s must be completed to restore a volume",
          current.wireValue(), snapshot.snapshot().snapshotId());
    }
    if (Views.tier(snapshot, now) == StorageTier.ARCHIVE) {
      throw refuse(Refusals.INCORRECT_STATE, "snapshot %s is archived: restore it to the standard tier before creating volumes",
          snapshot.snapshot().snapshotId());
    }
  }

  /** {@code count} stored volumes with a snapshot's bytes, or empty ones of {@code sizeGiB} for a metadata-only snapshot. */
  private List<org.amisdk.storage.block.BlockVolumeId> newStoredVolumes(Optional<org.amisdk.storage.block.BlockSnapshotId> data, int sizeGiB,
      int count, Object concerning) {
    try {
      List<org.amisdk.storage.block.BlockVolumeId> ids = new ArrayList<>(count);
      if (data.isPresent()) {
        cloud.storage.createVolumes(data.get(), sizeGiB * GIB, count).forEach(v -> ids.add(v.id()));
      } else {
        for (int i = 0; i < count; i++) {
          ids.add(cloud.storage.createVolume(sizeGiB * GIB).id());
        }
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException("volumes for " + concerning + " failed to create in the block store", e);
    }
  }

  private static Volume volume(RegionState.VolumeEntry entry) {
    return new Volume(entry.id(), entry.owner(), entry.size(), entry.snapshotId(), entry.type(), entry.encrypted(),
        entry.created(), entry.attachedTo(), entry.tags());
  }

  @Override
  public List<Volume> describeVolumes(List<VolumeId> volumeIds) {
    return cloud.read(region, state -> {
      if (!volumeIds.isEmpty()) {
        return volumeIds.stream().map(id -> volume(ownedVolume(state, id))).toList();
      }
      return state.volumes.values().stream().filter(v -> v.owner().equals(caller))
          .sorted(Comparator.comparing(v -> v.id().toString())).map(LocalEc2::volume).toList();
    });
  }

  @Override
  public void deleteVolume(VolumeId volumeId) {
    cloud.write(region, state -> {
      RegionState.VolumeEntry entry = ownedVolume(state, volumeId);
      if (entry.attachedTo().isPresent()) {
        throw refuse(Refusals.VOLUME_IN_USE, "Volume %s is currently attached to %s", volumeId, entry.attachedTo().get());
      }
      state.remove(volumeId);
      cloud.deleteVolumeAfterCommit(state, entry.data(), volumeId);
      return null;
    });
  }

  @Override
  public void readVolume(VolumeId volumeId, long position, byte[] target, int offset, int length) {
    cloud.read(region, state -> {
      RegionState.VolumeEntry entry = ownedVolume(state, volumeId);
      try {
        checkRange(entry, position, length).read(position, target, offset, length);
      } catch (IOException e) {
        throw new UncheckedIOException("read of volume " + volumeId + " failed in the block store", e);
      }
      return null;
    });
  }

  @Override
  public void writeVolume(VolumeId volumeId, long position, byte[] source, int offset, int length) {
    cloud.read(region, state -> {
      RegionState.VolumeEntry entry = ownedVolume(state, volumeId);
      try {
        org.amisdk.storage.block.BlockVolume stored = checkRange(entry, position, length);
        stored.write(position, source, offset, length);
        stored.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("write to volume " + volumeId + " failed in the block store", e);
      }
      return null;
    });
  }

  /** The stored volume, after checking the byte range lies inside the volume. */
  private org.amisdk.storage.block.BlockVolume checkRange(RegionState.VolumeEntry entry, long position, int length) {
    org.amisdk.storage.block.BlockVolume stored = storedVolume(entry);
    if (position < 0 || length < 0 || position + length > stored.size()) {
      throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "byte range %d+%d is outside volume %s (%d GiB)",
          position, length, entry.id(), entry.size());
    }
    return stored;
  }

  private org.amisdk.storage.block.BlockVolume storedVolume(RegionState.VolumeEntry entry) {
    return cloud.storage.volume(entry.data()).orElseThrow(() -> new IllegalStateException(
        "volume " + entry.id() + " has no stored data " + entry.data() + ": the block store lost it"));
  }

  @Override
  public Snapshot importSnapshot(Path rawImage, String description, ProgressListener listener) {
    checkDescriptionLength("snapshot", Optional.of(description), Snapshot.MAX_DESCRIPTION_LENGTH);
    org.amisdk.storage.block.BlockSnapshotId data;
    SnapshotInfo info;
    try {
      data = cloud.storage.importRaw(rawImage, Optional.empty(), listener);
      info = cloud.storage.snapshot(data).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException("import of raw image " + rawImage + " failed", e);
    }
    return cloud.write(region, state -> {
      Instant now = now();
      Snapshot snapshot = Snapshot.builder()
          .snapshotId(cloud.newSnapshotId())
          .state(SnapshotState.COMPLETED)
          .progress(100)
          .startTime(now)
          .completionTime(now)
          .ownerId(caller)
          .description(description)
          .volumeSize((int) Math.max(1, (info.sizeBytes() + GIB - 1) / GIB))
          .encrypted(false)
          .storageTier(StorageTier.STANDARD)
          .fullSnapshotSizeInBytes(info.sizeBytes())
          .build();
      state.put(new RegionState.SnapshotEntry(snapshot, now, Optional.of(data), ImmutableSet.of(),
          ImmutableMap.of(), RegionState.Tier.STANDARD));
      cloud.retain(data);
      return snapshot;
    });
  }

  @Override
  public void exportSnapshot(String snapshotId, Path target, ProgressListener listener) {
    SnapshotId id = SnapshotId.parse(snapshotId);
    org.amisdk.storage.block.BlockSnapshotId data = cloud.read(region, state -> {
      RegionState.SnapshotEntry entry = restorableSnapshot(state, id);
      checkRestorable(entry, now());
      return entry.data().orElseThrow(() -> refuse(Ec2Exception.INVALID_PARAMETER_VALUE,
          "snapshot %s holds no data: it was seeded as metadata only", id));
    });
    try {
      cloud.storage.export(data, target, listener);
    } catch (IOException e) {
      throw new UncheckedIOException("export of snapshot " + id + " to " + target + " failed", e);
    }
  }

  @Override
  public void exportVolume(VolumeId volumeId, Path target, ProgressListener listener) {
    org.amisdk.storage.block.BlockVolumeId data = cloud.read(region, state -> ownedVolume(state, volumeId).data());
    try {
      cloud.storage.export(data, target, listener);
    } catch (IOException e) {
      throw new UncheckedIOException("export of volume " + volumeId + " to " + target + " failed", e);
    }
  }

  // =========================================================================================
  // instances

  private RegionState.InstanceEntry ownedInstance(RegionState state, InstanceId id) {
    RegionState.InstanceEntry entry = state.instances.get(id);
    if (entry == null || !entry.owner().equals(caller)) {
      throw Refusals.instanceNotFound(id);
    }
    return entry;
  }

  @Override
  public List<Instance> runInstances(RunInstancesRequest request) {
    ImageId imageId = ImageId.parse(request.imageId());
    if (request.minCount() < 1 || request.maxCount() < request.minCount() || request.maxCount() > 10_000) {
      throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE,
          "instance count min %d max %d is refused: 1 <= MinCount <= MaxCount <= 10,000", request.minCount(), request.maxCount());
    }
    InstanceTypes.Type type = InstanceTypes.find(request.instanceType()).orElseThrow(() -> refuse(
        Ec2Exception.INVALID_PARAMETER_VALUE, "Invalid value '%s' for InstanceType.", request.instanceType()));
    int count = request.maxCount();
    return cloud.write(region, state -> {
      Instant now = now();
      RegionState.ImageEntry entry = state.images.get(imageId);
      if (entry == null) {
        throw Refusals.imagesNotFound(List.of(imageId));
      }
      if (!visible(entry)) {
        throw Refusals.notAuthorizedForImage(imageId);
      }
      Image image = entry.image();
      ImageState imageState = Views.imageState(entry, now);
      if (imageState != ImageState.AVAILABLE) {
        throw refuse(Refusals.AMI_UNAVAILABLE, "image %s is %s: only an available image can be launched", imageId, imageState.wireValue());
      }
      if (type.architecture() != image.architecture()) {
        throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "The architecture '%s' of the specified instance type does not match the "
            + "architecture '%s' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again.",
            type.architecture().wireValue(), image.architecture().wireValue());
      }
      Optional<BundleManifest> bundle = launchBundle(image, type);
      Duration boot = bootTime(image, bundle);
      Map<String, EbsBlockDevice> devices = launchDevices(state, image, request.blockDeviceMappings());
      // storage first: instance-store roots, then volumes for every device of every instance
      List<org.amisdk.storage.block.BlockVolumeId> roots = image.rootDeviceType() == RootDeviceType.INSTANCE_STORE
          ? unpackInstanceStoreRoots(image, bundle, count) : List.of();
      Map<String, List<org.amisdk.storage.block.BlockVolumeId>> stored = new LinkedHashMap<>();
      try {
        for (var device : devices.entrySet()) {
          EbsBlockDevice ebs = device.getValue();
          Optional<org.amisdk.storage.block.BlockSnapshotId> data = ebs.snapshotId().flatMap(s -> state.snapshots.get(s).data());
          stored.put(device.getKey(), newStoredVolumes(data, ebs.volumeSize().orElse(8), count, imageId));
        }
      } catch (RuntimeException e) {
        roots.forEach(v -> cloud.deleteVolumeAfterCommit(state, v, imageId));
        stored.values().forEach(list -> list.forEach(v -> cloud.deleteVolumeAfterCommit(state, v, imageId)));
        List<Runnable> cleanup = List.copyOf(state.afterCommit);
        state.afterCommit.clear();
        cleanup.forEach(Runnable::run);
        throw e;
      }
      List<Instance> launched = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        InstanceId instanceId = cloud.newInstanceId();
        ImmutableList.Builder<Instance.Attachment> attachments = ImmutableList.builder();
        for (var device : devices.entrySet()) {
          EbsBlockDevice ebs = device.getValue();
          VolumeId volumeId = cloud.newVolumeId();
          state.put(new RegionState.VolumeEntry(volumeId, caller, ebs.volumeSize().orElse(8), ebs.snapshotId(),
              ebs.effectiveVolumeType(), ebs.encrypted().orElse(false), now, stored.get(device.getKey()).get(i),
              Optional.of(instanceId), ImmutableList.of()));
          attachments.add(new Instance.Attachment(device.getKey(), volumeId, ebs.deleteOnTermination().orElse(false)));
        }
        RegionState.InstanceEntry instance = new RegionState.InstanceEntry(instanceId, caller, imageId, type.name(),
            type.architecture(), image.rootDeviceType(), image.rootDeviceName(), attachments.build(), now,
            RegionState.Phase.RUN, now.plus(boot), ImmutableList.copyOf(request.tags()),
            roots.isEmpty() ? Optional.empty() : Optional.of(roots.get(i)));
        state.put(instance);
        launched.add(instance(instance, now));
      }
      state.put(entry.withImage(Image.builder().from(image).lastLaunchedTime(now).build()));
      return launched;
    });
  }

  /** The image's EBS devices with the request's overrides applied: NoDevice drops one, Ebs changes or adds one. */
  private Map<String, EbsBlockDevice> launchDevices(RegionState state, Image image, List<BlockDeviceMapping> overrides) {
    Map<String, EbsBlockDevice> devices = new LinkedHashMap<>();
    for (BlockDeviceMapping mapping : image.blockDeviceMappings()) {
      if (mapping instanceof BlockDeviceMapping.Ebs ebs) {
        devices.put(ebs.deviceName(), ebs.ebs());
      }
    }
    for (BlockDeviceMapping override : overrides) {
      String device = override.deviceName();
      if (override instanceof BlockDeviceMapping.NoDevice) {
        if (image.rootDeviceName().equals(Optional.of(device))) {
          throw refuse(Ec2Exception.INVALID_BLOCK_DEVICE_MAPPING, "mapping %s suppresses the root device: the root device cannot be removed",
              device);
        }
        devices.remove(device);
      } else if (override instanceof BlockDeviceMapping.Ebs ebs) {
        EbsBlockDevice inherited = devices.get(device);
        EbsBlockDevice asked = ebs.ebs();
        if (inherited != null && asked.snapshotId().isPresent() && !asked.snapshotId().equals(inherited.snapshotId())) {
          throw refuse(Ec2Exception.INVALID_BLOCK_DEVICE_MAPPING,
              "mapping %s names snapshot %s but the image maps %s there: an override keeps the image's snapshot",
              device, asked.snapshotId().get(), inherited.snapshotId().map(Object::toString).orElse("an empty volume"));
        }
        Optional<SnapshotId> snapshot = asked.snapshotId().or(() -> inherited == null ? Optional.empty() : inherited.snapshotId());
        EbsBlockDevice.Builder merged = EbsBlockDevice.builder();
        if (inherited != null) {
          merged.from(inherited);
        }
        merged.from(asked).snapshotId(snapshot);
        if (inherited != null && asked.volumeSize().isEmpty()) {
          merged.volumeSize(inherited.volumeSize());
        }
        EbsBlockDevice device1 = merged.build();
        if (snapshot.isPresent()) {
          RegionState.SnapshotEntry s = restorableSnapshot(state, snapshot.get());
          int size = device1.volumeSize().orElse(s.snapshot().volumeSize());
          if (size < s.snapshot().volumeSize()) {
            throw refuse(Ec2Exception.INVALID_BLOCK_DEVICE_MAPPING, "volume size %d GiB is smaller than snapshot %s (%d GiB)",
                size, snapshot.get(), s.snapshot().volumeSize());
          }
        }
        devices.put(device, device1);
      }
    }
    for (var device : devices.entrySet()) {
      device.getValue().snapshotId().ifPresent(s -> {
        if (!state.snapshots.containsKey(s)) {
          throw Refusals.snapshotNotFound(s);
        }
      });
    }
    return devices;
  }

  private static Instance instance(RegionState.InstanceEntry entry, Instant now) {
    return new Instance(entry.id(), entry.owner(), entry.imageId(), entry.type(), entry.architecture(), entry.state(now),
        entry.launchTime(), entry.rootDeviceType(), entry.rootDeviceName(), entry.devices(), entry.tags());
  }

  @Override
  public long instanceStoreSize(InstanceId instanceId) {
    return cloud.read(region, state -> instanceStore(state, instanceId, "read").size());
  }

  @Override
  public void readInstanceStore(InstanceId instanceId, long position, byte[] target, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, target.length);
    onInstanceStore(instanceId, "read", position, length, root -> root.read(position, target, offset, length));
  }

  @Override
  public void writeInstanceStore(InstanceId instanceId, long position, byte[] source, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, source.length);
    onInstanceStore(instanceId, "written", position, length, root -> {
      root.write(position, source, offset, length);
      root.flush();
    });
  }

  /** Storage work on an instance-store root. */
  private interface RootIo {
    void apply(org.amisdk.storage.block.BlockVolume root) throws IOException;
  }

  /** Runs {@code io} on the root of a running instance the caller owns, after checking the byte range lies inside it. */
  private void onInstanceStore(InstanceId instanceId, String use, long position, int length, RootIo io) {
    cloud.read(region, state -> {
      org.amisdk.storage.block.BlockVolume root = instanceStoreRange(state, instanceId, use, position, length);
      try {
        io.apply(root);
      } catch (IOException e) {
        throw new UncheckedIOException("instance store of " + instanceId + " failed to be " + use + " in the block store", e);
      }
      return null;
    });
  }

  /** The stored instance-store root of a running instance the caller owns. */
  private org.amisdk.storage.block.BlockVolume instanceStore(RegionState state, InstanceId id, String use) {
    RegionState.InstanceEntry entry = ownedInstance(state, id);
    if (entry.rootDeviceType() != RootDeviceType.INSTANCE_STORE) {
      throw refuse(Refusals.UNSUPPORTED_OPERATION, "instance %s has no instance-store root: it is EBS-backed, use its volumes", id);
    }
    InstanceState current = entry.state(now());
    if (current != InstanceState.RUNNING || entry.instanceStore().isEmpty()) {
      throw refuse(Refusals.INCORRECT_INSTANCE_STATE,
          "The instance '%s' is %s: only a running instance's instance store can be %s.", id, current.wireValue(), use);
    }
    org.amisdk.storage.block.BlockVolumeId data = entry.instanceStore().get();
    return cloud.storage.volume(data).orElseThrow(() -> new IllegalStateException(
        "instance " + id + " has no stored instance-store root " + data + ": the block store lost it"));
  }

  private org.amisdk.storage.block.BlockVolume instanceStoreRange(RegionState state, InstanceId id, String use, long position, int length) {
    org.amisdk.storage.block.BlockVolume root = instanceStore(state, id, use);
    if (position < 0 || length < 0 || position > root.size() - length) {
      throw refuse(Ec2Exception.INVALID_PARAMETER_VALUE, "byte range %d+%d is outside the instance store of %s (%d bytes)",
          position, length, id, root.size());
    }
    return root;
  }

  @Override
  public List<Instance> describeInstances(List<InstanceId> instanceIds) {
    return cloud.read(region, state -> {
      Instant now = now();
      if (!instanceIds.isEmpty()) {
        return instanceIds.stream().map(id -> instance(ownedInstance(state, id), now)).toList();
      }
      return state.instances.values().stream().filter(i -> i.owner().equals(caller))
          .sorted(Comparator.comparing(i -> i.id().toString())).map(i -> instance(i, now)).toList();
    });
  }

  /** Moves every instance, after checking all of them may move; {@code move} returns the new entry, or the same to leave it. */
  private List<InstanceStateChange> moveInstances(List<InstanceId> ids,
      java.util.function.BiFunction<RegionState.InstanceEntry, Instant, RegionState.InstanceEntry> move,
      java.util.function.BiConsumer<RegionState, RegionState.InstanceEntry> after) {
    return cloud.write(region, state -> {
      Instant now = now();
      Map<InstanceId, RegionState.InstanceEntry> moved = new LinkedHashMap<>();
      for (InstanceId id : ids) {
        RegionState.InstanceEntry entry = ownedInstance(state, id);
        moved.put(id, move.apply(entry, now));
      }
      List<InstanceStateChange> changes = new ArrayList<>();
      for (var next : moved.entrySet()) {
        RegionState.InstanceEntry before = state.instances.get(next.getKey());
        state.put(next.getValue());
        if (next.getValue() != before) {
          after.accept(state, next.getValue());
        }
        changes.add(new InstanceStateChange(next.getKey(), before.state(now), next.getValue().state(now)));
      }
      return changes;
    });
  }

  @Override
  public List<InstanceStateChange> stopInstances(List<InstanceId> instanceIds) {
    return moveInstances(instanceIds, (entry, now) -> {
      if (entry.rootDeviceType() != RootDeviceType.EBS) {
        throw refuse(Refusals.UNSUPPORTED_OPERATION,
            "The instance '%s' does not have an 'ebs' root device type and cannot be stopped.", entry.id());
      }
      return switch (entry.state(now)) {
        case PENDING, RUNNING -> entry.moved(RegionState.Phase.STOP, now.plus(cloud.timings.stop()));
        case STOPPING, STOPPED -> entry;
        default -> throw refuse(Refusals.INCORRECT_INSTANCE_STATE,
            "The instance '%s' is not in a state from which it can be stopped.", entry.id());
      };
    }, (state, entry) -> { });
  }

  @Override
  public List<InstanceStateChange> startInstances(List<InstanceId> instanceIds) {
    return moveInstances(instanceIds, (entry, now) -> switch (entry.state(now)) {
      case STOPPED -> entry.relaunched(now, now.plus(cloud.timings.ebsBoot()));
      case PENDING, RUNNING -> entry;
      default -> throw refuse(Refusals.INCORRECT_INSTANCE_STATE,
          "The instance '%s' is not in a state from which it can be started.", entry.id());
    }, (state, entry) -> { });
  }

  @Override
  public List<InstanceStateChange> terminateInstances(List<InstanceId> instanceIds) {
    return moveInstances(instanceIds, (entry, now) -> switch (entry.state(now)) {
      case SHUTTING_DOWN, TERMINATED -> entry;
      default -> entry.moved(RegionState.Phase.TERMINATE, now.plus(cloud.timings.terminate()));
    }, (state, entry) -> {
      entry.instanceStore().ifPresent(root -> {
        state.put(entry.withoutInstanceStore());
        cloud.deleteVolumeAfterCommit(state, root, entry.id());
      });
      for (Instance.Attachment device : entry.devices()) {
        RegionState.VolumeEntry volume = state.volumes.get(device.volumeId());
        if (volume == null) {
          continue;
        }
        if (device.deleteOnTermination()) {
          state.remove(volume.id());
          cloud.deleteVolumeAfterCommit(state, volume.data(), volume.id());
        } else {
          state.put(volume.withAttachedTo(Optional.empty()));
        }
      }
    });
  }

  @Override
  public void rebootInstances(List<InstanceId> instanceIds) {
    moveInstances(instanceIds, (entry, now) -> {
      InstanceState current = entry.state(now);
      if (current != InstanceState.RUNNING && current != InstanceState.PENDING) {
        throw refuse(Refusals.INCORRECT_INSTANCE_STATE, "The instance '%s' is not in a state from which it can be rebooted.", entry.id());
      }
      return entry;
    }, (state, entry) -> { });
  }

  @Override
  public ImageId createImage(CreateImageRequest request) {
    Image.checkName(request.name());
    return cloud.write(region, state -> {
      Instant now = now();
      RegionState.InstanceEntry instance = ownedInstance(state, request.instanceId());
      InstanceState current = instance.state(now);
      if (current != InstanceState.RUNNING && current != InstanceState.STOPPED) {
        throw refuse(Refusals.INCORRECT_INSTANCE_STATE,
            "cannot create an image of %s: it is %s, only a running or stopped instance can be imaged", instance.id(), current.wireValue());
      }
      if (instance.rootDeviceType() != RootDeviceType.EBS) {
        throw refuse(Refusals.UNSUPPORTED_OPERATION, "cannot create an image of %s: it is instance-store-backed", instance.id());
      }
      checkNameFree(state, request.name());
      Optional<Image> source = Optional.ofNullable(state.images.get(instance.imageId())).map(RegionState.ImageEntry::image);
      ImageId imageId = cloud.newImageId();
      ImmutableMap<AccountId, ImmutableList<Tag>> snapshotTags = callerTags(request.snapshotTags());
      ImmutableMap<AccountId, ImmutableList<Tag>> imageTags = callerTags(request.imageTags());
      List<BlockDeviceMapping> mappings = new ArrayList<>();
      Instant ready = now;
      for (Instance.Attachment device : instance.devices()) {
        RegionState.VolumeEntry volume = state.volumes.get(device.volumeId());
        if (volume == null) {
          continue;
        }
        RegionState.SnapshotEntry snapshot = snapshotVolume(state, volume,
            Optional.of("Created by CreateImage(" + instance.id() + ") for " + imageId), snapshotTags, now);
        ready = snapshot.completeAt().isAfter(ready) ? snapshot.completeAt() : ready;
        mappings.add(new BlockDeviceMapping.Ebs(device.deviceName(), EbsBlockDevice.builder()
            .snapshotId(snapshot.snapshot().snapshotId())
            .volumeSize(volume.size())
            .volumeType(volume.type())
            .encrypted(volume.encrypted())
            .deleteOnTermination(device.deleteOnTermination())
            .build()));
      }
      Image image = newImage(imageId, request.name(), now)
          .architecture(instance.architecture())
          .platform(source.flatMap(Image::platform))
          .platformDetails(source.flatMap(Image::platformDetails).orElse("Linux/UNIX"))
          .usageOperation(source.flatMap(Image::usageOperation).orElse("RunInstances"))
          .blockDeviceMappings(mappings)
          .description(request.description())
          .enaSupport(source.flatMap(Image::enaSupport))
          .rootDeviceName(instance.rootDeviceName())
          .rootDeviceType(RootDeviceType.EBS)
          .virtualizationType(source.map(Image::virtualizationType).orElse(VirtualizationType.HVM))
          .bootMode(source.flatMap(Image::bootMode))
          .imdsSupport(source.flatMap(Image::imdsSupport))
          .sourceInstanceId(instance.id())
          .build();
      state.put(new RegionState.ImageEntry(image, ImmutableSet.of(), imageTags, ready.plus(cloud.timings.imageAvailable()),
          RegionState.Protection.NONE));
      return imageId;
    });
  }
}
