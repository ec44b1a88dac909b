package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeId;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockVolume;
import org.amisdk.storage.block.BlockVolumeId;

/** Volumes: create, describe, delete, and the bytes they hold; owns the volume state table and its refusals. */
final class Volumes {
  private final CloudImpl cloud;
  private final AccountId caller;
  private final Region region;
  private final Set<LaunchPermission> principals;
  private final Session session;
  private final Snapshots snapshots;

  Volumes(Session session, Snapshots snapshots) {
    this.cloud = session.cloud;
    this.caller = session.caller;
    this.region = session.region;
    this.principals = session.principals;
    this.session = session;
    this.snapshots = snapshots;
  }

  Volume createVolume(CreateVolumeRequest request) {
    Session.checkTags(request.tags());
    if (request.size().isEmpty() && request.snapshotId().isEmpty()) {
      throw Ec2Exception.of(Ec2ErrorCode.MISSING_PARAMETER, "The request must contain the parameter size/snapshot");
    }
    Optional<SnapshotId> snapshotId = request.snapshotId();
    request.size().ifPresent(size -> {
      if (size < 1 || size > 65_536) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "volume size %d GiB is out of range: 1 to 65,536 GiB", size);
      }
    });
    return cloud.write(region, state -> {
      Instant now = session.now();
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
        encrypted |= snapshot.snapshot().isEncrypted();
        data = snapshot.data();
      } else {
        size = request.size().get();
      }
      session.beforeChange();
      BlockVolumeId stored = newStoredVolumes(data, size, 1, "new volume").get(0);
      RegionState.VolumeEntry entry = new RegionState.VolumeEntry(cloud.newVolumeId(), caller, size, snapshotId,
          request.volumeType(), encrypted, now, stored, Optional.empty(), ImmutableList.copyOf(request.tags()));
      state.put(entry);
      return volume(entry);
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

  private static Volume volume(RegionState.VolumeEntry entry) {
    return new Volume(entry.id(), entry.owner(), entry.size(), entry.snapshotId(), entry.type(), entry.encrypted(),
        entry.created(), entry.attachedTo(), entry.tags());
  }

  List<Volume> describeVolumes(List<VolumeId> volumeIds) {
    return cloud.read(region, state -> {
      if (!volumeIds.isEmpty()) {
        return volumeIds.stream().map(id -> volume(session.ownedVolume(state, id))).toList();
      }
      return state.volumes().stream().filter(v -> v.owner().equals(caller))
          .sorted(Comparator.comparing(v -> v.id().toString())).map(Volumes::volume).toList();
    });
  }

  void deleteVolume(VolumeId volumeId) {
    cloud.write(region, state -> {
      RegionState.VolumeEntry entry = session.ownedVolume(state, volumeId);
      if (entry.attachedTo().isPresent()) {
        throw Ec2Exception.of(Ec2ErrorCode.VOLUME_IN_USE, "Volume %s is currently attached to %s", volumeId, entry.attachedTo().get());
      }
      session.beforeChange();
      state.remove(volumeId);
      cloud.deleteVolumeAfterCommit(state, entry.data(), volumeId);
      return null;
    });
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
