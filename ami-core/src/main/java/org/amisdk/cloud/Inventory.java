package org.amisdk.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.amisdk.model.AccountId;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.InstanceState;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.Snapshot;
import org.amisdk.model.Volume;
import org.amisdk.storage.block.BlockAddress;
import org.amisdk.storage.block.SnapshotBlock;
import org.amisdk.storage.bundle.InvalidBundleException;
import org.amisdk.storage.object.NoSuchObjectException;
import org.amisdk.storage.object.ObjectKey;
/**
 * A read-only picture of everything a local cloud holds, in every region and account, with the
 * storage facts cost and audit need: which stored blocks each snapshot references, how many bytes
 * each block really occupies, and the bundle size of each instance-store image.
 *
 * <p>Each region is read whole under its lock; regions are read one after the other, so a change
 * running meanwhile in another region may or may not be seen. Block sizes come from the block
 * store's index: no block is read.
 *
 * @param at the cloud's clock when the picture was taken
 * @param storedBytes each referenced block's size on the backend (compressed, with its overhead)
 * @param recycleBin the snapshots in the Recycle Bin, not yet at their exit time: not in {@code
 *     snapshots}, mapped by no live image, their blocks still stored (and charged)
 */
public record Inventory(
    Instant at,
    List<ImageFacts> images,
    List<SnapshotFacts> snapshots,
    List<VolumeFacts> volumes,
    List<InstanceFacts> instances,
    Map<BlockAddress, Long> storedBytes,
    List<SnapshotFacts> recycleBin) {

  /** Copies the collections. */
  public Inventory {
    recycleBin = List.copyOf(recycleBin);
    images = List.copyOf(images);
    snapshots = List.copyOf(snapshots);
    volumes = List.copyOf(volumes);
    instances = List.copyOf(instances);
    storedBytes = Map.copyOf(storedBytes);
  }

  /** An image as its owner sees it, who may launch it, and for an instance-store image its bundle's size. */
  public record ImageFacts(Region region, Image image, Set<LaunchPermission> launchPermissions, long bundleBytes) {
    /** Copies the set. */
    public ImageFacts {
      launchPermissions = Set.copyOf(launchPermissions);
    }
  }

  /**
   * A snapshot as its owner sees it, who may create volumes from it, the images that map it, the
   * distinct non-zero stored blocks it references (empty for a seeded, metadata-only snapshot, and
   * for one being written through the EBS direct APIs until it is completed) and,
   * when its last tiering operation was an archival, when that started.
   */
  public record SnapshotFacts(
      Region region,
      Snapshot snapshot,
      Set<LaunchPermission> createVolumePermissions,
      Set<ImageId> usedBy,
      Set<BlockAddress> blocks,
      Optional<Instant> archivedSince) {
    /** Copies the sets. */
    public SnapshotFacts {
      createVolumePermissions = Set.copyOf(createVolumePermissions);
      usedBy = Set.copyOf(usedBy);
      blocks = Set.copyOf(blocks);
    }
  }

  /** A volume. */
  public record VolumeFacts(Region region, Volume volume) {}

  /** An instance: who runs it, from which image, its state now and when it was launched. */
  public record InstanceFacts(
      Region region, InstanceId instanceId, AccountId owner, ImageId imageId, InstanceState state, Instant launchTime) {}

  /** Takes the picture of {@code cloud}. */
  public static Inventory of(LocalCloud cloud) {
    return cloud.inventory();
  }

  /** Takes the picture of {@code impl}, each region under its lock. */
  static Inventory take(CloudImpl impl) {
    Instant now = impl.clock.instant();
    List<ImageFacts> images = new ArrayList<>();
    List<SnapshotFacts> snapshots = new ArrayList<>();
    List<SnapshotFacts> binned = new ArrayList<>();
    List<VolumeFacts> volumes = new ArrayList<>();
    List<InstanceFacts> instances = new ArrayList<>();
    Map<BlockAddress, Long> stored = new HashMap<>();
    List<RegionState> regions = new ArrayList<>(impl.regions());
    regions.sort(Comparator.comparing(r -> r.region.code()));
    for (RegionState region : regions) {
      impl.read(region.region, state -> {
        for (RegionState.ImageEntry e : state.images()) {
          Image image = Views.image(e, e.image().ownerId(), now);
          images.add(new ImageFacts(state.region, image, e.permissions(), bundleBytes(impl, image)));
        }
        for (RegionState.SnapshotEntry e : state.snapshots()) {
          snapshots.add(snapshotFacts(impl, state, e, state.imagesUsing(e.snapshot().snapshotId()), stored, now));
        }
        for (RegionState.BinnedSnapshot b : state.binnedSnapshots()) {
          if (now.isBefore(b.exits())) {
            binned.add(snapshotFacts(impl, state, b.entry(), Set.of(), stored, now));
          }
        }
        for (RegionState.VolumeEntry e : state.volumes()) {
          if (!e.deleted()) { // a deleting volume's bytes are already freed
            volumes.add(new VolumeFacts(state.region, Volumes.view(state, e, now)));
          }
        }
        for (RegionState.InstanceEntry e : state.instances()) {
          instances.add(new InstanceFacts(state.region, e.id(), e.owner(), e.imageId(), e.state(now), e.launchTime()));
        }
        return null;
      });
    }
    images.sort(Comparator.comparing((ImageFacts f) -> f.region().code()).thenComparing(f -> f.image().imageId().toString()));
    snapshots.sort(Comparator.comparing((SnapshotFacts f) -> f.region().code()).thenComparing(f -> f.snapshot().snapshotId().toString()));
    volumes.sort(Comparator.comparing((VolumeFacts f) -> f.region().code()).thenComparing(f -> f.volume().volumeId().toString()));
    instances.sort(Comparator.comparing((InstanceFacts f) -> f.region().code()).thenComparing(f -> f.instanceId().toString()));
    binned.sort(Comparator.comparing((SnapshotFacts f) -> f.region().code()).thenComparing(f -> f.snapshot().snapshotId().toString()));
    return new Inventory(now, images, snapshots, volumes, instances, stored, binned);
  }

  private static SnapshotFacts snapshotFacts(CloudImpl impl, RegionState state, RegionState.SnapshotEntry e, Set<ImageId> usedBy,
      Map<BlockAddress, Long> stored, Instant now) {
    Set<BlockAddress> blocks = new LinkedHashSet<>();
    e.data().filter(d -> !DirectApi.isStarted(e)) // a snapshot being written lists no blocks until completed
        .ifPresent(d -> impl.storage.listSnapshotBlocks(d).stream().map(SnapshotBlock::address).forEach(blocks::add));
    for (BlockAddress block : blocks) {
      stored.computeIfAbsent(block, b -> storedSize(impl, b));
    }
    Optional<Instant> archived = e.tier().lastOperation().equals("archival") ? e.tier().started() : Optional.empty();
    return new SnapshotFacts(state.region, Views.snapshot(e, e.snapshot().ownerId(), now), e.permissions(), usedBy, blocks, archived);
  }

  private static long storedSize(CloudImpl cloud, BlockAddress block) {
    try {
      return cloud.blockStore.storedSize(block);
    } catch (IOException e) {
      throw new UncheckedIOException("block " + block + " failed to report its stored size", e);
    }
  }

  /** The parts' total of an instance-store image's bundle, or 0 when it has none in the object store. */
  private static long bundleBytes(CloudImpl cloud, Image image) {
    String suffix = ".manifest.json";
    String location = image.imageLocation().orElse("");
    if (image.rootDeviceType() != RootDeviceType.INSTANCE_STORE || !location.endsWith(suffix)) {
      return 0;
    }
    try {
      return cloud.bundles.manifest(ObjectKey.of(location.substring(0, location.length() - suffix.length()))).bundledSize();
    } catch (NoSuchObjectException | IllegalArgumentException | InvalidBundleException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("manifest " + location + " of image " + image.imageId() + " failed to read", e);
    }
  }
}
