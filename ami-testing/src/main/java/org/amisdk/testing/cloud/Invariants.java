package org.amisdk.testing.cloud;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.amisdk.model.InstanceState;
import org.amisdk.cloud.Inventory;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.ImageState;
import org.amisdk.model.InstanceId;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
import org.amisdk.storage.block.BlockAddress;
import org.amisdk.storage.block.BlockStore;

/**
 * What must hold in a local cloud between any two calls, whatever a test did: every snapshot a
 * live image maps exists, every block a snapshot lists is stored, no operation was left
 * half-done (no snapshot in error holding blocks: the only snapshot in error is one the EBS direct
 * APIs cancelled at its timeout, whose blocks are freed; no volume attached to a terminated or
 * missing instance).
 */
final class Invariants {
  private Invariants() {}

  /** The breaches in {@code cloud}, whose blocks are in {@code blocks}; empty when all holds. */
  static List<String> breaches(LocalCloud cloud, BlockStore blocks) throws IOException {
    Inventory world = Inventory.of(cloud);
    List<String> breaches = new ArrayList<>();
    Map<String, Inventory.SnapshotFacts> snapshots = new HashMap<>();
    for (Inventory.SnapshotFacts s : world.snapshots()) {
      snapshots.put(s.region().code() + "/" + s.snapshot().snapshotId(), s);
      if (s.snapshot().state() == SnapshotState.ERROR && !s.blocks().isEmpty()) {
        breaches.add("snapshot " + s.snapshot().snapshotId() + " in " + s.region() + " is in state error but holds "
            + s.blocks().size() + " blocks");
      }
      for (BlockAddress block : s.blocks()) {
        if (!blocks.contains(block)) {
          breaches.add("block " + block + " that snapshot " + s.snapshot().snapshotId() + " lists is not stored");
        }
      }
    }
    for (Inventory.ImageFacts i : world.images()) {
      if (i.image().state() == ImageState.DEREGISTERED) {
        continue;
      }
      for (BlockDeviceMapping mapping : i.image().blockDeviceMappings()) {
        if (mapping instanceof BlockDeviceMapping.Ebs ebs && ebs.ebs().snapshotId().isPresent()) {
          SnapshotId id = ebs.ebs().snapshotId().get();
          if (!snapshots.containsKey(i.region().code() + "/" + id)) {
            breaches.add("snapshot " + id + " that image " + i.image().imageId() + " maps at " + ebs.deviceName()
                + " does not exist in " + i.region());
          }
        }
      }
    }
    Map<InstanceId, InstanceState> instances = new HashMap<>();
    world.instances().forEach(i -> instances.put(i.instanceId(), i.state()));
    for (Inventory.VolumeFacts v : world.volumes()) {
      if (v.volume().attachedTo().isPresent()) {
        InstanceId holder = v.volume().attachedTo().get();
        InstanceState state = instances.get(holder);
        if (state == null || state == InstanceState.TERMINATED) {
          breaches.add("volume " + v.volume().volumeId() + " is attached to instance " + holder + ", which is "
              + (state == null ? "missing" : "terminated"));
        }
      }
    }
    return breaches;
  }
}
