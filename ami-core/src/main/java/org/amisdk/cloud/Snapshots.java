package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ImageId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.StorageTier;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeType;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.block.SnapshotInfo;

/** Snapshots: create, describe, delete, copy, share, archive and restore, import and export; owns the
 * snapshot state table and its refusals. */
final class Snapshots extends SessionArea {
  Snapshots(Session session) {
    super(session);
  }

  private static final int MAX_PENDING_SNAPSHOTS_PER_VOLUME = 5;

  /**
   * How long a full copy, archival or restore of a snapshot takes: its data is not known from the
   * catalog, so an eighth of its volume size (a typical fill) is moved.
   */
  Duration fullCopyDuration(Snapshot snapshot) {
    return cloud.timings.snapshotDuration((long) snapshot.volumeSize() * Session.GIB / 8);
  }

  /** A pending copy of {@code source} owned by the caller, without tags, in the standard tier. */
  Snapshot pendingCopy(Snapshot source, SnapshotId id, Instant now, String description, boolean encrypted,
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

  Snapshot createSnapshot(CreateSnapshotRequest request) {
    Session.checkDescriptionLength("snapshot", request.description(), Snapshot.MAX_DESCRIPTION_LENGTH);
    return cloud.write(region, state -> {
      Instant now = session.now();
      RegionState.VolumeEntry volume = session.ownedVolume(state, request.volumeId());
      long pending = state.snapshots().stream()
          .filter(s -> s.snapshot().volumeId().equals(Optional.of(volume.id())) && Views.snapshotState(s, now) == SnapshotState.PENDING)
          .count();
      int limit = volume.type() == VolumeType.ST1 || volume.type() == VolumeType.SC1 ? 1 : MAX_PENDING_SNAPSHOTS_PER_VOLUME;
      if (pending >= limit) {
        throw Ec2Exception.of(Ec2ErrorCode.CONCURRENT_SNAPSHOT_LIMIT_EXCEEDED,
            "volume %s has %d pending snapshots: at most %d at a time for a %s volume", volume.id(), pending, limit, volume.type().wireValue());
      }
      ImmutableMap<AccountId, ImmutableList<Tag>> tags = session.callerTags(request.tags());
      session.beforeChange();
      RegionState.SnapshotEntry entry = snapshotVolume(state, volume, request.description(), tags, now);
      return Views.snapshot(entry, caller, now);
    });
  }

  /** Snapshots a volume through the block store (only the blocks changed since its base are stored) and records it. */
  RegionState.SnapshotEntry snapshotVolume(RegionState state, RegionState.VolumeEntry volume, Optional<String> description,
      ImmutableMap<AccountId, ImmutableList<Tag>> tags, Instant now) {
    BlockSnapshotId data;
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

  DescribeSnapshotsResponse describeSnapshots(DescribeSnapshotsRequest request) {
    List<SnapshotId> ids = request.snapshotIds();
    int max = Paging.pageSize("describe snapshots", request.maxResults(), !ids.isEmpty());
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
      Instant now = session.now();
      for (SnapshotId id : ids) {
        session.restorableSnapshot(state, id); // another account's private snapshot is not found, as an unknown id
      }
      var candidates = ids.isEmpty() ? state.snapshots() : ids.stream().distinct().map(id -> state.snapshot(id).orElseThrow()).toList();
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
      return Paging.page(found, pageSize, s -> s.snapshotId().toString(), DescribeSnapshotsResponse::new);
    });
  }

