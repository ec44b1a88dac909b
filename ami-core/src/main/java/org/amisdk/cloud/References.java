package org.amisdk.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.amisdk.model.ImageId;
import org.amisdk.model.SnapshotId;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockVolumeId;

/**
 * The checks a durable cloud's catalog passes on open before anything is swept: every snapshot an
 * image maps is in the region's catalog, and every stored-data reference (a snapshot's bytes, live
 * or in the Recycle Bin, a volume's, an instance-store root) names data the block store holds. An
 * image in the bin may map snapshots that are gone: that image cannot be restored, as in EC2.
 */
final class References {
  private References() {}

  /** A broken reference: the catalog key of the entry holding it (a binned snapshot: its binned entry), and what is wrong. */
  record Problem(Object key, String description) {}

  /** The first broken reference of {@code state}, described, or empty when every reference holds. */
  static Optional<String> firstProblem(RegionState state, Set<BlockSnapshotId> storedSnapshots,
      Set<BlockVolumeId> storedVolumes) {
    return problems(state, storedSnapshots, storedVolumes).stream().findFirst().map(Problem::description);
  }

  /** Every broken reference of {@code state}, images first, then snapshots, volumes and instances. */
  static List<Problem> problems(RegionState state, Set<BlockSnapshotId> storedSnapshots, Set<BlockVolumeId> storedVolumes) {
    List<Problem> problems = new ArrayList<>();
    for (SnapshotId snapshot : state.mappedSnapshots()) { // one lookup per mapped snapshot, not per image
      if (state.snapshot(snapshot).isEmpty()) {
        for (ImageId image : state.imagesUsing(snapshot)) {
          problems.add(new Problem(image, "image " + image + " maps snapshot " + snapshot + ", which the catalog does not hold"));
        }
      }
    }
    for (RegionState.SnapshotEntry snapshot : state.snapshots()) {
      if (snapshot.data().isPresent() && !storedSnapshots.contains(snapshot.data().get())) {
        problems.add(new Problem(snapshot.snapshot().snapshotId(), "snapshot " + snapshot.snapshot().snapshotId()
            + " names stored data " + snapshot.data().get() + ", which the block store does not hold"));
      }
    }
    for (RegionState.BinnedSnapshot binned : state.binnedSnapshots()) {
      var snapshot = binned.entry();
      if (snapshot.data().isPresent() && !storedSnapshots.contains(snapshot.data().get())) {
        problems.add(new Problem(binned, "snapshot " + snapshot.snapshot().snapshotId() + " in the Recycle Bin names stored data "
            + snapshot.data().get() + ", which the block store does not hold"));
      }
    }
    for (RegionState.VolumeEntry volume : state.volumes()) {
      if (!volume.deleted() && !storedVolumes.contains(volume.data())) {
        problems.add(new Problem(volume.id(), "volume " + volume.id() + " names stored data " + volume.data()
            + ", which the block store does not hold"));
      }
    }
    for (RegionState.InstanceEntry instance : state.instances()) {
      if (instance.instanceStore().isPresent() && !storedVolumes.contains(instance.instanceStore().get())) {
        problems.add(new Problem(instance.id(), "instance " + instance.id() + " names its instance-store root "
            + instance.instanceStore().get() + ", which the block store does not hold"));
      }
    }
    return problems;
  }
}
