package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ImageId;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;

/**
 * The Recycle Bin of the caller in its region: retention rules, and the binned images and
 * snapshots they keep. Owns the moves into the bin (on deregistration and deletion), out of it
 * (restore) and the purge at each resource's exit time, which the cloud runs at the start of every
 * change in the region ({@link #purge}), so the bin needs no thread of its own.
 */
final class LocalRecycleBin extends SessionArea implements RecycleBin {
  /** The most retention rules one account has in one region (rbin's quota). */
  static final int MAX_RULES = 250;
  /** The most ids ListImagesInRecycleBin takes. */
  static final int MAX_LISTED_IMAGES = 20;

  LocalRecycleBin(Session session) {
    super(session);
  }

  // ---- rules

  @Override
  public RetentionRule createRule(RetentionRuleRequest request) {
    return cloud.write(region, state -> {
      long owned = state.rules().stream().filter(r -> r.owner().equals(caller)).count();
      if (owned >= MAX_RULES) {
        throw Ec2Exception.of(Ec2ErrorCode.RBIN_QUOTA_EXCEEDED, "account %s has %d retention rules in %s: at most %d",
            caller, owned, region, MAX_RULES);
      }
      session.beforeChange();
      String id = cloud.newRuleId();
      state.put(new RegionState.RuleEntry(id, caller, request));
      return new RetentionRule(id, request);
    });
  }

  @Override
  public RetentionRule getRule(String identifier) {
    RetentionRule.checkIdentifier(identifier);
    return cloud.read(region, state -> view(ownedRule(state, identifier)));
  }

  @Override
  public List<RetentionRule> listRules(RecycleBinResourceType type) {
    return cloud.read(region, state -> state.rules().stream()
        .filter(r -> r.owner().equals(caller) && r.spec().resourceType() == type)
        .sorted(Comparator.comparing(RegionState.RuleEntry::id))
        .map(LocalRecycleBin::view)
        .toList());
  }

  @Override
  public RetentionRule updateRule(String identifier, RetentionRuleRequest request) {
    RetentionRule.checkIdentifier(identifier);
    return cloud.write(region, state -> {
      RegionState.RuleEntry rule = ownedRule(state, identifier);
      if (rule.spec().resourceType() != request.resourceType()) {
        throw Ec2Exception.of(Ec2ErrorCode.RBIN_VALIDATION, "rule %s retains %s: a rule's resource type cannot change to %s",
            identifier, rule.spec().resourceType().wireValue(), request.resourceType().wireValue());
      }
      session.beforeChange();
      state.put(new RegionState.RuleEntry(identifier, caller, request));
      return new RetentionRule(identifier, request);
    });
  }

  @Override
  public void deleteRule(String identifier) {
    RetentionRule.checkIdentifier(identifier);
    cloud.write(region, state -> {
      ownedRule(state, identifier);
      session.beforeChange();
      state.removeRule(identifier);
      return null;
    });
  }

  private RegionState.RuleEntry ownedRule(RegionState state, String identifier) {
    return state.rule(identifier).filter(r -> r.owner().equals(caller)).orElseThrow(() -> Ec2Exception.of(
        Ec2ErrorCode.RBIN_RESOURCE_NOT_FOUND, "retention rule %s does not exist for account %s in %s", identifier, caller, region));
  }

  private static RetentionRule view(RegionState.RuleEntry rule) {
    return new RetentionRule(rule.id(), rule.spec());
  }

  // ---- into the bin

  /**
   * The longest retention of {@code owner}'s rules of {@code type} that retain a resource tagged
   * {@code tags}, in days; empty when no rule does.
   */
  static OptionalInt retention(RegionState state, AccountId owner, RecycleBinResourceType type, List<Tag> tags) {
    return state.rules().stream()
        .filter(r -> r.owner().equals(owner) && r.spec().resourceType() == type && r.spec().retains(tags))
        .mapToInt(r -> r.spec().retentionDays())
        .max();
  }

  /**
   * Puts a deregistered image in the bin when one of its owner's image rules retains it (only an
   * EBS-backed image); the caller has already removed it from the live images.
   *
   * @return whether the image went to the bin
   */
  static boolean binImage(RegionState state, RegionState.ImageEntry entry, Instant now) {
    AccountId owner = entry.image().ownerId();
    if (entry.image().rootDeviceType() != RootDeviceType.EBS) {
      return false;
    }
    OptionalInt days = retention(state, owner, RecycleBinResourceType.EC2_IMAGE, entry.tags().getOrDefault(owner, ImmutableList.of()));
    if (days.isEmpty()) {
      return false;
    }
    state.put(new RegionState.BinnedImage(entry, now, now.plus(Duration.ofDays(days.getAsInt()))));
    return true;
  }

