package org.amisdk.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.amisdk.model.AccountId;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VolumeId;
import org.amisdk.storage.block.BlockDevices;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.block.BlockVolumeId;
import org.amisdk.storage.bundle.BundleStore;
import org.amisdk.storage.io.DurableFiles;
import org.amisdk.storage.object.ObjectStore;

/**
 * The cloud: regions, the shared block storage, the clock, the id source and, for a durable
 * cloud, the catalog directory (one file per region, rewritten atomically after each committed
 * change).
 */
final class CloudImpl implements LocalCloud {
  final BlockDevices storage;
  /** The raw block store under {@link #storage}: read only for each block's stored (compressed) size. */
  final BlockStore blockStore;
  final ObjectStore objects;
  final BundleStore bundles;
  final Clock clock;
  final LifecycleTimings timings;
  private final RandomGenerator ids;
  private final Path catalogDirectory;
  private final Map<Region, RegionState> regions = new ConcurrentHashMap<>();
  /** How many catalog snapshots (of any region) hold each stored snapshot; guarded by itself. */
  private final Map<BlockSnapshotId, Integer> dataRefs = new HashMap<>();
  /** The organization and OU permissions each account is covered by. */
  private final Map<AccountId, Set<LaunchPermission>> memberships;
  private volatile String broken;
  /** Stored data that reads and exports in progress hold outside the region lock. */
  final Holds holds = new Holds();
  /** After-commit tasks that failed, each leaving an orphan for the next opening's sweep. */
  final java.util.concurrent.atomic.AtomicLong orphanedByFailedCleanup = new java.util.concurrent.atomic.AtomicLong();

  private CloudImpl(BlockDevices storage, BlockStore blockStore, ObjectStore objects, Path directory, Clock clock, RandomGenerator ids, LifecycleTimings timings,
      Map<AccountId, Set<LaunchPermission>> memberships) {
    this.storage = storage;
    this.blockStore = blockStore;
    this.objects = objects;
    this.bundles = BundleStore.on(objects);
    this.memberships = Map.copyOf(memberships);
    this.catalogDirectory = directory == null ? null : directory.resolve("catalog");
    this.clock = clock;
    this.ids = ids;
    this.timings = timings;
  }

  static CloudImpl create(BlockStore store, ObjectStore objects, Path directory, Clock clock, RandomGenerator ids, LifecycleTimings timings,
      Map<AccountId, Set<LaunchPermission>> memberships) throws IOException {
    BlockDevices storage = BlockDevices.open(store);
    CloudImpl cloud = new CloudImpl(storage, store, objects, directory, clock, ids, timings, memberships);
    if (directory != null) {
      try {
        cloud.load();
      } catch (IOException | RuntimeException e) {
        storage.close();
        objects.close();
        throw e;
      }
    }
    return cloud;
  }

  @Override
  public Ec2 client(AccountId account, Region region) {
    return new LocalEc2(this, Objects.requireNonNull(account, "account"), Objects.requireNonNull(region, "region"));
  }

  @Override
  public void seed(Region region, List<Image> images) {
    write(region, state -> {
      Seeding.seed(state, images);
      return null;
    });
  }

  @Override
  public Inventory inventory() {
    return Inventory.take(this);
  }

  @Override
  public void reset() {
    for (RegionState region : regions()) {
      write(region.region, state -> {
        for (RegionState.SnapshotEntry entry : List.copyOf(state.snapshots())) {
          SnapshotId id = entry.snapshot().snapshotId();
          entry.data().ifPresent(data -> releaseAfterCommit(state, data, id));
          state.remove(id);
        }
        for (RegionState.VolumeEntry entry : List.copyOf(state.volumes())) {
          deleteVolumeAfterCommit(state, entry.data(), entry.id());
          state.remove(entry.id());
        }
        for (RegionState.InstanceEntry entry : List.copyOf(state.instances())) {
          entry.instanceStore().ifPresent(data -> deleteVolumeAfterCommit(state, data, entry.id()));
          state.remove(entry.id());
        }
        List.copyOf(state.images()).forEach(entry -> state.remove(entry.image().imageId()));
        List.copyOf(state.blockPublicAccess()).forEach(account -> state.blockPublicAccess(account, false));
        state.directStarts.clear();
        return null;
      });
    }
  }

