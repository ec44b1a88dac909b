package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Hypervisor;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.ImageType;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeId;
import org.amisdk.storage.block.BlockVolume;

/**
 * One account acting in one region: the caller, its principals, the clock, and the lookups every
 * resource area shares (an image the caller sees or owns, a snapshot it may restore, its volumes and
 * instances), with the checks common to them (tags, descriptions, names).
 */
final class Session {
  final CloudImpl cloud;
  final AccountId caller;
  final Region region;
  /** What launch and create-volume permissions cover the caller: everyone, its account, its organization and OUs. */
  final Set<LaunchPermission> principals;
  /** Whether this session dry-runs: every change stops at {@link #beforeChange()}. */
  final boolean dryRun;

  Session(CloudImpl cloud, AccountId caller, Region region, boolean dryRun) {
    this.cloud = cloud;
    this.caller = caller;
    this.region = region;
    this.principals = cloud.principals(caller);
    this.dryRun = dryRun;
  }

  /**
   * The point of every change where each check (validation and authorization) has passed and
   * nothing has changed yet, in the catalog or in storage: a dry run ends here with {@code
   * DryRunOperation}.
   */
  void beforeChange() {
    if (dryRun) {
      throw DryRun.wouldSucceed();
    }
  }

  Instant now() {
    return cloud.clock.instant();
  }

  /** Whether the caller sees the image at all: owned, public, or shared with the caller's account. */
  boolean visible(RegionState.ImageEntry entry) {
    return Views.mayLaunch(caller, principals, entry);
  }

  /** The image, which the caller must see; absent or invisible images are not found. */
  RegionState.ImageEntry visibleImage(RegionState state, ImageId id) {
    return state.image(id).filter(this::visible).orElseThrow(() -> Refusals.imagesNotFound(List.of(id)));
  }

  /** The image, which the caller must own. */
  RegionState.ImageEntry ownedImage(RegionState state, ImageId id, String action) {
    RegionState.ImageEntry entry = visibleImage(state, id);
    if (!entry.image().ownerId().equals(caller)) {
      throw Refusals.notOwner("image", id, action);
    }
    return entry;
  }

  /** A snapshot the caller may restore (own, shared or public); otherwise not found. */
  RegionState.SnapshotEntry restorableSnapshot(RegionState state, SnapshotId id) {
    return state.snapshot(id).filter(entry -> Views.mayRestore(caller, principals, entry))
        .orElseThrow(() -> Refusals.snapshotNotFound(id));
  }

  RegionState.SnapshotEntry ownedSnapshot(RegionState state, SnapshotId id, String action) {
    RegionState.SnapshotEntry entry = restorableSnapshot(state, id);
    if (!entry.snapshot().ownerId().equals(caller)) {
      throw Refusals.notOwner("snapshot", id, action);
    }
    return entry;
  }

  /** A volume the caller owns that is not being deleted; a deleting one is refused with {@code IncorrectState}. */
  RegionState.VolumeEntry ownedVolume(RegionState state, VolumeId id) {
    RegionState.VolumeEntry entry = describableVolume(state, id);
    if (entry.deleted()) {
      throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "The volume '%s' is 'deleting': a deleted volume cannot be used.", id);
    }
    return entry;
  }

  /** A volume the caller owns, {@code deleting} included; one whose deletion completed does not exist. */
  RegionState.VolumeEntry describableVolume(RegionState state, VolumeId id) {
    return state.volume(id).filter(entry -> entry.owner().equals(caller) && !entry.gone(now()))
        .orElseThrow(() -> Refusals.volumeNotFound(id));
  }

  RegionState.InstanceEntry ownedInstance(RegionState state, InstanceId id) {
    return state.instance(id).filter(entry -> entry.owner().equals(caller)).orElseThrow(() -> Refusals.instanceNotFound(id));
  }

  /** The caller's tags on a new resource, checked as {@link #checkTags} does. */
  ImmutableMap<AccountId, ImmutableList<Tag>> callerTags(List<Tag> tags) {
    checkTags(tags);
    if (tags.isEmpty()) {
      return ImmutableMap.of();
    }
    return ImmutableMap.of(caller, ImmutableList.copyOf(tags));
  }

  /** Checks the tags a request puts on a new resource: at most 50, none with the reserved {@code aws:} prefix. */
  static void checkTags(List<Tag> tags) {
    if (tags.size() > MAX_TAGS) {
      throw Ec2Exception.of(Ec2ErrorCode.TAG_LIMIT_EXCEEDED, "resource would have %d tags: at most 50 user tags per resource", tags.size());
    }
    for (Tag tag : tags) {
      if (tag.isReserved()) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_TAG_KEY_MALFORMED,
            "tag key \"%s\" is reserved: keys starting with aws: are set by AWS only", tag.key());
      }
    }
  }


  static void checkDescriptionLength(String what, Optional<String> description, int max) {
    description.ifPresent(d -> {
      int length = d.codePointCount(0, d.length());
      if (length > max) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "%s description has %d characters: at most %d", what, length, max);
      }
    });
  }

  void checkNameFree(RegionState state, String name) {
    state.imageNamed(caller, name).ifPresent(other -> {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_AMI_NAME_DUPLICATE, "AMI name %s is already in use by AMI %s", name, other.image().imageId());
    });
  }

  static final int MAX_TAGS = 50;

  static final long GIB = 1L << 30;

  /** A new pending machine image of the caller, created now, private, located at {@code <owner>/<name>}. */
  Image.Builder newImage(ImageId id, String name, Instant now) {
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

  /** The {@code use} of {@link #onHeldVolume} that changes the volume's bytes. */
  static final String WRITTEN = "written";

  /** Storage work on a stored volume (an EBS volume or an instance-store root). */
  interface VolumeIo {
    void apply(BlockVolume stored) throws IOException;
  }

  /**
   * Runs {@code io} outside the region lock on the stored volume {@code find} returns under it
   * (having checked the caller and the range), holding the volume meanwhile, so a concurrent delete
   * frees it only after {@code io}. {@code subject} names it in a storage failure.
   */
  void onHeldVolume(Function<RegionState, BlockVolume> find, String subject, String use, VolumeIo io) {
    record Held(BlockVolume stored, Holds.Hold hold) {}
    Held held = cloud.read(region, state -> {
      BlockVolume stored = find.apply(state);
      if (use.equals(WRITTEN)) {
        beforeChange();
      }
      return new Held(stored, cloud.holds.hold(stored.id()));
    });
    try (Holds.Hold hold = held.hold()) {
      io.apply(held.stored());
    } catch (IOException e) {
      throw new UncheckedIOException(subject + " failed to be " + use + " in the block store", e);
    }
  }
}
