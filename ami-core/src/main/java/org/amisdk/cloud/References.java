package org.amisdk.cloud;

import java.util.Optional;
import java.util.Set;
import org.amisdk.model.SnapshotId;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockVolumeId;

/**
 * The checks a durable cloud's catalog passes on open before anything is swept: every snapshot an
 * image maps is in the region's catalog, and every stored-data reference (a snapshot's bytes, a
 * volume's, an instance-store root) names data the block store holds.
 */
final class References {
  private References() {}

  /** The first broken reference of {@code state}, described, or empty when every reference holds. */
  static Optional<String> firstProblem(RegionState state, Set<BlockSnapshotId> storedSnapshots,
      Set<BlockVolumeId> storedVolumes) {
    for (SnapshotId snapshot : state.mappedSnapshots()) { // one lookup per mapped snapshot, not per image
      if (state.snapshot(snapshot).isEmpty()) {
        return Optional.of("image " + state.imagesUsing(snapshot).iterator().next() + " maps snapshot " + snapshot
            + ", which the catalog does not hold");
      }
    }
    for (RegionState.SnapshotEntry snapshot : state.snapshots()) {
      if (snapshot.data().isPresent() && !storedSnapshots.contains(snapshot.data().get())) {
        return Optional.of("snapshot " + snapshot.snapshot().snapshotId() + " names stored data " + snapshot.data().get()
            + ", which the block store does not hold");
      }
    }
    for (RegionState.VolumeEntry volume : state.volumes()) {
      if (!storedVolumes.contains(volume.data())) {
        return Optional.of("volume " + volume.id() + " names stored data " + volume.data() + ", which the block store does not hold");
      }
    }
    for (RegionState.InstanceEntry instance : state.instances()) {
      if (instance.instanceStore().isPresent() && !storedVolumes.contains(instance.instanceStore().get())) {
        return Optional.of("instance " + instance.id() + " names its instance-store root " + instance.instanceStore().get()
            + ", which the block store does not hold");
      }
    }
    return Optional.empty();
  }
}
