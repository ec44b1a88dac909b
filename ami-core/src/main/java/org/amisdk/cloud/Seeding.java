package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.StorageTier;

/** Seeds a region with images as EC2 reported them, their snapshots as metadata. */
final class Seeding {
  private Seeding() {}

  static void seed(RegionState state, List<Image> images) {
    Map<String, ImageId> names = new HashMap<>();
    for (Image image : images) {
      RegionState.ImageEntry present = state.images.get(image.imageId());
      if (present != null) {
        continue;
      }
      image.name().ifPresent(name -> {
        String key = image.ownerId() + "/" + name;
        ImageId clash = names.putIfAbsent(key, image.imageId());
        Optional<ImageId> existing = state.imageNamed(image.ownerId(), name).map(e -> e.image().imageId());
        if ((clash != null && !clash.equals(image.imageId())) || existing.isPresent()) {
          throw Refusals.refuse(Refusals.AMI_NAME_DUPLICATE, "AMI name %s is already in use by AMI %s",
              name, clash != null ? clash : existing.get());
        }
      });
    }
    for (Image image : images) {
      if (state.images.containsKey(image.imageId())) {
        continue;
      }
      Instant created = image.creationDate().orElse(Instant.EPOCH);
      ImmutableSet<LaunchPermission> permissions = image.isPublic() ? ImmutableSet.of(LaunchPermission.EVERYONE) : ImmutableSet.of();
      for (BlockDeviceMapping mapping : image.blockDeviceMappings()) {
        if (mapping instanceof BlockDeviceMapping.Ebs ebs && ebs.ebs().snapshotId().isPresent()
            && !state.snapshots.containsKey(ebs.ebs().snapshotId().get())) {
          SnapshotId id = ebs.ebs().snapshotId().get();
          Snapshot snapshot = Snapshot.builder()
              .snapshotId(id)
              .state(SnapshotState.COMPLETED)
              .progress(100)
              .startTime(created)
              .ownerId(image.ownerId())
              .ownerAlias(image.imageOwnerAlias().filter("amazon"::equals))
              .description("")
              .volumeSize(ebs.ebs().volumeSize().orElse(8))
              .encrypted(ebs.ebs().encrypted().orElse(false))
              .storageTier(StorageTier.STANDARD)
              .build();
          state.put(new RegionState.SnapshotEntry(snapshot, created, Optional.empty(), permissions,
              ImmutableMap.of(), RegionState.Tier.STANDARD));
        }
      }
      ImmutableMap<org.amisdk.model.AccountId, ImmutableList<org.amisdk.model.Tag>> tags = image.tags().isEmpty()
          ? ImmutableMap.of() : ImmutableMap.of(image.ownerId(), ImmutableList.copyOf(image.tags()));
      Image stored = image.tags().isEmpty() ? image : Image.builder().from(image).tags(List.of()).build();
      state.put(new RegionState.ImageEntry(stored, permissions, tags, created, RegionState.Protection.NONE));
    }
  }
}
