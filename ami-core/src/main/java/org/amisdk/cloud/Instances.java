package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.amisdk.model.AccountId;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.InstanceState;
import org.amisdk.model.Region;
import org.amisdk.model.ReservationId;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.VolumeId;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockVolume;
import org.amisdk.storage.block.BlockVolumeId;
import org.amisdk.storage.bundle.BundleManifest;

/** Instances: launch, describe, stop, start, reboot, terminate, the instance-store root, and images
 * created from instances; owns the instance state table and its refusals. */
final class Instances extends SessionArea {
  private final Snapshots snapshots;
  private final Volumes volumes;
  private final Bundles bundles;

  Instances(Session session, Snapshots snapshots, Volumes volumes, Bundles bundles) {
    super(session);
    this.snapshots = snapshots;
    this.volumes = volumes;
    this.bundles = bundles;
  }

  List<Instance> runInstances(RunInstancesRequest request) {
    ImageId imageId = request.imageId();
    if (request.minCount() < 1 || request.maxCount() < request.minCount() || request.maxCount() > 10_000) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
          "instance count min %d max %d is refused: 1 <= MinCount <= MaxCount <= 10,000", request.minCount(), request.maxCount());
    }
    InstanceTypes.Type type = InstanceTypes.find(request.instanceType()).orElseThrow(() -> Ec2Exception.of(
        Ec2ErrorCode.INVALID_PARAMETER_VALUE, "Invalid value '%s' for InstanceType.", request.instanceType()));
    Session.checkTags(request.tags());
    String zone = request.availabilityZone().map(z -> Zones.check(region, z)).orElse(Zones.first(region));
    int count = request.maxCount();
    ClientTokens.checkEc2(request.clientToken());
    // EC2 compares every parameter but the Region and Availability Zone
    Object parameters = RunInstancesRequest.builder().from(request).availabilityZone(Optional.empty()).build();
    Optional<List<Instance>> earlier = cloud.read(region, state -> earlierLaunch(state, request, parameters));
    if (earlier.isPresent()) {
      return earlier.get();
    }
    // validate under the lock; read the bundle and unpack instance-store roots outside it; commit under it
    Launch checked = cloud.read(region, state -> launch(state, imageId, type, request));
    session.beforeChange();
    Image image = checked.entry().image();
    Optional<BundleManifest> bundle = bundles.launchBundle(image, type);
    Duration boot = bundles.bootTime(image, bundle);
    List<BlockVolumeId> roots = image.rootDeviceType() == RootDeviceType.INSTANCE_STORE
        ? bundles.unpackInstanceStoreRoots(image, bundle, count) : List.of();
    try {
      return cloud.write(region, state -> {
        Instant now = session.now();
        Optional<List<Instance>> raced = earlierLaunch(state, request, parameters); // a retry that ran meanwhile
        if (raced.isPresent()) {
          state.afterCommit.add(() -> bundles.deleteStoredVolumes(roots, imageId));
          return raced.get();
        }
        Launch launch = launch(state, imageId, type, request); // the image may have changed meanwhile
        Map<String, List<BlockVolumeId>> stored = new LinkedHashMap<>();
        try {
          for (var device : launch.devices().entrySet()) {
            EbsBlockDevice ebs = device.getValue();
            Optional<BlockSnapshotId> data = ebs.snapshotId().flatMap(s -> state.snapshot(s).flatMap(RegionState.SnapshotEntry::data));
            stored.put(device.getKey(), volumes.newStoredVolumes(data, ebs.volumeSize().orElse(8), count, imageId));
          }
        } catch (RuntimeException e) {
          stored.values().forEach(list -> bundles.deleteStoredVolumes(list, imageId));
          throw e;
        }
        List<Instance> launched = new ArrayList<>(count);
        ReservationId reservation = cloud.newReservationId();
        for (int i = 0; i < count; i++) {
          InstanceId instanceId = cloud.newInstanceId();
          ImmutableList.Builder<Instance.Attachment> attachments = ImmutableList.builder();
          for (var device : launch.devices().entrySet()) {
            EbsBlockDevice ebs = device.getValue();
            VolumeId volumeId = cloud.newVolumeId();
            boolean encrypted = ebs.encrypted().orElse(false);
            state.put(new RegionState.VolumeEntry(volumeId, caller, ebs.volumeSize().orElse(8), ebs.snapshotId(),
                ebs.effectiveVolumeType(), encrypted, encrypted ? ebs.kmsKeyId() : Optional.empty(), ebs.iops(), ebs.throughput(),
                zone, now, now, stored.get(device.getKey()).get(i),
                Optional.of(new RegionState.Attachment(instanceId, device.getKey(), now, now, Optional.empty())),
                Optional.empty(), ImmutableList.of()));
            attachments.add(new Instance.Attachment(device.getKey(), volumeId, ebs.deleteOnTermination().orElse(false)));
          }
          RegionState.InstanceEntry instance = new RegionState.InstanceEntry(instanceId, caller, imageId, type.name(),
              type.architecture(), image.rootDeviceType(), image.rootDeviceName(), attachments.build(), now, zone,
              RegionState.Phase.RUN, now.plus(boot), ImmutableList.copyOf(request.tags()),
              roots.isEmpty() ? Optional.empty() : Optional.of(roots.get(i)), reservation);
          state.put(instance);
          launched.add(instance(instance, now));
        }
        state.put(launch.entry().withImage(Image.builder().from(launch.entry().image()).lastLaunchedTime(now).build()));
        state.tokens.record(caller, request.clientToken(), "RunInstances", parameters,
            launched.stream().map(Instance::instanceId).toList());
        return launched;
      });
    } catch (RuntimeException e) {
      bundles.deleteStoredVolumes(roots, imageId);
      throw e;
    }
  }

  /** The instances, as they are now, that the caller's earlier launch with the request's client token made, if it made one. */
  private Optional<List<Instance>> earlierLaunch(RegionState state, RunInstancesRequest request, Object parameters) {
    Instant now = session.now();
    return state.tokens.earlier(caller, request.clientToken(), "RunInstances", parameters, ClientTokens::ec2Mismatch)
        .map(ids -> ids.stream().map(id -> instance(state.instance(InstanceId.parse(id)).orElseThrow(), now)).toList());
  }

  /** What a launch checked: the image entry and the devices each instance gets. */
  private record Launch(RegionState.ImageEntry entry, Map<String, EbsBlockDevice> devices) {}

  /** Checks that the caller may launch {@code imageId} as {@code type} now, and resolves its devices. */
  private Launch launch(RegionState state, ImageId imageId, InstanceTypes.Type type, RunInstancesRequest request) {
    RegionState.ImageEntry entry = state.image(imageId).orElseThrow(() -> Refusals.imagesNotFound(List.of(imageId)));
    if (!session.visible(entry)) {
      throw Refusals.notAuthorizedForImage(imageId);
    }
    Image image = entry.image();
    ImageState imageState = Views.imageState(entry, session.now());
    if (imageState != ImageState.AVAILABLE) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_AMI_ID_UNAVAILABLE, "image %s is %s: only an available image can be launched",
          imageId, imageState.wireValue());
    }
    if (type.architecture() != image.architecture()) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "The architecture '%s' of the specified instance type does not match the "
          + "architecture '%s' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again.",
          type.architecture().wireValue(), image.architecture().wireValue());
    }
    bundles.checkCanBoot(image, type);
    return new Launch(entry, launchDevices(state, image, request.blockDeviceMappings()));
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
          throw Ec2Exception.of(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING, "mapping %s suppresses the root device: the root device cannot be removed",
              device);
        }
        devices.remove(device);
      } else if (override instanceof BlockDeviceMapping.Ebs ebs) {
        EbsBlockDevice inherited = devices.get(device);
        EbsBlockDevice asked = ebs.ebs();
        if (inherited == null) {
          asked.checkComplete(); // a new device stands alone; an override changes only the fields it gives
        }
        if (inherited != null && asked.snapshotId().isPresent() && !asked.snapshotId().equals(inherited.snapshotId())) {
          throw Ec2Exception.of(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING,
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
          RegionState.SnapshotEntry s = session.restorableSnapshot(state, snapshot.get());
          int size = device1.volumeSize().orElse(s.snapshot().volumeSize());
          if (size < s.snapshot().volumeSize()) {
            throw Ec2Exception.of(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING, "volume size %d GiB is smaller than snapshot %s (%d GiB)",
                size, snapshot.get(), s.snapshot().volumeSize());
          }
        }
        devices.put(device, device1);
      }
    }
    for (var device : devices.entrySet()) {
      device.getValue().snapshotId().ifPresent(s -> {
        if (!state.snapshot(s).isPresent()) {
          throw Refusals.snapshotNotFound(s);
        }
      });
    }
    return devices;
  }

  private static Instance instance(RegionState.InstanceEntry entry, Instant now) {
    return new Instance(entry.id(), entry.reservation(), entry.owner(), entry.imageId(), entry.type(), entry.architecture(),
        entry.state(now), entry.launchTime(), entry.zone(), entry.rootDeviceType(), entry.rootDeviceName(), entry.devices(),
        entry.tags());
  }

  long instanceStoreSize(InstanceId instanceId) {
    return cloud.read(region, state -> instanceStore(state, instanceId, "read").size());
  }

  void readInstanceStore(InstanceId instanceId, long position, byte[] target, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, target.length);
    onInstanceStore(instanceId, "read", position, length, root -> root.read(position, target, offset, length));
  }

  void writeInstanceStore(InstanceId instanceId, long position, byte[] source, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, source.length);
    onInstanceStore(instanceId, Session.WRITTEN, position, length, root -> {
      root.write(position, source, offset, length);
      root.flush();
    });
  }

  /** Runs {@code io} on the root of a running instance the caller owns, outside the region lock, the root held meanwhile. */
  private void onInstanceStore(InstanceId instanceId, String use, long position, int length, Session.VolumeIo io) {
    session.onHeldVolume(state -> instanceStoreRange(state, instanceId, use, position, length),
        "instance store of " + instanceId, use, io);
  }

  /** The stored instance-store root of a running instance the caller owns. */
  private BlockVolume instanceStore(RegionState state, InstanceId id, String use) {
    RegionState.InstanceEntry entry = session.ownedInstance(state, id);
    if (entry.rootDeviceType() != RootDeviceType.INSTANCE_STORE) {
      throw Ec2Exception.of(Ec2ErrorCode.UNSUPPORTED_OPERATION, "instance %s has no instance-store root: it is EBS-backed, use its volumes", id);
    }
    InstanceState current = entry.state(session.now());
    if (current != InstanceState.RUNNING || entry.instanceStore().isEmpty()) {
      throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_INSTANCE_STATE,
          "The instance '%s' is %s: only a running instance's instance store can be %s.", id, current.wireValue(), use);
    }
    BlockVolumeId data = entry.instanceStore().get();
    return cloud.storage.volume(data).orElseThrow(() -> new IllegalStateException(
        "instance " + id + " has no stored instance-store root " + data + ": the block store lost it"));
  }

  private BlockVolume instanceStoreRange(RegionState state, InstanceId id, String use, long position, int length) {
    BlockVolume root = instanceStore(state, id, use);
    if (position < 0 || length < 0 || position > root.size() - length) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "byte range %d+%d is outside the instance store of %s (%d bytes)",
          position, length, id, root.size());
    }
    return root;
  }

  DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
    List<InstanceId> ids = request.instanceIds();
    int pageSize = Paging.pageSize("describe instances", request.maxResults(), !ids.isEmpty());
    Views.Matcher<Instance> matcher = Views.instanceMatcher(request.filters());
    String after = request.nextToken().map(Views::afterToken).orElse("");
    return cloud.read(region, state -> {
      Instant now = session.now();
      List<RegionState.InstanceEntry> candidates = ids.isEmpty()
          ? state.instances().stream().filter(i -> i.owner().equals(caller)).toList()
          : ids.stream().distinct().map(id -> session.ownedInstance(state, id)).toList();
      return Paging.pageOfViews(candidates, entry -> instance(entry, now), i -> i.instanceId().toString(), after, matcher,
          pageSize, DescribeInstancesResponse::new);
    });
  }


  /** Moves every instance, after checking all of them may move; {@code move} returns the new entry, or the same to leave it. */
  private List<InstanceStateChange> moveInstances(List<InstanceId> ids,
      java.util.function.BiFunction<RegionState.InstanceEntry, Instant, RegionState.InstanceEntry> move,
      java.util.function.BiConsumer<RegionState, RegionState.InstanceEntry> after) {
    return cloud.write(region, state -> {
      Instant now = session.now();
      Map<InstanceId, RegionState.InstanceEntry> moved = new LinkedHashMap<>();
      for (InstanceId id : ids) {
        RegionState.InstanceEntry entry = session.ownedInstance(state, id);
        moved.put(id, move.apply(entry, now));
      }
      session.beforeChange();
      List<InstanceStateChange> changes = new ArrayList<>();
      for (var next : moved.entrySet()) {
        RegionState.InstanceEntry before = state.instance(next.getKey()).orElse(null);
        state.put(next.getValue());
        if (next.getValue() != before) {
          after.accept(state, next.getValue());
        }
        changes.add(new InstanceStateChange(next.getKey(), before.state(now), next.getValue().state(now)));
      }
      return changes;
    });
  }

  List<InstanceStateChange> stopInstances(List<InstanceId> instanceIds) {
    return moveInstances(instanceIds, (entry, now) -> {
      if (entry.rootDeviceType() != RootDeviceType.EBS) {
        throw Ec2Exception.of(Ec2ErrorCode.UNSUPPORTED_OPERATION,
            "The instance '%s' does not have an 'ebs' root device type and cannot be stopped.", entry.id());
      }
      return switch (entry.state(now)) {
        case PENDING, RUNNING -> entry.moved(RegionState.Phase.STOP, now.plus(cloud.timings.stop()));
        case STOPPING, STOPPED -> entry;
        default -> throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_INSTANCE_STATE,
            "The instance '%s' is not in a state from which it can be stopped.", entry.id());
      };
    }, (state, entry) -> { });
  }

  List<InstanceStateChange> startInstances(List<InstanceId> instanceIds) {
    return moveInstances(instanceIds, (entry, now) -> switch (entry.state(now)) {
      case STOPPED -> entry.relaunched(now, now.plus(cloud.timings.ebsBoot()));
      case PENDING, RUNNING -> entry;
      default -> throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_INSTANCE_STATE,
          "The instance '%s' is not in a state from which it can be started.", entry.id());
    }, (state, entry) -> { });
  }

  List<InstanceStateChange> terminateInstances(List<InstanceId> instanceIds) {
    return moveInstances(instanceIds, (entry, now) -> switch (entry.state(now)) {
      case SHUTTING_DOWN, TERMINATED -> entry;
      default -> entry.moved(RegionState.Phase.TERMINATE, now.plus(cloud.timings.terminate()));
    }, (state, entry) -> {
      entry.instanceStore().ifPresent(root -> {
        state.put(entry.withoutInstanceStore());
        cloud.deleteVolumeAfterCommit(state, root, entry.id());
      });
      for (Instance.Attachment device : entry.devices()) {
        RegionState.VolumeEntry volume = state.volume(device.volumeId()).orElse(null);
        if (volume == null) {
          continue;
        }
        if (device.deleteOnTermination()) {
          state.remove(volume.id());
          cloud.deleteVolumeAfterCommit(state, volume.data(), volume.id());
        } else {
          state.put(volume.withAttachment(Optional.empty()));
        }
      }
    });
  }

  void rebootInstances(List<InstanceId> instanceIds) {
    moveInstances(instanceIds, (entry, now) -> {
      InstanceState current = entry.state(now);
      if (current != InstanceState.RUNNING && current != InstanceState.PENDING) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_INSTANCE_STATE, "The instance '%s' is not in a state from which it can be rebooted.", entry.id());
      }
      return entry;
    }, (state, entry) -> { });
  }

  ImageId createImage(CreateImageRequest request) {
    Image.checkName(request.name());
    Session.checkDescriptionLength("image " + request.name(), request.description(), Image.MAX_DESCRIPTION_LENGTH);
    Session.checkTags(request.imageTags());
    Session.checkTags(request.snapshotTags());
    return cloud.write(region, state -> {
      Instant now = session.now();
      RegionState.InstanceEntry instance = session.ownedInstance(state, request.instanceId());
      InstanceState current = instance.state(now);
      if (current != InstanceState.RUNNING && current != InstanceState.STOPPED) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_INSTANCE_STATE,
            "cannot create an image of %s: it is %s, only a running or stopped instance can be imaged", instance.id(), current.wireValue());
      }
      if (instance.rootDeviceType() != RootDeviceType.EBS) {
        throw Ec2Exception.of(Ec2ErrorCode.UNSUPPORTED_OPERATION, "cannot create an image of %s: it is instance-store-backed", instance.id());
      }
      session.checkNameFree(state, request.name());
      Optional<Image> source = state.image(instance.imageId()).map(RegionState.ImageEntry::image);
      ImmutableMap<AccountId, ImmutableList<Tag>> snapshotTags = session.callerTags(request.snapshotTags());
      ImmutableMap<AccountId, ImmutableList<Tag>> imageTags = session.callerTags(request.imageTags());
      session.beforeChange();
      ImageId imageId = cloud.newImageId();
      List<BlockDeviceMapping> mappings = new ArrayList<>();
      Instant ready = now;
      for (Instance.Attachment device : instance.devices()) {
        RegionState.VolumeEntry volume = state.volume(device.volumeId()).orElse(null);
        if (volume == null) {
          continue;
        }
        RegionState.SnapshotEntry snapshot = snapshots.snapshotVolume(state, volume,
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
      Image image = session.newImage(imageId, request.name(), now)
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
