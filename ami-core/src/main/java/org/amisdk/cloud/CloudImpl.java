package org.amisdk.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.amisdk.model.AccountId;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.ReservationId;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VolumeId;
import org.amisdk.storage.block.BlockDevices;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.block.BlockVolumeId;
import org.amisdk.storage.bundle.BundleStore;
import org.amisdk.storage.object.ObjectStore;

/**
 * The cloud: regions, the shared block storage, the clock, the id source and, for a durable
 * cloud, the catalog store: per region a {@link Journal} of commits and its checkpoints.
 *
 * <p>A change runs under its region's lock; its commit queues the region's changed entries
 * ({@link RegionState#changed}) as one journal batch before the lock is released, and the call
 * returns once the batch is durable (group commit with other threads'), then runs the storage
 * deletions the change made safe. Checkpoints are written by one background thread.
 */
final class CloudImpl implements LocalCloud {
  /** The journal size, in bytes, below which no checkpoint is written. */
  static final long DEFAULT_CHECKPOINT_BYTES = 4L << 20;

  final BlockDevices storage;
  /** The raw block store under {@link #storage}: read only for each block's stored (compressed) size. */
  final BlockStore blockStore;
  final ObjectStore objects;
  final BundleStore bundles;
  final Clock clock;
  final LifecycleTimings timings;
  private final RandomGenerator ids;
  private final CatalogStore catalog;
  private final long checkpointBytes;
  private final ExecutorService checkpoints;
  private final Map<Region, RegionState> regions = new ConcurrentHashMap<>();
  private final Map<Region, Journal> journals = new ConcurrentHashMap<>();
  /** How many catalog snapshots (of any region) hold each stored snapshot; guarded by itself. */
  private final Map<BlockSnapshotId, Integer> dataRefs = new HashMap<>();
  /** The organization and OU permissions each account is covered by. */
  private final Map<AccountId, Set<LaunchPermission>> memberships;
  private volatile String broken;
  /** Stored data that reads and exports in progress hold outside the region lock. */
  final Holds holds = new Holds();
  /** After-commit tasks that failed, each leaving an orphan for the next opening's sweep. */
  final java.util.concurrent.atomic.AtomicLong orphanedByFailedCleanup = new java.util.concurrent.atomic.AtomicLong();

  /** Whether image block public access is on for an account that never set it (EC2: on for new accounts). */
  final boolean newAccountsBlockPublicAccess;

