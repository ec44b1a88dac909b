package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.time.Duration;
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
import org.amisdk.model.ReservationId;
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
 * needs, and the Recycle Bin's binned images and snapshots and retention rules. Mutable, guarded by {@link #lock}; entries are immutable and replaced whole. The maps
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
  /** The snapshots with a {@link Deadline}: started with StartSnapshot, not completed nor cancelled yet. */
  private final Set<SnapshotId> started = new HashSet<>();
  private final Map<VolumeId, VolumeEntry> volumes = new HashMap<>();
  /** The volumes DeleteVolume was asked of, whose entries linger as {@code deleting} until purged. */
  private final Set<VolumeId> deletedVolumes = new HashSet<>();
  private final Map<InstanceId, InstanceEntry> instances = new HashMap<>();
  private final Map<AccountId, Boolean> blockPublicAccess = new HashMap<>();
  private final Map<ImageId, BinnedImage> binnedImages = new HashMap<>();
  private final Map<SnapshotId, BinnedSnapshot> binnedSnapshots = new HashMap<>();
  private final Map<String, RuleEntry> rules = new HashMap<>();
  /**
   * The keys changed since the last commit: resource ids, and accounts whose settings changed. The
   * change-tracking hook of the durable cloud: every put and remove adds its key, the commit writes
   * each key's current entry (or its absence) to the journal and clears the set.
   */
  final Set<Object> changed = new LinkedHashSet<>();
  /** The client tokens of the region's accounts (RunInstances, CreateVolume, CopyImage, StartSnapshot), tracked in {@link #changed}. */
  final ClientTokens tokens = new ClientTokens(changed);
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

  /**
   * A snapshot's catalog entry: the snapshot as stored (no tags, no progress), its bytes in the block
   * store if any, and for a snapshot started with StartSnapshot and not completed yet, its deadline.
   */
  record SnapshotEntry(
      Snapshot snapshot,
      Instant completeAt,
      Optional<BlockSnapshotId> data,
      ImmutableSet<LaunchPermission> permissions,
      ImmutableMap<AccountId, ImmutableList<Tag>> tags,
      Tier tier,
      Optional<Deadline> deadline) {

    /** An entry with no deadline: every snapshot but one being written through the EBS direct APIs. */
    SnapshotEntry(Snapshot snapshot, Instant completeAt, Optional<BlockSnapshotId> data, ImmutableSet<LaunchPermission> permissions,
        ImmutableMap<AccountId, ImmutableList<Tag>> tags, Tier tier) {
      this(snapshot, completeAt, data, permissions, tags, tier, Optional.empty());
    }

    SnapshotEntry withSnapshot(Snapshot changed) {
      return new SnapshotEntry(changed, completeAt, data, permissions, tags, tier, deadline);
    }

    SnapshotEntry withPermissions(ImmutableSet<LaunchPermission> changed) {
      return new SnapshotEntry(snapshot, completeAt, data, changed, tags, tier, deadline);
    }

    SnapshotEntry withTags(ImmutableMap<AccountId, ImmutableList<Tag>> changed) {
      return new SnapshotEntry(snapshot, completeAt, data, permissions, changed, tier, deadline);
    }

    SnapshotEntry withTier(Tier changed) {
      return new SnapshotEntry(snapshot, completeAt, data, permissions, tags, changed, deadline);
    }

    SnapshotEntry withDeadline(Optional<Deadline> changed) {
      return new SnapshotEntry(snapshot, completeAt, data, permissions, tags, tier, changed);
    }
  }

  /**
   * When a snapshot started with StartSnapshot is cancelled (EBS direct APIs, StartSnapshot
   * {@code Timeout}): {@code timeout} after it started or after its last block was written, unless
   * CompleteSnapshot came first.
   */
  record Deadline(Duration timeout, Instant at) {}

  /**
   * A snapshot's storage tier history: the last tiering operation, when it started and when it
   * completes, and for a temporary restore when the snapshot goes back to the archive.
   */
  record Tier(String lastOperation, Optional<Instant> started, Optional<Instant> completes, Optional<Instant> restoreExpiry) {
    static final Tier STANDARD = new Tier("", Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * A volume's catalog entry; its state is computed from the clock: {@code creating} until {@code
   * availableAt}, then {@code available} or {@code in-use} while an attachment holds it, and
   * {@code deleting} until {@code goneAt}, after which it no longer exists (its bytes are freed
   * when DeleteVolume commits; the entry is purged by a later change).
   */
  record VolumeEntry(
      VolumeId id,
      AccountId owner,
      int size,
      Optional<SnapshotId> snapshotId,
      VolumeType type,
      boolean encrypted,
      Optional<String> kmsKeyId,
      Optional<Integer> iops,
      Optional<Integer> throughput,
      String zone,
      Instant created,
      Instant availableAt,
      BlockVolumeId data,
      Optional<Attachment> attachment,
      Optional<Instant> goneAt,
      ImmutableList<Tag> tags) {

    VolumeEntry withAttachment(Optional<Attachment> changed) {
      return new VolumeEntry(id, owner, size, snapshotId, type, encrypted, kmsKeyId, iops, throughput, zone, created,
          availableAt, data, changed, goneAt, tags);
    }

    VolumeEntry withTags(ImmutableList<Tag> changed) {
      return new VolumeEntry(id, owner, size, snapshotId, type, encrypted, kmsKeyId, iops, throughput, zone, created,
          availableAt, data, attachment, goneAt, changed);
    }

    VolumeEntry deleting(Instant gone) {
      return new VolumeEntry(id, owner, size, snapshotId, type, encrypted, kmsKeyId, iops, throughput, zone, created,
          availableAt, data, Optional.empty(), Optional.of(gone), tags);
    }

    /** Whether DeleteVolume was asked: the bytes are freed, the entry lingers only as {@code deleting}. */
    boolean deleted() {
      return goneAt.isPresent();
    }

    /** Whether the deletion has completed at {@code now}: the volume no longer exists. */
    boolean gone(Instant now) {
      return goneAt.isPresent() && !now.isBefore(goneAt.get());
    }

    /** The attachment still holding the volume at {@code now}: none once a detachment has completed. */
    Optional<Attachment> holder(Instant now) {
      return attachment.filter(a -> a.detachedAt().isEmpty() || now.isBefore(a.detachedAt().get()));
    }
  }

  /**
   * A volume's attachment: the instance and device, when AttachVolume (or the launch) was asked,
   * when attaching completes, and once DetachVolume is asked, when detaching completes.
   */
  record Attachment(InstanceId instance, String device, Instant attachTime, Instant attachedAt, Optional<Instant> detachedAt) {
    Attachment detaching(Instant done) {
      return new Attachment(instance, device, attachTime, attachedAt, Optional.of(done));
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
      String zone,
      Phase phase,
      Instant phaseEnds,
      ImmutableList<Tag> tags,
      Optional<BlockVolumeId> instanceStore,
      ReservationId reservation) {

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
          launchTime, zone, next, ends, tags, instanceStore, reservation);
    }

    InstanceEntry relaunched(Instant at, Instant ends) {
      return new InstanceEntry(id, owner, imageId, type, architecture, rootDeviceType, rootDeviceName, devices,
          at, zone, Phase.RUN, ends, tags, instanceStore, reservation);
    }

    InstanceEntry withDevices(ImmutableList<Instance.Attachment> changed) {
      return new InstanceEntry(id, owner, imageId, type, architecture, rootDeviceType, rootDeviceName, changed,
          launchTime, zone, phase, phaseEnds, tags, instanceStore, reservation);
    }

    InstanceEntry withTags(ImmutableList<Tag> changed) {
      return new InstanceEntry(id, owner, imageId, type, architecture, rootDeviceType, rootDeviceName, devices,
          launchTime, zone, phase, phaseEnds, changed, instanceStore, reservation);
    }

    /** The entry once its instance-store root is gone (on termination). */
    InstanceEntry withoutInstanceStore() {
      return new InstanceEntry(id, owner, imageId, type, architecture, rootDeviceType, rootDeviceName, devices,
          launchTime, zone, phase, phaseEnds, tags, Optional.empty(), reservation);
    }
  }

  /** The key under which a binned image or snapshot is tracked in {@link #changed}, apart from its live entry. */
  record InBin(Object id) {}

  /** A deregistered image kept by the Recycle Bin: its entry as it was, when it entered, and when it is deleted for good. */
  record BinnedImage(ImageEntry entry, Instant entered, Instant exits) {}

  /** A deleted snapshot kept by the Recycle Bin, with its stored bytes still held. */
  record BinnedSnapshot(SnapshotEntry entry, Instant entered, Instant exits) {}

  /** A retention rule and the account it belongs to; tracked in {@link #changed} by its identifier (a string). */
  record RuleEntry(String id, AccountId owner, RetentionRuleRequest spec) {}

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
    DryRun.checkNoChange();
    changed.add(entry.image().imageId());
    ImageEntry old = images.put(entry.image().imageId(), entry);
    if (old != null) {
      unindex(old);
    }
    entry.image().name().ifPresent(name -> byName.merge(name, entry.image().imageId(), ImageIndex::addId));
    for (SnapshotId snapshot : entry.snapshotIds()) {
      imagesBySnapshot.merge(snapshot, entry.image().imageId(), ImageIndex::addUser);
    }
  }

  /** Removes an image and its index entries. */
  void remove(ImageId id) {
    DryRun.checkNoChange();
    changed.add(id);
    ImageEntry old = images.remove(id);
    if (old != null) {
      unindex(old);
    }
  }

  /** The images (registered, pending or disabled) that map {@code snapshot}; empty when none does. */
  Set<ImageId> imagesUsing(SnapshotId snapshot) {
    return ImageIndex.users(imagesBySnapshot.get(snapshot));
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
        ImageIndex.ids(named.getValue()).forEach(id -> found.add(images.get(id)));
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

  /** Adds or replaces a snapshot, keeping the index of started snapshots in step. */
  void put(SnapshotEntry entry) {
    DryRun.checkNoChange();
    SnapshotId id = entry.snapshot().snapshotId();
    changed.add(id);
    snapshots.put(id, entry);
    if (entry.deadline().isPresent()) {
      started.add(id);
    } else {
      started.remove(id);
    }
  }

  /** Removes a snapshot. */
  void remove(SnapshotId id) {
    DryRun.checkNoChange();
    changed.add(id);
    snapshots.remove(id);
    started.remove(id);
  }

  /** The snapshots started with StartSnapshot that have a deadline (not completed nor cancelled), unmodifiable. */
  Set<SnapshotId> startedSnapshots() {
    return Collections.unmodifiableSet(started);
  }

  /** The volume with {@code id}, if the region has it. */
  Optional<VolumeEntry> volume(VolumeId id) {
    return Optional.ofNullable(volumes.get(id));
  }

  /** Every volume of the region, unmodifiable. */
  Collection<VolumeEntry> volumes() {
    return Collections.unmodifiableCollection(volumes.values());
  }

  /** Adds or replaces a volume, keeping the index of deleted volumes in step. */
  void put(VolumeEntry entry) {
    DryRun.checkNoChange();
    changed.add(entry.id());
    volumes.put(entry.id(), entry);
    if (entry.deleted()) {
      deletedVolumes.add(entry.id());
    } else {
      deletedVolumes.remove(entry.id());
    }
  }

  /** Removes a volume. */
  void remove(VolumeId id) {
    DryRun.checkNoChange();
    changed.add(id);
    volumes.remove(id);
    deletedVolumes.remove(id);
  }

  /** The volumes DeleteVolume was asked of (deleting or gone), unmodifiable. */
  Set<VolumeId> deletedVolumes() {
    return Collections.unmodifiableSet(deletedVolumes);
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
    DryRun.checkNoChange();
    changed.add(entry.id());
    instances.put(entry.id(), entry);
  }

  /** Removes an instance. */
  void remove(InstanceId id) {
    DryRun.checkNoChange();
    changed.add(id);
    instances.remove(id);
  }

  // ---- the Recycle Bin: binned images and snapshots, and retention rules

  /** The binned image with {@code id}, if any. */
  Optional<BinnedImage> binnedImage(ImageId id) {
    return Optional.ofNullable(binnedImages.get(id));
  }

  /** Every binned image of the region, unmodifiable. */
  Collection<BinnedImage> binnedImages() {
    return Collections.unmodifiableCollection(binnedImages.values());
  }

  /** Puts an image in the bin, or replaces its binned entry. */
  void put(BinnedImage binned) {
    ImageId id = binned.entry().image().imageId();
    changed.add(new InBin(id));
    binnedImages.put(id, binned);
  }

  /** Takes an image out of the bin. */
  void removeBinnedImage(ImageId id) {
    changed.add(new InBin(id));
    binnedImages.remove(id);
  }

  /** The binned snapshot with {@code id}, if any. */
  Optional<BinnedSnapshot> binnedSnapshot(SnapshotId id) {
    return Optional.ofNullable(binnedSnapshots.get(id));
  }

  /** Every binned snapshot of the region, unmodifiable. */
  Collection<BinnedSnapshot> binnedSnapshots() {
    return Collections.unmodifiableCollection(binnedSnapshots.values());
  }

  /** Puts a snapshot in the bin, or replaces its binned entry. */
  void put(BinnedSnapshot binned) {
    SnapshotId id = binned.entry().snapshot().snapshotId();
    changed.add(new InBin(id));
    binnedSnapshots.put(id, binned);
  }

  /** Takes a snapshot out of the bin. */
  void removeBinnedSnapshot(SnapshotId id) {
    changed.add(new InBin(id));
    binnedSnapshots.remove(id);
  }

  /** The retention rule with {@code id}, if any (of any account). */
  Optional<RuleEntry> rule(String id) {
    return Optional.ofNullable(rules.get(id));
  }

  /** Every retention rule of the region, unmodifiable. */
  Collection<RuleEntry> rules() {
    return Collections.unmodifiableCollection(rules.values());
  }

  /** Adds or replaces a retention rule. */
  void put(RuleEntry rule) {
    changed.add(rule.id());
    rules.put(rule.id(), rule);
  }

  /** Removes a retention rule. */
  void removeRule(String id) {
    changed.add(id);
    rules.remove(id);
  }

  // ---- image block public access, per account

  /** The setting {@code account} made of image block public access, if it made one (else the cloud's default for new accounts holds). */
  Optional<Boolean> blockPublicAccess(AccountId account) {
    return Optional.ofNullable(blockPublicAccess.get(account));
  }

  /** Every account's explicit setting of image block public access, unmodifiable. */
  Map<AccountId, Boolean> blockPublicAccessSettings() {
    return Collections.unmodifiableMap(blockPublicAccess);
  }

  /** Records {@code account}'s setting of image block public access: on, or off. */
  void blockPublicAccess(AccountId account, boolean on) {
    DryRun.checkNoChange();
    changed.add(account);
    blockPublicAccess.put(account, on);
  }

  /** Forgets {@code account}'s setting: the cloud's default for new accounts holds again. */
  void clearBlockPublicAccess(AccountId account) {
    DryRun.checkNoChange();
    changed.add(account);
    blockPublicAccess.remove(account);
  }

  private void unindex(ImageEntry old) {
    ImageId id = old.image().imageId();
    old.image().name().ifPresent(name -> byName.computeIfPresent(name, (k, ids) -> ImageIndex.removeId(ids, id)));
    for (SnapshotId snapshot : old.snapshotIds()) {
      imagesBySnapshot.computeIfPresent(snapshot, (k, users) -> ImageIndex.removeUser(users, id));
    }
  }

  /** The image of {@code owner} named {@code name}, if any. */
  Optional<ImageEntry> imageNamed(AccountId owner, String name) {
    for (ImageId id : ImageIndex.ids(byName.get(name))) {
      ImageEntry entry = images.get(id);
      if (entry.image().ownerId().equals(owner)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }
}
