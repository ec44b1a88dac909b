package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.amisdk.model.AccountId;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeAttachment;
import org.amisdk.model.VolumeId;

/**
 * The reference model {@link CloudModelTest} runs its action sequences against: what each account
 * owns and may see, stated as simply as the rules allow, and the outcome (success or EC2's code)
 * each action should have. {@link #check} compares it with a cloud.
 */
final class CloudModel {
  static final AccountId[] ACCOUNTS = {World.ALICE, World.BOB, World.CAROL};
  static final Region REGION = Region.US_EAST_1;
  static final String OK = "ok";
  static final String ROOT_DEVICE = "/dev/xvda";
  /**
   * Images, snapshots and instances change at once; volumes take EC2-like times (available 5 s
   * after CreateVolume, attached 5 s after AttachVolume, detached 10 s after DetachVolume, gone 5 s
   * after DeleteVolume), so each of their states is seen.
   */
  static final LifecycleTimings TIMINGS = new LifecycleTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
      Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(5));

  final ManualClock clock;
  final Map<ImageId, ImageFacts> images = new HashMap<>();
  /** The accounts that turned image block public access off (it starts on, as for a new EC2 account). */
  final java.util.Set<AccountId> unblocked = new java.util.HashSet<>();
  final Map<SnapshotId, SnapshotFacts> snapshots = new HashMap<>();
  final Map<VolumeId, VolumeFacts> volumes = new HashMap<>();
  /** Volumes whose deletion completed: no call finds them (DescribeVolumes: InvalidVolume.NotFound). */
  final Set<VolumeId> goneVolumes = new HashSet<>();
  final Map<InstanceId, InstanceFacts> instances = new HashMap<>();
  final Map<String, RuleFacts> rules = new HashMap<>();
  final Map<ImageId, Binned<ImageFacts>> binnedImages = new HashMap<>();
  final Map<SnapshotId, Binned<SnapshotFacts>> binnedSnapshots = new HashMap<>();

  CloudModel(ManualClock clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /** The owner of something in a Recycle Bin, if anything is. */
  Optional<AccountId> binOwner(CloudModelTest.Choices random) {
    Set<AccountId> owners = new HashSet<>();
    binnedImages.values().forEach(b -> owners.add(b.facts().owner));
    binnedSnapshots.values().forEach(b -> owners.add(b.facts().owner));
    return owners.isEmpty() ? Optional.empty() : Optional.of(pick(random, owners));
  }

  /** What the clock did: detachments and deletions complete, binned resources whose exit time came are gone for good. */
  void settle() {
    Instant now = now();
    for (var entry : List.copyOf(volumes.entrySet())) {
      VolumeFacts volume = entry.getValue();
      if (volume.goneAt != null && !now.isBefore(volume.goneAt)) {
        volumes.remove(entry.getKey());
        goneVolumes.add(entry.getKey());
      } else if (volume.detachedAt != null && !now.isBefore(volume.detachedAt)) {
        volume.instance = null;
        volume.device = null;
        volume.detachedAt = null;
      }
    }
    binnedImages.values().removeIf(b -> !now.isBefore(b.exits()));
    binnedSnapshots.values().removeIf(b -> !now.isBefore(b.exits()));
  }

  // ---- volumes (EC2 API reference: AttachVolume, DetachVolume, DeleteVolume, TerminateInstances)

  /** The caller's volume, or the code refusing it: not found for another's or a gone one, IncorrectState once deleted. */
  private String usable(AccountId caller, VolumeId id) {
    VolumeFacts volume = volumes.get(id);
    if (volume == null || !volume.owner.equals(caller)) {
      return "InvalidVolume.NotFound";
    }
    return volume.goneAt != null ? "IncorrectState" : OK;
  }

  String attachVolume(AccountId caller, VolumeId id, InstanceId instanceId, String device) {
    String usable = usable(caller, id);
    if (!usable.equals(OK)) {
      return usable;
    }
    VolumeFacts volume = volumes.get(id);
    InstanceFacts instance = instances.get(instanceId);
    if (!instance.owner.equals(caller)) {
      return "InvalidInstanceID.NotFound"; // another account's instance is not found
    }
    String state = volume.state(now());
    if (state.equals("in-use")) {
      return "VolumeInUse";
    }
    if (!state.equals("available")) {
      return "IncorrectState"; // creating
    }
    if (instance.terminated) {
      return "IncorrectInstanceState";
    }
    if (!volume.zone.equals(instance.zone)) {
      return "InvalidVolume.ZoneMismatch";
    }
    if (device.equals(ROOT_DEVICE) || instance.devices.containsKey(device)) {
      return "InvalidParameterValue"; // the device name is in use on the instance
    }
    attach(id, volume, instanceId, device, TIMINGS.volumeAttach());
    return OK;
  }

  void attach(VolumeId id, VolumeFacts volume, InstanceId instanceId, String device, Duration attaching) {
    volume.instance = instanceId;
    volume.device = device;
    volume.attachedAt = now().plus(attaching);
    volume.detachedAt = null;
    instances.get(instanceId).devices.put(device, id);
  }

  String detachVolume(AccountId caller, VolumeId id, Optional<InstanceId> named, boolean force) {
    String usable = usable(caller, id);
    if (!usable.equals(OK)) {
      return usable;
    }
    VolumeFacts volume = volumes.get(id);
    if (volume.instance == null || volume.detachedAt != null) {
      return "IncorrectState"; // not attached, or already detaching
    }
    if (named.isPresent() && !named.get().equals(volume.instance)) {
      return "InvalidAttachment.NotFound";
    }
    if (volume.device.equals(ROOT_DEVICE)) {
      return "IncorrectState"; // EC2: "Unable to detach root volume" of an instance that is not stopped
    }
    instances.get(volume.instance).devices.remove(volume.device);
    if (force) {
      volume.instance = null;
      volume.device = null;
    } else {
      volume.detachedAt = now().plus(TIMINGS.volumeDetach());
    }
    return OK;
  }

  String deleteVolume(AccountId caller, VolumeId id) {
    String usable = usable(caller, id);
    if (!usable.equals(OK)) {
      return usable;
    }
    VolumeFacts volume = volumes.get(id);
    if (volume.instance != null) {
      return "VolumeInUse"; // attached, attaching or still detaching
    }
    volume.goneAt = now().plus(TIMINGS.volumeDelete());
    return OK;
  }

  /**
   * TerminateInstances: the caller's own only; its attached volumes are deleted when
   * DeleteOnTermination is set (at once), and become available otherwise.
   */
  String terminate(AccountId caller, InstanceId id) {
    InstanceFacts instance = instances.get(id);
    if (!instance.owner.equals(caller)) {
      return "InvalidInstanceID.NotFound";
    }
    if (!instance.terminated) {
      instance.terminated = true;
      for (VolumeId volumeId : instance.devices.values()) {
        VolumeFacts volume = volumes.get(volumeId);
        if (volume.deleteOnTermination) {
          volumes.remove(volumeId);
          goneVolumes.add(volumeId);
        }
        volume.instance = null;
        volume.device = null;
      }
      instance.devices.clear();
    }
    return OK;
  }

  // ---- Recycle Bin (user guide "Recycle Bin"; EC2 API reference: Restore*FromRecycleBin)

  /** The longest retention of the owner's rules of {@code type} that retain a resource, tagged or not. */
  private Optional<Integer> retention(AccountId owner, RecycleBinResourceType type, boolean tagged) {
    return rules.values().stream().filter(r -> r.owner().equals(owner) && r.type() == type && (r.regionLevel() || tagged))
        .map(RuleFacts::days).max(Integer::compare);
  }

  /** A deregistered image: into its owner's bin when a rule retains it. */
  void binImage(ImageId id, ImageFacts image) {
    retention(image.owner, RecycleBinResourceType.EC2_IMAGE, image.tagged)
        .ifPresent(days -> binnedImages.put(id, new Binned<>(image, now().plus(Duration.ofDays(days)))));
  }

  /** A deleted snapshot: gone, and into its owner's bin when a rule retains it. */
  void deleteSnapshot(SnapshotId id) {
    SnapshotFacts snapshot = snapshots.remove(id);
    retention(snapshot.owner, RecycleBinResourceType.EBS_SNAPSHOT, snapshot.tagged)
        .ifPresent(days -> binnedSnapshots.put(id, new Binned<>(snapshot, now().plus(Duration.ofDays(days)))));
  }

  /** Only the owner restores; the image's snapshot must be out of the bin, and its name free. */
  String restoreImage(AccountId caller, ImageId id) {
    Binned<ImageFacts> binned = binnedImages.get(id);
    if (binned == null || !binned.facts().owner.equals(caller)) {
      return "InvalidAMIID.NotFound";
    }
    ImageFacts image = binned.facts();
    if (!snapshots.containsKey(image.snapshot)) {
      return binnedSnapshots.containsKey(image.snapshot) ? "IncorrectState" : "InvalidSnapshot.NotFound";
    }
    if (images.values().stream().anyMatch(i -> i.owner.equals(caller) && i.name.equals(image.name))) {
      return "InvalidAMIName.Duplicate";
    }
    binnedImages.remove(id);
    images.put(id, image); // with its permissions, disabled or not
    return OK;
  }

  String restoreSnapshot(AccountId caller, SnapshotId id) {
    Binned<SnapshotFacts> binned = binnedSnapshots.get(id);
    if (binned == null || !binned.facts().owner.equals(caller)) {
      return "InvalidSnapshot.NotFound";
    }
    binnedSnapshots.remove(id);
    snapshots.put(id, binned.facts());
    return OK;
  }

  String register(AccountId caller, String name, SnapshotId snapshot) {
    if (images.values().stream().anyMatch(i -> i.owner.equals(caller) && i.name.equals(name))) {
      return "InvalidAMIName.Duplicate";
    }
    return snapshots.get(snapshot).restorableBy(caller) ? OK : "InvalidSnapshot.NotFound";
  }

  /** Owner-only image changes: invisible images are not found, others' images refused. */
  String modifyImage(AccountId caller, ImageId id, boolean share) {
    ImageFacts image = images.get(id);
    if (image == null || !image.visibleTo(caller)) {
      return "InvalidAMIID.NotFound";
    }
    if (!image.owner.equals(caller)) {
      return "AuthFailure";
    }
    return share && image.disabled ? "OperationNotPermitted" : OK;
  }

  String modifySnapshot(AccountId caller, SnapshotId id) {
    SnapshotFacts snapshot = snapshots.get(id);
    if (snapshot == null || !snapshot.restorableBy(caller)) {
      return "InvalidSnapshot.NotFound";
    }
    return snapshot.owner.equals(caller) ? OK : "AuthFailure";
  }

  boolean inUse(SnapshotId id) {
    return images.values().stream().anyMatch(i -> i.snapshot.equals(id));
  }

  /** The account's volumes in the model's states and attachments, its binned resources with their exit times, its rules. */
  private void checkVolumesAndBin(Ec2 client, AccountId account) {
    Instant now = now();
    Map<VolumeId, String> expectedVolumes = new HashMap<>();
    volumes.forEach((id, volume) -> {
      if (volume.owner.equals(account)) {
        expectedVolumes.put(id, volume.describe(now));
      }
    });
    Map<VolumeId, String> seenVolumes = new HashMap<>();
    for (Volume volume : client.describeVolumes(List.of())) {
      String seen = volume.state().wireValue();
      for (VolumeAttachment attachment : volume.attachments()) {
        seen += " " + attachment.instanceId() + " " + attachment.device() + " " + attachment.state().wireValue();
      }
      seenVolumes.put(volume.volumeId(), seen);
    }
    assertEquals(expectedVolumes, seenVolumes, "volumes " + account + " sees");
    Map<Object, Instant> expectedBin = new HashMap<>();
    binnedImages.forEach((id, binned) -> {
      if (binned.facts().owner.equals(account)) {
        expectedBin.put(id, binned.exits());
      }
    });
    binnedSnapshots.forEach((id, binned) -> {
      if (binned.facts().owner.equals(account)) {
        expectedBin.put(id, binned.exits());
      }
    });
    Map<Object, Instant> seenBin = new HashMap<>();
    client.recycleBin().listImagesInRecycleBin(List.of()).forEach(i -> seenBin.put(i.imageId(), i.recycleBinExitTime()));
    client.recycleBin().listSnapshotsInRecycleBin(List.of()).forEach(s -> seenBin.put(s.snapshotId(), s.recycleBinExitTime()));
    assertEquals(expectedBin, seenBin, "Recycle Bin of " + account);
    for (RecycleBinResourceType type : RecycleBinResourceType.values()) {
      Set<String> expectedRules = new HashSet<>();
      rules.forEach((id, rule) -> {
        if (rule.owner().equals(account) && rule.type() == type) {
          expectedRules.add(id);
        }
      });
      assertEquals(expectedRules, new HashSet<>(client.recycleBin().listRules(type).stream().map(RetentionRule::identifier).toList()),
          type + " rules of " + account);
    }
  }

  /** The invariants: each account sees exactly what the model allows, and every mapped snapshot exists. */
  void check(LocalCloud cloud) {
    Set<SnapshotId> existing = new TreeSet<>(java.util.Comparator.comparing(Object::toString));
    for (AccountId account : ACCOUNTS) {
      Ec2 client = cloud.client(account, REGION);
      Set<ImageId> expectedImages = new HashSet<>();
      images.forEach((id, image) -> {
        if (image.visibleTo(account) && !image.disabled) {
          expectedImages.add(id);
        }
      });
      List<Image> seen = client.describeImages(DescribeImagesRequest.builder().build()).images();
      assertEquals(expectedImages, new HashSet<>(seen.stream().map(Image::imageId).toList()), "images " + account + " sees");
      Set<SnapshotId> expectedSnapshots = new HashSet<>();
      snapshots.forEach((id, snapshot) -> {
        if (snapshot.restorableBy(account)) {
          expectedSnapshots.add(id);
        }
      });
      List<Snapshot> seenSnapshots = client.describeSnapshots(DescribeSnapshotsRequest.builder().build()).snapshots();
      assertEquals(expectedSnapshots, new HashSet<>(seenSnapshots.stream().map(Snapshot::snapshotId).toList()),
          "snapshots " + account + " sees");
      seenSnapshots.forEach(s -> existing.add(s.snapshotId()));
      checkVolumesAndBin(client, account);
    }
    for (AccountId account : ACCOUNTS) {
      for (Image image : cloud.client(account, REGION).describeImages(DescribeImagesRequest.builder().addOwners("self")
          .includeDisabled(true).build()).images()) {
        for (BlockDeviceMapping mapping : image.blockDeviceMappings()) {
          if (mapping instanceof BlockDeviceMapping.Ebs ebs) {
            assertTrue(existing.contains(ebs.ebs().snapshotId().get()), "snapshot of " + image.imageId() + " exists");
          }
        }
      }
    }
  }

  /** One element of {@code set}, chosen by {@code random} in the order of the elements' text. */
  static <T> T pick(CloudModelTest.Choices random, Set<T> set) {
    List<T> list = new ArrayList<>(set);
    list.sort(java.util.Comparator.comparing(Object::toString));
    return list.get(random.nextInt(list.size()));
  }

  /** What the model knows of an image. */
  static final class ImageFacts {
    final AccountId owner;
    final String name;
    final SnapshotId snapshot;
    final Set<LaunchPermission> permissions = new HashSet<>();
    boolean disabled;
    /** Whether the owner tagged it with {@code keep=yes}. */
    boolean tagged;

    ImageFacts(AccountId owner, String name, SnapshotId snapshot) {
      this.owner = owner;
      this.name = name;
      this.snapshot = snapshot;
    }

    boolean visibleTo(AccountId account) {
      return owner.equals(account) || permissions.contains(LaunchPermission.EVERYONE)
          || permissions.contains(new LaunchPermission.Account(account));
    }
  }

  /** What the model knows of a snapshot. */
  static final class SnapshotFacts {
    final AccountId owner;
    final Set<LaunchPermission> permissions = new HashSet<>();
    /** Where the snapshot's volume was written, and what. */
    final long position;
    final byte[] bytes;
    /** Whether the owner tagged it with {@code keep=yes}. */
    boolean tagged;

    SnapshotFacts(AccountId owner, long position, byte[] bytes) {
      this.owner = owner;
      this.position = position;
      this.bytes = bytes;
    }

    boolean restorableBy(AccountId account) {
      return owner.equals(account) || permissions.contains(LaunchPermission.EVERYONE)
          || permissions.contains(new LaunchPermission.Account(account));
    }
  }

  /**
   * What the model knows of a volume: its owner, zone, when it is available, its attachment (the
   * instance, device, when attaching ends and, once detaching, when that ends) and, once deleted,
   * when it is gone.
   */
  static final class VolumeFacts {
    final AccountId owner;
    final String zone;
    final Instant availableAt;
    InstanceId instance;
    String device;
    Instant attachedAt;
    Instant detachedAt;
    Instant goneAt;
    /** Whether terminating its instance deletes it (a launch's root volume, as its image maps it). */
    boolean deleteOnTermination;

    VolumeFacts(AccountId owner, String zone, Instant availableAt) {
      this.owner = owner;
      this.zone = zone;
      this.availableAt = availableAt;
    }

    /** DescribeVolumes' state: deleting once deleted, creating until available, in-use while attached or detaching. */
    String state(Instant now) {
      if (goneAt != null) {
        return "deleting";
      }
      if (now.isBefore(availableAt)) {
        return "creating";
      }
      return instance != null ? "in-use" : "available";
    }

    /** The volume as the model expects DescribeVolumes to show it: state, and the attachment with its state. */
    String describe(Instant now) {
      if (instance == null) {
        return state(now);
      }
      String attachment = detachedAt != null ? "detaching" : now.isBefore(attachedAt) ? "attaching" : "attached";
      return state(now) + " " + instance + " " + device + " " + attachment;
    }
  }

  /** What the model knows of an instance: its owner and zone, the devices its volumes use, whether it was terminated. */
  static final class InstanceFacts {
    final AccountId owner;
    final String zone;
    final Map<String, VolumeId> devices = new HashMap<>();
    boolean terminated;

    InstanceFacts(AccountId owner, String zone) {
      this.owner = owner;
      this.zone = zone;
    }
  }

  /** A retention rule: its owner, the resource type it retains, for how many days, and whether Region-level or for {@code keep=yes}. */
  record RuleFacts(AccountId owner, RecycleBinResourceType type, int days, boolean regionLevel) {}

  /** A resource in the Recycle Bin, as it was deleted, and when it leaves the bin for good. */
  record Binned<T>(T facts, Instant exits) {}
}