  @Override
  public ObjectStore objectStore() {
    return objects;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void close() throws IOException {
    broken = "cloud is closed";
    try (objects) {
      storage.close();
    }
  }

  /** Everyone, the account itself, and the organization and OUs it belongs to. */
  Set<LaunchPermission> principals(AccountId account) {
    Set<LaunchPermission> principals = new HashSet<>(memberships.getOrDefault(account, Set.of()));
    principals.add(LaunchPermission.EVERYONE);
    principals.add(new LaunchPermission.Account(account));
    return Set.copyOf(principals);
  }

  /** The regions that hold anything, for read-only views across the cloud. */
  java.util.Collection<RegionState> regions() {
    return List.copyOf(regions.values());
  }

  RegionState state(Region region) {
    return regions.computeIfAbsent(region, RegionState::new);
  }

  /** Runs a read under the region's lock. */
  <T> T read(Region region, Function<RegionState, T> operation) {
    RegionState state = state(region);
    state.lock.lock();
    try {
      checkUsable();
      return operation.apply(state);
    } finally {
      state.lock.unlock();
    }
  }

  /** Runs a change under the region's lock and commits the region's catalog when it succeeds. */
  <T> T write(Region region, Function<RegionState, T> operation) {
    RegionState state = state(region);
    state.lock.lock();
    try {
      checkUsable();
      T result = operation.apply(state);
      commit(state);
      runAfterCommit(state);
      return result;
    } finally {
      state.afterCommit.clear();
      state.lock.unlock();
    }
  }

  /** Runs a change that reads {@code source} and changes {@code target}, both locked in a fixed order. */
  <T> T write(Region source, Region target, java.util.function.BiFunction<RegionState, RegionState, T> operation) {
    if (source.equals(target)) {
      return write(target, state -> operation.apply(state, state));
    }
    RegionState from = state(source);
    RegionState to = state(target);
    RegionState first = source.code().compareTo(target.code()) < 0 ? from : to;
    RegionState second = first == from ? to : from;
    first.lock.lock();
    second.lock.lock();
    try {
      checkUsable();
      T result = operation.apply(from, to);
      commit(to);
      runAfterCommit(to);
      return result;
    } finally {
      to.afterCommit.clear();
      second.lock.unlock();
      first.lock.unlock();
    }
  }

  /**
   * Storage deletions wait until the catalog no longer names what they delete. Each runs on its
   * own: one that fails leaves an orphan for the next opening's sweep and never turns the committed
   * operation into an exception, nor stops the others.
   */
  private void runAfterCommit(RegionState state) {
    List<Runnable> tasks = List.copyOf(state.afterCommit);
    state.afterCommit.clear();
    for (Runnable task : tasks) {
      if (!Holds.runQuietly(task)) {
        orphanedByFailedCleanup.incrementAndGet();
      }
    }
  }

  private void checkUsable() {
    String reason = broken;
    if (reason != null) {
      throw new IllegalStateException(reason);
    }
  }

  private void commit(RegionState state) {
    if (catalogDirectory == null) {
      return;
    }
    try {
      Files.createDirectories(catalogDirectory);
      DurableFiles.write(catalogDirectory.resolve(state.region.code() + ".json"), Catalog.write(state));
    } catch (IOException e) {
      broken = "cloud catalog of region " + state.region + " failed to commit: reopen the cloud (" + e.getMessage() + ")";
      throw new UncheckedIOException("catalog of region " + state.region + " failed to commit", e);
    }
  }

  private void load() throws IOException {
    Files.createDirectories(catalogDirectory);
    DurableFiles.removeLeftovers(catalogDirectory);
    try (var files = Files.list(catalogDirectory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json")) {
          Region region = Region.of(name.substring(0, name.length() - ".json".length()));
          RegionState state = state(region);
          Catalog.read(Files.readString(file), state);
          state.snapshots().forEach(s -> s.data().ifPresent(this::retain));
        }
      }
    }
    Set<BlockVolumeId> volumes = new HashSet<>();
    regions.values().forEach(r -> r.volumes().forEach(v -> volumes.add(v.data())));
    regions.values().forEach(r -> r.instances().forEach(i -> i.instanceStore().ifPresent(volumes::add)));
    for (BlockVolumeId orphan : storage.volumes()) {
      if (!volumes.contains(orphan)) {
        storage.deleteVolume(orphan);
      }
    }
    for (var orphan : storage.snapshots()) {
      if (!dataRefs.containsKey(orphan.id())) {
        storage.deleteSnapshot(orphan.id());
      }
    }
  }

  // ---- stored snapshots shared by catalog snapshots (copies share their source's bytes)

  void retain(BlockSnapshotId data) {
    synchronized (dataRefs) {
      dataRefs.merge(data, 1, Integer::sum);
    }
  }

  /** After the commit, drops one holder of {@code data} and deletes the stored snapshot when it was the last. */
  void releaseAfterCommit(RegionState state, BlockSnapshotId data, Object concerning) {
    state.afterCommit.add(() -> release(data, concerning));
  }

  /** After the commit, deletes a stored volume. */
  void deleteVolumeAfterCommit(RegionState state, BlockVolumeId data, Object concerning) {
    state.afterCommit.add(() -> holds.deleteWhenFree(data, () -> {
      try {
        storage.deleteVolume(data);
      } catch (IOException e) {
        throw new UncheckedIOException("stored data of " + concerning + " failed to delete", e);
      }
    }));
  }

  private void release(BlockSnapshotId data, Object concerning) {
    boolean last;
    synchronized (dataRefs) {
      last = dataRefs.merge(data, -1, Integer::sum) <= 0;
      if (last) {
        dataRefs.remove(data);
      }
    }
    if (last) {
      holds.deleteWhenFree(data, () -> {
        try {
          storage.deleteSnapshot(data);
        } catch (IOException e) {
          // the catalog no longer names it; the next opening removes it as an orphan
          throw new UncheckedIOException("stored data of " + concerning + " failed to delete", e);
        }
      });
    }
  }

  // ---- ids

  ImageId newImageId() {
    synchronized (ids) {
      return ImageId.random(ids);
    }
  }

  SnapshotId newSnapshotId() {
    synchronized (ids) {
      return SnapshotId.random(ids);
    }
  }

  VolumeId newVolumeId() {
    synchronized (ids) {
      return VolumeId.random(ids);
    }
  }

  InstanceId newInstanceId() {
    synchronized (ids) {
      return InstanceId.random(ids);
    }
  }
}