  private CloudImpl(BlockDevices storage, BlockStore blockStore, ObjectStore objects, CatalogStore catalog, long checkpointBytes,
      Clock clock, RandomGenerator ids, LifecycleTimings timings, Map<AccountId, Set<LaunchPermission>> memberships,
      boolean newAccountsBlockPublicAccess) {
    this.newAccountsBlockPublicAccess = newAccountsBlockPublicAccess;
    this.storage = storage;
    this.blockStore = blockStore;
    this.objects = objects;
    this.bundles = BundleStore.on(objects);
    this.memberships = Map.copyOf(memberships);
    this.catalog = catalog;
    this.checkpointBytes = checkpointBytes;
    this.checkpoints = catalog == null ? null : Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "amisdk-catalog-checkpoint");
      thread.setDaemon(true);
      return thread;
    });
    this.clock = clock;
    this.ids = ids;
    this.timings = timings;
  }

  /**
   * A cloud on these parts; with a {@code catalog}, durable: the catalog is read, checked against
   * the block store and only then are orphans swept. Closes every part when it fails.
   */
  static CloudImpl create(BlockStore store, ObjectStore objects, CatalogStore catalog, long checkpointBytes, Clock clock,
      RandomGenerator ids, LifecycleTimings timings, Map<AccountId, Set<LaunchPermission>> memberships,
      boolean newAccountsBlockPublicAccess) throws IOException {
    BlockDevices storage;
    try {
      storage = BlockDevices.open(store);
    } catch (IOException | RuntimeException e) {
      try (objects; catalog) {
        throw e;
      }
    }
    CloudImpl cloud = new CloudImpl(storage, store, objects, catalog, checkpointBytes, clock, ids, timings, memberships,
        newAccountsBlockPublicAccess);
    if (catalog != null) {
      try {
        cloud.load();
      } catch (IOException | RuntimeException e) {
        cloud.checkpoints.shutdownNow();
        try (objects; catalog) {
          storage.close();
        }
        throw e;
      }
    }
    return cloud;
  }

  @Override
  public Ec2 client(AccountId account, Region region) {
    return new LocalEc2(this, Objects.requireNonNull(account, "account"), Objects.requireNonNull(region, "region"), false);
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
          if (!entry.deleted()) {
            deleteVolumeAfterCommit(state, entry.data(), entry.id());
          }
          state.remove(entry.id());
        }
        for (RegionState.InstanceEntry entry : List.copyOf(state.instances())) {
          entry.instanceStore().ifPresent(data -> deleteVolumeAfterCommit(state, data, entry.id()));
          state.remove(entry.id());
        }
        List.copyOf(state.images()).forEach(entry -> state.remove(entry.image().imageId()));
        for (RegionState.BinnedSnapshot binned : List.copyOf(state.binnedSnapshots())) {
          SnapshotId id = binned.entry().snapshot().snapshotId();
          binned.entry().data().ifPresent(data -> releaseAfterCommit(state, data, id));
          state.removeBinnedSnapshot(id);
        }
        List.copyOf(state.binnedImages()).forEach(b -> state.removeBinnedImage(b.entry().image().imageId()));
        List.copyOf(state.rules()).forEach(rule -> state.removeRule(rule.id()));
        List.copyOf(state.blockPublicAccessSettings().keySet()).forEach(state::clearBlockPublicAccess);
        List.copyOf(state.tokens.all().keySet()).forEach(state.tokens::remove);
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
    if (checkpoints != null) {
      journals.values().forEach(Journal::close);
      checkpoints.shutdown();
      try {
        checkpoints.awaitTermination(10, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (objects; catalog) {
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

  /** Runs a change under the region's lock, commits the region's changes, and returns once they are durable. */
  <T> T write(Region region, Function<RegionState, T> operation) {
    RegionState state = state(region);
    T result;
    Commit commit;
    List<Runnable> after;
    state.lock.lock();
    try {
      checkUsable();
      if (!DryRun.isActive()) { // a dry run changes nothing; what expired stays hidden until a real call purges (or cancels) it
        LocalRecycleBin.purge(this, state, clock.instant());
        DirectApi.cancelExpired(this, state, clock.instant());
      }
      result = applyCommittingPurge(state, operation);
      commit = commit(state);
      after = List.copyOf(state.afterCommit);
    } finally {
      state.afterCommit.clear();
      state.lock.unlock();
    }
    awaitDurable(commit);
    runAfterCommit(after);
    return result;
  }

  /**
   * Runs a change that reads {@code source} and changes {@code target}, both locked in a fixed
   * order; returns once the target's changes, and every source commit it may have read, are durable.
   */
  <T> T write(Region source, Region target, java.util.function.BiFunction<RegionState, RegionState, T> operation) {
    if (source.equals(target)) {
      return write(target, state -> operation.apply(state, state));
    }
    RegionState from = state(source);
    RegionState to = state(target);
    RegionState first = source.code().compareTo(target.code()) < 0 ? from : to;
    RegionState second = first == from ? to : from;
    T result;
    Commit changed;
    Commit read;
    List<Runnable> after = new ArrayList<>();
    first.lock.lock();
    second.lock.lock();
    try {
      checkUsable();
      result = operation.apply(from, to);
      changed = commit(to);
      read = commit(from);
      if (read == null && journals.containsKey(source)) {
        Journal journal = journals.get(source);
        read = new Commit(journal, journal.last());
      }
      after.addAll(to.afterCommit);
      after.addAll(from.afterCommit);
    } finally {
      to.afterCommit.clear();
      from.afterCommit.clear();
      second.lock.unlock();
      first.lock.unlock();
    }
    awaitDurable(read);
    awaitDurable(changed);
    runAfterCommit(after);
    return result;
  }

  /**
   * Applies {@code operation}; when it refuses, commits what the purge before it changed (the
   * refusal changed nothing) and runs the purge's deletions, then rethrows.
   */
  private <T> T applyCommittingPurge(RegionState state, Function<RegionState, T> operation) {
    try {
      return operation.apply(state);
    } catch (RuntimeException refused) {
      if (!state.changed.isEmpty() || !state.afterCommit.isEmpty()) {
        Commit purged = commit(state);
        List<Runnable> after = List.copyOf(state.afterCommit);
        state.afterCommit.clear();
        awaitDurable(purged);
        runAfterCommit(after);
      }
      throw refused;
    }
  }

  /**
   * Storage deletions wait until the catalog no longer names what they delete. Each runs on its
   * own: one that fails leaves an orphan for the next opening's sweep and never turns the committed
   * operation into an exception, nor stops the others.
   */
  private void runAfterCommit(List<Runnable> tasks) {
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

  /** A commit queued in a journal, to await. */
  private record Commit(Journal journal, long sequence) {}

  /**
   * Queues the region's changes as one journal batch (under the region's lock) and, when the
   * journal asks for one, hands a copy of the region's entries to the background checkpoint.
   *
   * @return the commit to await, or null when there is nothing to make durable
   */
  private Commit commit(RegionState state) {
    if (catalog == null || state.changed.isEmpty()) {
      state.changed.clear();
      return null;
    }
    try {
      Journal journal = journal(state.region);
      byte[] batch = Catalog.changes(state, state.changed);
      state.changed.clear();
      Journal.Ticket ticket = journal.append(batch);
      if (ticket.checkpointDue()) {
        List<Catalog.Change> contents = Catalog.contents(state);
        try {
          checkpoints.execute(() -> journal.checkpoint(ticket.sequence() + 1, Catalog.checkpoint(contents, Journal.CHECKPOINT_BATCH)));
        } catch (RejectedExecutionException closing) {
          // the cloud is closing: the journal stays whole without this checkpoint
        }
      }
      return new Commit(journal, ticket.sequence());
    } catch (IOException | RuntimeException e) {
      throw failed(state.region, e);
    }
  }

  private void awaitDurable(Commit commit) {
    if (commit == null) {
      return;
    }
    try {
      commit.journal().awaitDurable(commit.sequence());
    } catch (IOException e) {
      throw failed(commit.journal().region(), e);
    }
  }

  private UncheckedIOException failed(Region region, Exception e) {
    broken = "cloud catalog of region " + region + " failed to commit: reopen the cloud (" + e.getMessage() + ")";
    return new UncheckedIOException("catalog of region " + region + " failed to commit",
        e instanceof IOException io ? io : new IOException(e.toString(), e));
  }

  /** The region's journal, if it has one yet (for tests). */
  Optional<Journal> journalOf(Region region) {
    return Optional.ofNullable(journals.get(region));
  }

  /** The region's journal, recording the region in the catalog on its first commit. */
  private Journal journal(Region region) throws IOException {
    Journal journal = journals.get(region);
    if (journal == null) {
      catalog.addRegion(region);
      journal = Journal.fresh(catalog, region, checkpointBytes);
      journals.put(region, journal);
    }
    return journal;
  }

  /**
   * Reads every listed region (checkpoint, then journal), checks every reference, and only then
   * drops torn journal tails and sweeps stored data no committed resource names. Any fault
   * refuses the open with the first problem named, having changed nothing.
   */
  private void load() throws IOException {
    Optional<Set<Region>> listed = catalog.regions();
    if (listed.isEmpty()) {
      int snapshots = storage.snapshots().size();
      int volumes = storage.volumes().size();
      if (snapshots + volumes > 0) {
        throw new IOException("catalog in " + catalog + " has no region list, but the block store holds " + snapshots
            + " snapshots and " + volumes + " volumes: refused, nothing deleted (was the catalog removed?)");
      }
      catalog.create();
      return;
    }
    List<Region> sorted = new ArrayList<>(listed.get());
    sorted.sort(Comparator.comparing(Region::code));
    List<Journal> opened = new ArrayList<>();
    for (Region region : sorted) {
      Journal.Opened read = Journal.open(catalog, region, checkpointBytes);
      RegionState state = state(region);
      String where = "checkpoint of region " + region + " in " + catalog;
      CatalogReader.readInOrder(read.checkpoint(), where, batch -> Catalog.apply(state, batch));
      for (JournalFormat.Commit commit : read.commits()) {
        Catalog.apply(state, CatalogReader.read(commit.batch(), "commit " + commit.sequence() + " of region " + region + " in " + catalog));
      }
      opened.add(read.journal());
    }
    Set<BlockSnapshotId> storedSnapshots = new HashSet<>(storage.pendingSnapshots()); // EBS direct, not completed yet
    storage.snapshots().forEach(s -> storedSnapshots.add(s.id()));
    Set<BlockVolumeId> storedVolumes = new HashSet<>(storage.volumes());
    for (Region region : sorted) {
      Optional<String> problem = References.firstProblem(regions.get(region), storedSnapshots, storedVolumes);
      if (problem.isPresent()) {
        throw new IOException("catalog of region " + region + " in " + catalog + " does not match the stored data: "
            + problem.get() + ": refused, nothing changed");
      }
    }
    for (Journal journal : opened) {
      journal.resume();
      journals.put(journal.region(), journal);
    }
    Set<BlockVolumeId> volumes = new HashSet<>();
    for (RegionState state : regions.values()) {
      state.snapshots().forEach(s -> s.data().ifPresent(this::retain));
      state.binnedSnapshots().forEach(b -> b.entry().data().ifPresent(this::retain)); // the bin keeps their bytes
      state.volumes().forEach(v -> volumes.add(v.data()));
      state.instances().forEach(i -> i.instanceStore().ifPresent(volumes::add));
    }
    for (BlockVolumeId orphan : storedVolumes) {
      if (!volumes.contains(orphan)) {
        storage.deleteVolume(orphan);
      }
    }
    for (BlockSnapshotId orphan : storedSnapshots) {
      if (!dataRefs.containsKey(orphan)) {
        storage.deleteSnapshot(orphan);
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

  /** A new Recycle Bin rule identifier: 11 letters and digits. */
  String newRuleId() {
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    StringBuilder id = new StringBuilder(11);
    synchronized (ids) {
      for (int i = 0; i < 11; i++) {
        id.append(alphabet.charAt(ids.nextInt(alphabet.length())));
      }
    }
    return id.toString();
  }

  VolumeId newVolumeId() {
    synchronized (ids) {
      return VolumeId.random(ids);
    }
  }

  ReservationId newReservationId() {
    synchronized (ids) {
      return ReservationId.random(ids);
    }
  }

  InstanceId newInstanceId() {
    synchronized (ids) {
      return InstanceId.random(ids);
    }
  }
}
