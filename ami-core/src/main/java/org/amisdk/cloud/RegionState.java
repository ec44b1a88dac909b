package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.InstanceState;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeId;
import org.amisdk.model.VolumeType;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockVolumeId;
/**
 * One region's catalog: images, snapshots, volumes and instances, with the indexes describe
 * needs. Mutable, guarded by {@link #lock}; entries are immutable and replaced whole. The maps
 * are private: every change goes through one {@code put} and one {@code remove} per resource kind
 * (and {@link #blockPublicAccess(AccountId, boolean)}), so the indexes stay in step and a journal
 * can observe each change at one place.
 */
final class RegionState {
  final Region region;
  final ReentrantLock lock = new ReentrantLock();
  private final Map<ImageId, ImageEntry> images = new HashMap<>();
  /** Image name to the ids of the images with that name (of any owner): a literal prefix is a range. */
  private final TreeMap<String, Object> byName = new TreeMap<>();
  /** Snapshot to the images that map it (registered, pending or disabled): a bare id (the common case) or a set of ids. */
  private final Map<SnapshotId, Object> imagesBySnapshot = new HashMap<>();
  private final Map<SnapshotId, SnapshotEntry> snapshots = new HashMap<>();
  private final Map<VolumeId, VolumeEntry> volumes = new HashMap<>();
  private final Map<InstanceId, InstanceEntry> instances = new HashMap<>();
  private final Set<AccountId> blockPublicAccess = new HashSet<>();
  /** StartSnapshot client tokens (account/token) and what they started; kept in memory only. */
  final Map<String, DirectApi.Started> directStarts = new HashMap<>();
  /**
   * The keys changed since the last commit: resource ids, and accounts whose settings changed. The
   * change-tracking hook of the durable cloud: every put and remove adds its key, the commit writes
   * each key's current entry (or its absence) to the journal and clears the set.
   */
  final Set<Object> changed = new LinkedHashSet<>();
  /** Storage deletions to run once the change that drops their last reference has committed. */
  final List<Runnable> afterCommit = new ArrayList<>();

  RegionState(Region region) {
    this.region = region;
  }

  /** An image's catalog entry: the image as stored (no tags), who may launch it, and each account's tags. */
  record ImageEntry(
      Image image,
      ImmutableSet<LaunchPermission> permissions,
      ImmutableMap<AccountId, ImmutableList<Tag>> tags,
      Instant availableAt,
      Protection protection) {

    ImageEntry withImage(Image changed) {
      return new ImageEntry(changed, permissions, tags, availableAt, protection);
    }

    ImageEntry withPermissions(ImmutableSet<LaunchPermission> changed) {
      return new ImageEntry(image, changed, tags, availableAt, protection);
    }

    ImageEntry withTags(ImmutableMap<AccountId, ImmutableList<Tag>> changed) {
      return new ImageEntry(image, permissions, changed, availableAt, protection);
    }

    ImageEntry withProtection(Protection changed) {
      return new ImageEntry(image, permissions, tags, availableAt, changed);
    }

    /** The snapshots the image's EBS mappings name. */
    List<SnapshotId> snapshotIds() {
      List<SnapshotId> ids = new ArrayList<>(1);
      for (BlockDeviceMapping mapping : image.blockDeviceMappings()) {
        if (mapping instanceof BlockDeviceMapping.Ebs ebs && ebs.ebs().snapshotId().isPresent()) {
          ids.add(ebs.ebs().snapshotId().get());
        }
      }
      return ids;
    }
  }

  /** Deregistration protection: off, on (optionally with a 24 h cooldown), or lingering until a time after a cooldown. */
  record Protection(boolean enabled, boolean cooldown, Optional<Instant> until) {
    static final Protection NONE = new Protection(false, false, Optional.empty());

    boolean protects(Instant now) {
      return enabled || until.map(now::isBefore).orElse(false);
    }

    String wireValue(Instant now) {
      if (enabled) {
        return cooldown ? "enabled-with-cooldown" : "enabled";
      }
      return until.filter(now::isBefore).map(t -> "disabled-until-" + t).orElse("disabled");
    }
  }