  void deleteSnapshot(SnapshotId snapshotId) {
    SnapshotId id = snapshotId;
    cloud.write(region, state -> {
      RegionState.SnapshotEntry entry = session.ownedSnapshot(state, id, "delete");
      Set<ImageId> users = state.imagesUsing(id);
      if (users != null && !users.isEmpty()) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_SNAPSHOT_IN_USE, "The snapshot %s is currently in use by %s",
            id, users.stream().map(Object::toString).sorted().findFirst().get());
      }
      session.beforeChange();
      removeSnapshot(state, entry);
      return null;
    });
  }

  /** Deletes a snapshot: to the Recycle Bin when one of its owner's rules retains it, otherwise for good. */
  void removeSnapshot(RegionState state, RegionState.SnapshotEntry entry) {
    state.remove(entry.snapshot().snapshotId());
    if (LocalRecycleBin.binSnapshot(state, entry, session.now())) {
      return;
    }
    entry.data().ifPresent(data -> cloud.releaseAfterCommit(state, data, entry.snapshot().snapshotId()));
  }

  SnapshotId copySnapshot(CopySnapshotRequest request) {
    SnapshotId sourceId = request.sourceSnapshotId();
    if (request.kmsKeyId().isPresent() && !request.encrypted()) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_DEPENDENCY, "copy snapshot %s names KMS key %s without Encrypted: KmsKeyId needs Encrypted true",
          sourceId, request.kmsKeyId().get());
    }
    ImmutableMap<AccountId, ImmutableList<Tag>> tags = session.callerTags(request.tags());
    return cloud.write(request.sourceRegion(), region, (from, to) -> {
      Instant now = session.now();
      RegionState.SnapshotEntry source = session.restorableSnapshot(from, sourceId);
      SnapshotState sourceState = Views.snapshotState(source, now);
      if (sourceState != SnapshotState.COMPLETED) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "cannot copy snapshot %s: it is %s, only a completed snapshot can be copied",
            sourceId, sourceState.wireValue());
      }
      if (Views.tier(source, now) == StorageTier.ARCHIVE) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "cannot copy snapshot %s: it is archived, restore it first", sourceId);
      }
      Snapshot s = source.snapshot();
      session.beforeChange();
      SnapshotId id = cloud.newSnapshotId();
      boolean encrypted = s.isEncrypted() || request.encrypted();
      Snapshot copy = pendingCopy(s, id, now, request.description().orElse("[Copied " + sourceId + " from " + request.sourceRegion() + "]"),
          encrypted, request.kmsKeyId());
      Instant completes = now.plus(fullCopyDuration(s));
      to.put(new RegionState.SnapshotEntry(copy, completes, source.data(), ImmutableSet.of(), tags,
          RegionState.Tier.STANDARD));
      source.data().ifPresent(cloud::retain);
      return id;
    });
  }

  void modifySnapshotAttribute(ModifySnapshotAttributeRequest request) {
    SnapshotId id = request.snapshotId();
    if (!request.add().isEmpty() && !request.remove().isEmpty()) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
          "modify snapshot attribute of %s both adds and removes: one call does one of them", id);
    }
    List<LaunchPermission> changes = request.add().isEmpty() ? request.remove() : request.add();
    if (changes.isEmpty()) {
      throw Ec2Exception.of(Ec2ErrorCode.MISSING_PARAMETER, "modify snapshot attribute of %s names no permission: give at least one", id);
    }
    if (changes.size() > 500) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "modify snapshot attribute of %s names %d permissions: at most 500 per call",
          id, changes.size());
    }
    for (LaunchPermission permission : changes) {
      if (!(permission instanceof LaunchPermission.Account) && permission != LaunchPermission.EVERYONE) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            "create volume permission %s is refused: snapshots are shared with accounts or group all only", permission);
      }
    }
    cloud.write(region, state -> {
      RegionState.SnapshotEntry entry = session.ownedSnapshot(state, id, "share");
      Set<LaunchPermission> next = new LinkedHashSet<>(entry.permissions());
      if (request.add().isEmpty()) {
        next.removeAll(changes);
      } else {
        if (changes.contains(LaunchPermission.EVERYONE) && entry.snapshot().isEncrypted()) {
          throw Ec2Exception.of(Ec2ErrorCode.UNSUPPORTED_OPERATION, "Encrypted snapshots can't be shared publicly. Specify another snapshot.");
        }
        if (Views.tier(entry, session.now()) == StorageTier.ARCHIVE) {
          throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "cannot share snapshot %s: it is archived, archived snapshots cannot be shared", id);
        }
        next.addAll(changes);
      }
      session.beforeChange();
      state.put(entry.withPermissions(ImmutableSet.copyOf(next)));
      return null;
    });
  }

  List<LaunchPermission> describeSnapshotCreateVolumePermissions(SnapshotId snapshotId) {
    SnapshotId id = snapshotId;
    return cloud.read(region, state -> List.copyOf(session.ownedSnapshot(state, id, "read the permissions of").permissions()));
  }

  Instant modifySnapshotTier(SnapshotId snapshotId) {
    SnapshotId id = snapshotId;
    return cloud.write(region, state -> {
      Instant now = session.now();
      RegionState.SnapshotEntry entry = session.ownedSnapshot(state, id, "archive");
      SnapshotState current = Views.snapshotState(entry, now);
      if (current != SnapshotState.COMPLETED) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "cannot archive snapshot %s: it is %s, only a completed snapshot can be archived",
            id, current.wireValue());
      }
      Set<ImageId> users = state.imagesUsing(id);
      if (users != null && !users.isEmpty()) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "cannot archive snapshot %s: it is associated with image %s",
            id, users.iterator().next());
      }
      String last = entry.tier().lastOperation();
      boolean standardNow = Views.tier(entry, now) == StorageTier.STANDARD && !last.equals("temporary-restore");
      if (!standardNow || (last.equals("archival") && entry.tier().completes().map(now::isBefore).orElse(false))) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "cannot archive snapshot %s: it is archived or being archived already", id);
      }
      Instant completes = now.plus(fullCopyDuration(entry.snapshot()));
      session.beforeChange();
      state.put(entry.withTier(new RegionState.Tier("archival", Optional.of(now), Optional.of(completes), Optional.empty())));
      return now;
    });
  }

  SnapshotTierRestore restoreSnapshotTier(SnapshotId snapshotId, Optional<Integer> temporaryRestoreDays, boolean permanentRestore) {
    SnapshotId id = snapshotId;
    if (permanentRestore && temporaryRestoreDays.isPresent()) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
          "restore of snapshot %s is both permanent and for %d days: give one of them", id, temporaryRestoreDays.get());
    }
    int days = temporaryRestoreDays.orElse(1);
    if (days < 1 || days > 180) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "temporary restore of snapshot %s for %d days: it is 1 to 180 days", id, days);
    }
    return cloud.write(region, state -> {
      Instant now = session.now();
      RegionState.SnapshotEntry entry = session.ownedSnapshot(state, id, "restore");
      RegionState.Tier tier = entry.tier();
      boolean archived = Views.tier(entry, now) == StorageTier.ARCHIVE;
      boolean temporarilyRestored = tier.lastOperation().equals("temporary-restore") && !archived;
      if (!archived && !temporarilyRestored) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "cannot restore snapshot %s: it is not archived", id);
      }
      Instant restored = temporarilyRestored ? tier.completes().orElse(now)
          : now.plus(fullCopyDuration(entry.snapshot()));
      Instant started = temporarilyRestored ? tier.started().orElse(now) : now;
      RegionState.Tier next = permanentRestore
          ? new RegionState.Tier("permanent-restore", Optional.of(started), Optional.of(restored), Optional.empty())
          : new RegionState.Tier("temporary-restore", Optional.of(started), Optional.of(restored),
              Optional.of(restored.plus(Duration.ofDays(days))));
      session.beforeChange();
      state.put(entry.withTier(next));
      return new SnapshotTierRestore(id, started, permanentRestore ? Optional.empty() : Optional.of(days), permanentRestore);
    });
  }

  List<SnapshotTierStatus> describeSnapshotTierStatus() {
    return cloud.read(region, state -> {
      Instant now = session.now();
      List<SnapshotTierStatus> statuses = new ArrayList<>();
      for (RegionState.SnapshotEntry entry : state.snapshots()) {
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

  void checkRestorable(RegionState.SnapshotEntry snapshot, Instant now) {
    SnapshotState current = Views.snapshotState(snapshot, now);
    if (current != SnapshotState.COMPLETED) {
      throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "Snapshot is in invalid state - %s: snapshot %s must be completed to restore a volume",
          current.wireValue(), snapshot.snapshot().snapshotId());
    }
    if (Views.tier(snapshot, now) == StorageTier.ARCHIVE) {
      throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "snapshot %s is archived: restore it to the standard tier before creating volumes",
          snapshot.snapshot().snapshotId());
    }
  }

  Snapshot importSnapshot(Path rawImage, String description, ProgressListener listener) {
    Session.checkDescriptionLength("snapshot", Optional.of(description), Snapshot.MAX_DESCRIPTION_LENGTH);
    session.beforeChange();
    BlockSnapshotId data;
    SnapshotInfo info;
    try {
      data = cloud.storage.importRaw(rawImage, Optional.empty(), listener);
      info = cloud.storage.snapshot(data).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException("import of raw image " + rawImage + " failed", e);
    }
    return cloud.write(region, state -> {
      Instant now = session.now();
      Snapshot snapshot = Snapshot.builder()
          .snapshotId(cloud.newSnapshotId())
          .state(SnapshotState.COMPLETED)
          .progress(100)
          .startTime(now)
          .completionTime(now)
          .ownerId(caller)
          .description(description)
          .volumeSize((int) Math.max(1, (info.sizeBytes() + Session.GIB - 1) / Session.GIB))
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

  void exportSnapshot(SnapshotId snapshotId, Path target, ProgressListener listener) {
    SnapshotId id = snapshotId;
    record Held(BlockSnapshotId data, Holds.Hold hold) {}
    Held held = cloud.read(region, state -> {
      RegionState.SnapshotEntry entry = session.restorableSnapshot(state, id);
      checkRestorable(entry, session.now());
      BlockSnapshotId data = entry.data().orElseThrow(() -> Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
          "snapshot %s holds no data: it was seeded as metadata only", id));
      session.beforeChange();
      return new Held(data, cloud.holds.hold(data));
    });
    try (Holds.Hold hold = held.hold()) {
      cloud.storage.export(held.data(), target, listener);
    } catch (IOException e) {
      throw new UncheckedIOException("export of snapshot " + id + " to " + target + " failed", e);
    }
  }
}
