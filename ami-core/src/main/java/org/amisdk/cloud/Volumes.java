package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.InstanceState;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeAttachment;
import org.amisdk.model.VolumeId;
import org.amisdk.model.VolumeLimits;
import org.amisdk.model.VolumeState;
import org.amisdk.model.VolumeType;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockVolume;
import org.amisdk.storage.block.BlockVolumeId;

/**
 * Volumes: create in a zone, describe (filtered and paged), attach, detach, delete, and the bytes
 * they hold; owns the volume state table and its refusals. States follow the clock ({@link
 * LifecycleTimings}): {@code creating} → {@code available} → {@code in-use} → {@code deleting}.
 */
final class Volumes extends SessionArea {
  private final Snapshots snapshots;

  Volumes(Session session, Snapshots snapshots) {
    super(session);
    this.snapshots = snapshots;
  }

  Volume createVolume(CreateVolumeRequest request) {
    Session.checkTags(request.tags());
    String zone = Zones.check(region, request.availabilityZone().orElseThrow(() -> Ec2Exception.of(Ec2ErrorCode.MISSING_PARAMETER,
        "The request must contain the parameter AvailabilityZone")));
    if (request.size().isEmpty() && request.snapshotId().isEmpty()) {
      throw Ec2Exception.of(Ec2ErrorCode.MISSING_PARAMETER, "The request must contain the parameter size/snapshot");
    }
    VolumeType type = request.volumeType();
    VolumeLimits.check(type, request.size(), request.iops(), request.throughput(), request.encrypted(), request.kmsKeyId(),
        VolumeLimits.Codes.CREATE_VOLUME);
    Optional<SnapshotId> snapshotId = request.snapshotId();
    ClientTokens.checkEc2(request.clientToken());
    // EC2 compares every parameter but the Region and Availability Zone
    Object parameters = CreateVolumeRequest.builder().from(request).availabilityZone(Optional.empty()).build();
    return cloud.write(region, state -> {
      Instant now = session.now();
      purgeDeleted(state, now);
      Optional<ImmutableList<String>> earlier = state.tokens.earlier(caller, request.clientToken(), "CreateVolume", parameters,
          ClientTokens::ec2Mismatch);
      if (earlier.isPresent()) {
        VolumeId first = VolumeId.parse(earlier.get().get(0));
        return view(state, state.volume(first).filter(v -> !v.gone(now)).orElseThrow(() -> Ec2Exception.of(
            Ec2ErrorCode.INVALID_VOLUME_NOT_FOUND, "volume %s that client token %s created is deleted: a new request needs a new token",
            first, request.clientToken().get())), now);
      }
      int size;
      boolean encrypted = request.encrypted();
      Optional<BlockSnapshotId> data = Optional.empty();
      if (snapshotId.isPresent()) {
        RegionState.SnapshotEntry snapshot = session.restorableSnapshot(state, snapshotId.get());
        snapshots.checkRestorable(snapshot, now);
        size = request.size().orElse(snapshot.snapshot().volumeSize());
        if (size < snapshot.snapshot().volumeSize()) {
          throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "volume size %d GiB is smaller than snapshot %s (%d GiB)",
              size, snapshotId.get(), snapshot.snapshot().volumeSize());
        }
        VolumeLimits.check(type, Optional.of(size), request.iops(), request.throughput(), request.encrypted(), request.kmsKeyId(),
            VolumeLimits.Codes.CREATE_VOLUME); // the size the snapshot gives must fit the type too
        encrypted |= snapshot.snapshot().isEncrypted();
        data = snapshot.data();
      } else {
        size = request.size().get();
      }
      VolumeLimits.checkRatios(type, size, request.iops(), request.throughput(), Ec2ErrorCode.INVALID_PARAMETER_VALUE);
      Optional<Integer> iops = request.iops().or(() -> type == VolumeType.GP3 ? Optional.of(VolumeLimits.GP3_BASELINE_IOPS)
          : Optional.empty());
      Optional<Integer> throughput = request.throughput().or(() -> type == VolumeType.GP3
          ? Optional.of(VolumeLimits.GP3_BASELINE_THROUGHPUT) : Optional.empty());
      session.beforeChange();
      BlockVolumeId stored = newStoredVolumes(data, size, 1, "new volume").get(0);
      RegionState.VolumeEntry entry = new RegionState.VolumeEntry(cloud.newVolumeId(), caller, size, snapshotId, type, encrypted,
          encrypted ? request.kmsKeyId() : Optional.empty(), iops, throughput, zone, now, now.plus(cloud.timings.volumeAvailable()),
          stored, Optional.empty(), Optional.empty(), ImmutableList.copyOf(request.tags()));
      state.put(entry);
      state.tokens.record(caller, request.clientToken(), "CreateVolume", parameters, List.of(entry.id()));
      return view(state, entry, now);
    });
  }

  /** {@code count} stored volumes with a snapshot's bytes, or empty ones of {@code sizeGiB} for a metadata-only snapshot. */
  List<BlockVolumeId> newStoredVolumes(Optional<BlockSnapshotId> data, int sizeGiB,
      int count, Object concerning) {
    try {
      List<BlockVolumeId> ids = new ArrayList<>(count);
      if (data.isPresent()) {
        cloud.storage.createVolumes(data.get(), sizeGiB * Session.GIB, count).forEach(v -> ids.add(v.id()));
      } else {
        for (int i = 0; i < count; i++) {
          ids.add(cloud.storage.createVolume(sizeGiB * Session.GIB).id());
        }
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException("volumes for " + concerning + " failed to create in the block store", e);
    }
  }

  /** The volume as DescribeVolumes shows it at {@code now}; its attachment's DeleteOnTermination is the instance's. */
  static Volume view(RegionState state, RegionState.VolumeEntry entry, Instant now) {
    List<VolumeAttachment> attachments = entry.holder(now).map(a -> List.of(new VolumeAttachment(entry.id(), a.instance(),
        a.device(), attachmentState(a, now), a.attachTime(), deleteOnTermination(state, a.instance(), entry.id())))).orElse(List.of());
    return new Volume(entry.id(), entry.owner(), entry.size(), entry.snapshotId(), entry.type(), entry.encrypted(),
        entry.kmsKeyId(), entry.iops(), entry.throughput(), entry.zone(), state(entry, now), entry.created(), attachments,
        entry.tags());
  }

  /** The volume's state at {@code now}: creating, available, in-use or deleting. */
  static VolumeState state(RegionState.VolumeEntry entry, Instant now) {
    if (entry.deleted()) {
      return VolumeState.DELETING;
    }
    if (now.isBefore(entry.availableAt())) {
      return VolumeState.CREATING;
    }
    return entry.holder(now).isPresent() ? VolumeState.IN_USE : VolumeState.AVAILABLE;
  }

  private static VolumeAttachment.State attachmentState(RegionState.Attachment attachment, Instant now) {
    if (attachment.detachedAt().isPresent()) {
      return VolumeAttachment.State.DETACHING;
    }
    return now.isBefore(attachment.attachedAt()) ? VolumeAttachment.State.ATTACHING : VolumeAttachment.State.ATTACHED;
  }

  private static boolean deleteOnTermination(RegionState state, InstanceId instance, VolumeId volume) {
    return state.instance(instance).stream().flatMap(i -> i.devices().stream())
        .anyMatch(d -> d.volumeId().equals(volume) && d.deleteOnTermination());
  }

  /** Removes the entries of volumes whose deletion has completed: they no longer exist. */
  static void purgeDeleted(RegionState state, Instant now) {
    if (DryRun.isActive()) {
      return; // a dry run changes nothing; a deleted volume stays hidden until a real call purges it
    }
    for (VolumeId id : List.copyOf(state.deletedVolumes())) {
      if (state.volume(id).map(v -> v.gone(now)).orElse(true)) {
        state.remove(id);
      }
    }
  }

  DescribeVolumesResponse describeVolumes(DescribeVolumesRequest request) {
    List<VolumeId> ids = request.volumeIds();
    int pageSize = Paging.pageSize("describe volumes", request.maxResults(), !ids.isEmpty());
    Views.Matcher<Volume> matcher = Views.volumeMatcher(request.filters());
    String after = request.nextToken().map(Views::afterToken).orElse("");
    return cloud.read(region, state -> {
      Instant now = session.now();
      List<RegionState.VolumeEntry> candidates = ids.isEmpty()
          ? state.volumes().stream().filter(v -> v.owner().equals(caller) && !v.gone(now)).toList()
          : ids.stream().distinct().map(id -> session.describableVolume(state, id)).toList();
      return Paging.pageOfViews(candidates, entry -> view(state, entry, now), v -> v.volumeId().toString(), after, matcher,
          pageSize, DescribeVolumesResponse::new);
    });
  }

  void deleteVolume(VolumeId volumeId) {
    cloud.write(region, state -> {
      Instant now = session.now();
      purgeDeleted(state, now);
      RegionState.VolumeEntry entry = session.ownedVolume(state, volumeId);
      Optional<RegionState.Attachment> holder = entry.holder(now);
      if (holder.isPresent()) {
        throw Ec2Exception.of(Ec2ErrorCode.VOLUME_IN_USE, "Volume %s is currently attached to %s", volumeId, holder.get().instance());
      }
      session.beforeChange();
      Instant gone = now.plus(cloud.timings.volumeDelete());
      if (now.isBefore(gone)) {
        state.put(entry.deleting(gone));
      } else {
        state.remove(volumeId);
      }
      cloud.deleteVolumeAfterCommit(state, entry.data(), volumeId);
      return null;
    });
  }

  VolumeAttachment attachVolume(VolumeId volumeId, InstanceId instanceId, String device) {
    checkDeviceName(device);
    return cloud.write(region, state -> {
      Instant now = session.now();
      RegionState.VolumeEntry volume = session.ownedVolume(state, volumeId);
      RegionState.InstanceEntry instance = session.ownedInstance(state, instanceId);
      VolumeState current = state(volume, now);
      if (current == VolumeState.IN_USE) {
        throw Ec2Exception.of(Ec2ErrorCode.VOLUME_IN_USE, "%s is already attached to an instance", volumeId);
      }
      if (current != VolumeState.AVAILABLE) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "The volume '%s' is '%s': only an available volume can be attached.",
            volumeId, current.wireValue());
      }
      InstanceState running = instance.state(now);
      if (running != InstanceState.RUNNING && running != InstanceState.STOPPED) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_INSTANCE_STATE,
            "The instance '%s' is '%s': a volume can be attached only to a running or stopped instance.", instanceId, running.wireValue());
      }
      if (!volume.zone().equals(instance.zone())) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_VOLUME_ZONE_MISMATCH,
            "The volume '%s' is not in the same availability zone as instance '%s' (%s, %s)", volumeId, instanceId,
            volume.zone(), instance.zone());
      }
      boolean taken = instance.rootDeviceName().equals(Optional.of(device))
          || instance.devices().stream().anyMatch(d -> d.deviceName().equals(device));
      if (taken) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            "Invalid value '%s' for unixDevice. Attachment point %s is already in use", device, device);
      }
      session.beforeChange();
      purgeDeleted(state, now);
      RegionState.Attachment attachment = new RegionState.Attachment(instanceId, device, now,
          now.plus(cloud.timings.volumeAttach()), Optional.empty());
      state.put(volume.withAttachment(Optional.of(attachment)));
      state.put(instance.withDevices(ImmutableList.<Instance.Attachment>builder().addAll(instance.devices())
          .add(new Instance.Attachment(device, volumeId, false)).build()));
      return new VolumeAttachment(volumeId, instanceId, device, attachmentState(attachment, now), now, false);
    });
  }

  VolumeAttachment detachVolume(DetachVolumeRequest request) {
    VolumeId volumeId = request.volumeId();
    return cloud.write(region, state -> {
      Instant now = session.now();
      RegionState.VolumeEntry volume = session.ownedVolume(state, volumeId);
      RegionState.Attachment attachment = volume.holder(now).filter(a -> a.detachedAt().isEmpty())
          .orElseThrow(() -> Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "Volume '%s' is in the '%s' state.", volumeId,
              volume.holder(now).isPresent() ? "detaching" : state(volume, now).wireValue()));
      if (!request.instanceId().orElse(attachment.instance()).equals(attachment.instance())
          || !request.device().orElse(attachment.device()).equals(attachment.device())) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_ATTACHMENT_NOT_FOUND,
            "Volume '%s' is attached to '%s' at %s, not as the request names it", volumeId, attachment.instance(), attachment.device());
      }
      RegionState.InstanceEntry instance = session.ownedInstance(state, attachment.instance());
      if (instance.rootDeviceName().equals(Optional.of(attachment.device())) && instance.state(now) != InstanceState.STOPPED) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "Unable to detach root volume '%s' from instance '%s'", volumeId,
            instance.id()); // EC2's answer while the instance is not stopped
      }
      session.beforeChange();
      Instant done = request.force() ? now : now.plus(cloud.timings.volumeDetach());
      RegionState.Attachment detaching = attachment.detaching(done);
      state.put(volume.withAttachment(now.isBefore(done) ? Optional.of(detaching) : Optional.empty()));
      state.put(instance.withDevices(instance.devices().stream().filter(d -> !d.volumeId().equals(volumeId))
          .collect(ImmutableList.toImmutableList())));
      return new VolumeAttachment(volumeId, attachment.instance(), attachment.device(), now.isBefore(done)
          ? VolumeAttachment.State.DETACHING : VolumeAttachment.State.DETACHED, attachment.attachTime(), false);
    });
  }

  /** EC2's device names for EBS volumes: {@code /dev/sd[a-z]}, {@code /dev/xvd[a-z]} and the like, optionally a partition number. */
  private static void checkDeviceName(String device) {
    if (device.length() > 32 || !device.matches("/dev/(sd|xvd|hd)[a-z]{1,2}[0-9]{0,2}|xvd[a-z]{1,2}")) {
      String shown = device.length() > 32 ? device.substring(0, 32) + "..." : device;
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
          "Value (%s) for parameter device is invalid. %s is not a valid EBS device name.", shown, shown);
    }
  }

  void readVolume(VolumeId volumeId, long position, byte[] target, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, target.length);
    onVolume(volumeId, "read", position, length, stored -> stored.read(position, target, offset, length));
  }

  void writeVolume(VolumeId volumeId, long position, byte[] source, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, source.length);
    onVolume(volumeId, Session.WRITTEN, position, length, stored -> {
      stored.write(position, source, offset, length);
      stored.flush();
    });
  }

  /**
   * Runs {@code io} on a volume the caller owns, outside the region lock: the range is checked and
   * the stored volume held under the lock, so a concurrent delete frees it only after {@code io}.
   */
  private void onVolume(VolumeId volumeId, String use, long position, int length, Session.VolumeIo io) {
    session.onHeldVolume(state -> checkRange(session.ownedVolume(state, volumeId), position, length),
        "volume " + volumeId, use, io);
  }

  /** The stored volume, after checking the byte range lies inside the volume. */
  private BlockVolume checkRange(RegionState.VolumeEntry entry, long position, int length) {
    BlockVolume stored = storedVolume(entry);
    if (position < 0 || length < 0 || position > stored.size() - length) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "byte range %d+%d is outside volume %s (%d GiB)",
          position, length, entry.id(), entry.size());
    }
    return stored;
  }

  private BlockVolume storedVolume(RegionState.VolumeEntry entry) {
    return cloud.storage.volume(entry.data()).orElseThrow(() -> new IllegalStateException(
        "volume " + entry.id() + " has no stored data " + entry.data() + ": the block store lost it"));
  }

  void exportVolume(VolumeId volumeId, Path target, ProgressListener listener) {
    record Held(BlockVolumeId data, Holds.Hold hold) {}
    Held held = cloud.read(region, state -> {
      BlockVolumeId data = session.ownedVolume(state, volumeId).data();
      session.beforeChange();
      return new Held(data, cloud.holds.hold(data));
    });
    try (Holds.Hold hold = held.hold()) {
      cloud.storage.export(held.data(), target, listener);
    } catch (IOException e) {
      throw new UncheckedIOException("export of volume " + volumeId + " to " + target + " failed", e);
    }
  }
}