  /** A snapshot's catalog entry: the snapshot as stored (no tags, no progress), its bytes in the block store if any. */
  record SnapshotEntry(
      Snapshot snapshot,
      Instant completeAt,
      Optional<BlockSnapshotId> data,
      ImmutableSet<LaunchPermission> permissions,
      ImmutableMap<AccountId, ImmutableList<Tag>> tags,
      Tier tier) {

    SnapshotEntry withSnapshot(Snapshot changed) {
      return new SnapshotEntry(changed, completeAt, data, permissions, tags, tier);
    }

    SnapshotEntry withPermissions(ImmutableSet<LaunchPermission> changed) {
      return new SnapshotEntry(snapshot, completeAt, data, changed, tags, tier);
    }

    SnapshotEntry withTags(ImmutableMap<AccountId, ImmutableList<Tag>> changed) {
      return new SnapshotEntry(snapshot, completeAt, data, permissions, changed, tier);
    }

    SnapshotEntry withTier(Tier changed) {
      return new SnapshotEntry(snapshot, completeAt, data, permissions, tags, changed);
    }
  }

  /**
   * A snapshot's storage tier history: the last tiering operation, when it started and when it
   * completes, and for a temporary restore when the snapshot goes back to the archive.
   */
  record Tier(String lastOperation, Optional<Instant> started, Optional<Instant> completes, Optional<Instant> restoreExpiry) {
    static final Tier STANDARD = new Tier("", Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A volume's catalog entry. */
  record VolumeEntry(
      VolumeId id,
      AccountId owner,
      int size,
      Optional<SnapshotId> snapshotId,
      VolumeType type,
      boolean encrypted,
      Instant created,
      BlockVolumeId data,
      Optional<InstanceId> attachedTo,
      ImmutableList<Tag> tags) {

    VolumeEntry withAttachedTo(Optional<InstanceId> instance) {
      return new VolumeEntry(id, owner, size, snapshotId, type, encrypted, created, data, instance, tags);
    }

    VolumeEntry withTags(ImmutableList<Tag> changed) {
      return new VolumeEntry(id, owner, size, snapshotId, type, encrypted, created, data, attachedTo, changed);
    }
  }

  /** What was last asked of an instance, and when that move ends. */
  enum Phase { RUN, STOP, TERMINATE }

  /**
   * An instance's catalog entry; its state is computed from {@code phase} and the clock.
   * {@code instanceStore} is the stored volume holding an instance-store-backed instance's root
   * (not an EBS volume: no catalog volume names it); empty for EBS-backed and terminated instances.
   */
  record InstanceEntry(
      InstanceId id,
      AccountId owner,
      ImageId imageId,
      String type,
      Architecture architecture,
      RootDeviceType rootDeviceType,
      Optional<String> rootDeviceName,
      ImmutableList<Instance.Attachment> devices,
      Instant launchTime,
      Phase phase,
      Instant phaseEnds,
      ImmutableList<Tag> tags,
      Optional<BlockVolumeId> instanceStore) {

    InstanceState state(Instant now) {
      boolean done = !now.isBefore(phaseEnds);
      return switch (phase) {
        case RUN -> done ? InstanceState.RUNNING : InstanceState.PENDING;
        case STOP -> done ? InstanceState.STOPPED : InstanceState.STOPPING;
        case TERMINATE -> done ? InstanceState.TERMINATED : InstanceState.SHUTTING_DOWN;
      };
    }

    InstanceEntry moved(Phase next, Instant ends) {
      return new InstanceEntry(id, owner, imageId, type, architecture, rootDeviceType, rootDeviceName, devices,
          launchTime, next, ends, tags, instanceStore);
    }

    InstanceEntry relaunched(Instant at, Instant ends) {
      return new InstanceEntry(id, owner, imageId, type, architecture, rootDeviceType, rootDeviceName, devices,
          at, Phase.RUN, ends, tags, instanceStore);
    }

    InstanceEntry withTags(ImmutableList<Tag> changed) {
      return new InstanceEntry(id, owner, imageId, type, architecture, rootDeviceType, rootDeviceName, devices,
          launchTime, phase, phaseEnds, changed, instanceStore);
    }

    /** The entry once its instance-store root is gone (on termination). */
    InstanceEntry withoutInstanceStore() {
      return new InstanceEntry(id, owner, imageId, type, architecture, rootDeviceType, rootDeviceName, devices,
          launchTime, phase, phaseEnds, tags, Optional.empty());
    }
  }

  // ---- images and their indexes

  /** The image with {@code id}, if the region has it. */
  Optional<ImageEntry> image(ImageId id) {
    return Optional.ofNullable(images.get(id));
  }

  /** Every image of the region, unmodifiable. */
  Collection<ImageEntry> images() {
    return Collections.unmodifiableCollection(images.values());
  }

  /** Adds or replaces an image, keeping the name and snapshot indexes in step. */
  void put(ImageEntry entry) {
    changed.add(entry.image().imageId());
    ImageEntry old = images.put(entry.image().imageId(), entry);
    if (old != null) {
      unindex(old);
    }
    entry.image().name().ifPresent(name -> byName.merge(name, entry.image().imageId(), RegionState::addId));
    for (SnapshotId snapshot : entry.snapshotIds()) {
      imagesBySnapshot.merge(snapshot, entry.image().imageId(), RegionState::addUser);
    }
  }

  /** Removes an image and its index entries. */
  void remove(ImageId id) {
    changed.add(id);
    ImageEntry old = images.remove(id);
    if (old != null) {
      unindex(old);
    }
  }

  /** The images (registered, pending or disabled) that map {@code snapshot}; empty when none does. */
  Set<ImageId> imagesUsing(SnapshotId snapshot) {
    return users(imagesBySnapshot.get(snapshot));
  }

  /** Every snapshot that some image maps (the keys of the index behind {@link #imagesUsing}), unmodifiable. */
  Set<SnapshotId> mappedSnapshots() {
    return Collections.unmodifiableSet(imagesBySnapshot.keySet());
  }

  /** The images whose names match {@code pattern}, looked up in the literal prefix's range of the name index. */
  List<ImageEntry> imagesNamed(Wildcard pattern) {
    String prefix = pattern.literalPrefix();
    Map<String, Object> range = pattern.isLiteral()
        ? (byName.containsKey(prefix) ? Map.of(prefix, byName.get(prefix)) : Map.of())
        : byName.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    List<ImageEntry> found = new ArrayList<>();
    for (var named : range.entrySet()) {
      if (pattern.matches(named.getKey())) {
        ids(named.getValue()).forEach(id -> found.add(images.get(id)));
      }
    }
    return found;
  }

  // ---- snapshots, volumes, instances

  /** The snapshot with {@code id}, if the region has it. */
  Optional<SnapshotEntry> snapshot(SnapshotId id) {
    return Optional.ofNullable(snapshots.get(id));
  }

  /** Every snapshot of the region, unmodifiable. */
  Collection<SnapshotEntry> snapshots() {
    return Collections.unmodifiableCollection(snapshots.values());
  }

  /** Adds or replaces a snapshot. */
  void put(SnapshotEntry entry) {
    changed.add(entry.snapshot().snapshotId());
    snapshots.put(entry.snapshot().snapshotId(), entry);
  }

  /** Removes a snapshot. */
  void remove(SnapshotId id) {
    changed.add(id);
    snapshots.remove(id);
  }

  /** The volume with {@code id}, if the region has it. */
  Optional<VolumeEntry> volume(VolumeId id) {
    return Optional.ofNullable(volumes.get(id));
  }

  /** Every volume of the region, unmodifiable. */
  Collection<VolumeEntry> volumes() {
    return Collections.unmodifiableCollection(volumes.values());
  }

  /** Adds or replaces a volume. */
  void put(VolumeEntry entry) {
    changed.add(entry.id());
    volumes.put(entry.id(), entry);
  }

  /** Removes a volume. */
  void remove(VolumeId id) {
    changed.add(id);
    volumes.remove(id);
  }

  /** The instance with {@code id}, if the region has it. */
  Optional<InstanceEntry> instance(InstanceId id) {
    return Optional.ofNullable(instances.get(id));
  }

  /** Every instance of the region, unmodifiable. */
  Collection<InstanceEntry> instances() {
    return Collections.unmodifiableCollection(instances.values());
  }

  /** Adds or replaces an instance. */
  void put(InstanceEntry entry) {
    changed.add(entry.id());
    instances.put(entry.id(), entry);
  }

  /** Removes an instance. */
  void remove(InstanceId id) {
    changed.add(id);
    instances.remove(id);
  }

  // ---- image block public access, per account

  /** Whether image block public access is on for {@code account}. */
  boolean blocksPublicAccess(AccountId account) {
    return blockPublicAccess.contains(account);
  }

  /** The accounts with image block public access on, unmodifiable. */
  Set<AccountId> blockPublicAccess() {
    return Collections.unmodifiableSet(blockPublicAccess);
  }

  /** Turns image block public access on or off for {@code account}. */
  void blockPublicAccess(AccountId account, boolean on) {
    changed.add(account);
    if (on) {
      blockPublicAccess.add(account);
    } else {
      blockPublicAccess.remove(account);
    }
  }

  private void unindex(ImageEntry old) {
    ImageId id = old.image().imageId();
    old.image().name().ifPresent(name -> byName.computeIfPresent(name, (k, ids) -> removeId(ids, id)));
    for (SnapshotId snapshot : old.snapshotIds()) {
      imagesBySnapshot.computeIfPresent(snapshot, (k, users) -> removeUser(users, id));
    }
  }

  /** The images of one entry of the snapshot index, unmodifiable. */
  @SuppressWarnings("unchecked")
  private static Set<ImageId> users(Object users) {
    if (users == null) {
      return Set.of();
    }
    return users instanceof ImageId id ? Set.of(id) : Collections.unmodifiableSet((Set<ImageId>) users);
  }

  /** Adds in place once a snapshot has two users: copying would make many images of one snapshot quadratic. */
  @SuppressWarnings("unchecked")
  private static Object addUser(Object existing, Object added) {
    if (existing instanceof ImageId id) {
      if (id.equals(added)) {
        return id;
      }
      Set<ImageId> users = new HashSet<>(4);
      users.add(id);
      users.add((ImageId) added);
      return users;
    }
    ((Set<ImageId>) existing).add((ImageId) added);
    return existing;
  }

  @SuppressWarnings("unchecked")
  private static Object removeUser(Object existing, ImageId id) {
    if (existing instanceof ImageId only) {
      return only.equals(id) ? null : only;
    }
    Set<ImageId> users = (Set<ImageId>) existing;
    users.remove(id);
    return users.isEmpty() ? null : users.size() == 1 ? users.iterator().next() : users;
  }

  /** The ids of the images named {@code name}, of any owner. */
  @SuppressWarnings("unchecked")
  private static Collection<ImageId> ids(Object named) {
    if (named == null) {
      return List.of();
    }
    return named instanceof ImageId id ? List.of(id) : (List<ImageId>) named;
  }

  /** One name maps to a bare id (the common case, no list allocated) or to a list of ids. */
  private static Object addId(Object existing, Object added) {
    List<ImageId> ids = new ArrayList<>(ids(existing));
    ids.add((ImageId) added);
    return ids;
  }

  private static Object removeId(Object existing, ImageId id) {
    List<ImageId> ids = new ArrayList<>(ids(existing));
    ids.remove(id);
    return ids.isEmpty() ? null : ids.size() == 1 ? ids.get(0) : ids;
  }

  /** The image of {@code owner} named {@code name}, if any. */
  Optional<ImageEntry> imageNamed(AccountId owner, String name) {
    for (ImageId id : ids(byName.get(name))) {
      ImageEntry entry = images.get(id);
      if (entry.image().ownerId().equals(owner)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }
}