  /**
   * Puts a deleted snapshot in the bin, its stored bytes still held, when one of its owner's
   * snapshot rules retains it; the caller has already removed it from the live snapshots. A
   * snapshot being written through the EBS direct APIs is not retained: deleting it abandons it.
   *
   * @return whether the snapshot went to the bin (when not, the caller releases its bytes)
   */
  static boolean binSnapshot(RegionState state, RegionState.SnapshotEntry entry, Instant now) {
    if (DirectApi.isStarted(entry)) {
      return false;
    }
    AccountId owner = entry.snapshot().ownerId();
    OptionalInt days = retention(state, owner, RecycleBinResourceType.EBS_SNAPSHOT, entry.tags().getOrDefault(owner, ImmutableList.of()));
    if (days.isEmpty()) {
      return false;
    }
    state.put(new RegionState.BinnedSnapshot(entry, now, now.plus(Duration.ofDays(days.getAsInt()))));
    return true;
  }

  /** Deletes for good every binned resource whose exit time has come; a binned snapshot's bytes are freed after the commit. */
  static void purge(CloudImpl cloud, RegionState state, Instant now) {
    if (state.binnedImages().isEmpty() && state.binnedSnapshots().isEmpty()) {
      return;
    }
    for (RegionState.BinnedImage binned : List.copyOf(state.binnedImages())) {
      if (!now.isBefore(binned.exits())) {
        state.removeBinnedImage(binned.entry().image().imageId());
      }
    }
    for (RegionState.BinnedSnapshot binned : List.copyOf(state.binnedSnapshots())) {
      if (!now.isBefore(binned.exits())) {
        SnapshotId id = binned.entry().snapshot().snapshotId();
        state.removeBinnedSnapshot(id);
        binned.entry().data().ifPresent(data -> cloud.releaseAfterCommit(state, data, id));
      }
    }
  }

  // ---- the EC2 actions

  @Override
  public List<RecycleBinImage> listImagesInRecycleBin(List<ImageId> imageIds) {
    if (imageIds.size() > MAX_LISTED_IMAGES) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "list images in recycle bin names %d image ids: at most %d",
          imageIds.size(), MAX_LISTED_IMAGES);
    }
    return cloud.read(region, state -> {
      Instant now = session.now();
      List<RecycleBinImage> found = new ArrayList<>();
      for (RegionState.BinnedImage binned : state.binnedImages()) {
        var image = binned.entry().image();
        if (image.ownerId().equals(caller) && now.isBefore(binned.exits())
            && (imageIds.isEmpty() || imageIds.contains(image.imageId()))) {
          found.add(new RecycleBinImage(image.imageId(), image.name(), image.description(), binned.entered(), binned.exits()));
        }
      }
      found.sort(Comparator.comparing(i -> i.imageId().toString()));
      return found;
    });
  }

  @Override
  public void restoreImageFromRecycleBin(ImageId imageId) {
    cloud.write(region, state -> {
      RegionState.BinnedImage binned = state.binnedImage(imageId).filter(b -> b.entry().image().ownerId().equals(caller))
          .orElseThrow(() -> Ec2Exception.of(Ec2ErrorCode.INVALID_AMI_ID_NOT_FOUND,
              "image %s is not in the Recycle Bin of account %s", imageId, caller));
      for (SnapshotId snapshot : new LinkedHashSet<>(binned.entry().snapshotIds())) {
        if (state.snapshot(snapshot).isPresent()) {
          continue;
        }
        if (state.binnedSnapshot(snapshot).isPresent()) {
          throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE,
              "cannot restore image %s: its snapshot %s is in the Recycle Bin, restore the snapshot first", imageId, snapshot);
        }
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND,
            "cannot restore image %s: its snapshot %s was deleted for good, the image cannot be recovered", imageId, snapshot);
      }
      Optional<String> name = binned.entry().image().name();
      name.ifPresent(n -> session.checkNameFree(state, n));
      session.beforeChange();
      state.removeBinnedImage(imageId);
      state.put(binned.entry());
      return null;
    });
  }

  @Override
  public List<RecycleBinSnapshot> listSnapshotsInRecycleBin(List<SnapshotId> snapshotIds) {
    return cloud.read(region, state -> {
      Instant now = session.now();
      List<RecycleBinSnapshot> found = new ArrayList<>();
      for (RegionState.BinnedSnapshot binned : state.binnedSnapshots()) {
        Snapshot s = binned.entry().snapshot();
        if (s.ownerId().equals(caller) && now.isBefore(binned.exits())
            && (snapshotIds.isEmpty() || snapshotIds.contains(s.snapshotId()))) {
          found.add(new RecycleBinSnapshot(s.snapshotId(), s.description(), s.volumeId(), binned.entered(), binned.exits()));
        }
      }
      found.sort(Comparator.comparing(s -> s.snapshotId().toString()));
      return found;
    });
  }

  @Override
  public Snapshot restoreSnapshotFromRecycleBin(SnapshotId snapshotId) {
    return cloud.write(region, state -> {
      RegionState.BinnedSnapshot binned = state.binnedSnapshot(snapshotId)
          .filter(b -> b.entry().snapshot().ownerId().equals(caller))
          .orElseThrow(() -> Ec2Exception.of(Ec2ErrorCode.INVALID_SNAPSHOT_NOT_FOUND,
              "snapshot %s is not in the Recycle Bin of account %s", snapshotId, caller));
      session.beforeChange();
      state.removeBinnedSnapshot(snapshotId);
      state.put(binned.entry());
      return Views.snapshot(binned.entry(), caller, session.now());
    });
  }
}
