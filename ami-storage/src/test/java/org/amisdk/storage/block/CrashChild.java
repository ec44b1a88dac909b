package org.amisdk.storage.block;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.amisdk.storage.ProgressListener;

/**
 * The child JVM of {@link BlockStoreCrashTest}: imports images, snapshots volumes and deletes
 * snapshots in a directory store until it is killed. After each snapshot completes it prints
 * {@code done <id> <sha256 of the content>}; before a delete {@code deleting <id>}. Usage:
 * {@code CrashChild STORE_DIR SEED}.
 */
final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
    Path images = Files.createDirectories(root.resolveSibling(root.getFileName() + "-images"));
    warmUp(images);
    try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
      System.out.println("ready");
      System.out.flush();
      for (int step = 0; ; step++) {
        List<SnapshotInfo> snapshots = devices.snapshots();
        int op = snapshots.size() > 10 ? 3 : random.nextInt(4); // keep the read-backs after each kill few
        if (op <= 1 || snapshots.isEmpty()) {
          byte[] image = Images.random(random, Images.randomSize(random, 8));
          Optional<BlockSnapshotId> parent = snapshots.isEmpty() || random.nextBoolean()
              ? Optional.empty() : Optional.of(snapshots.get(random.nextInt(snapshots.size())).id());
          Path file = Images.write(images, "image-" + step, image);
          BlockSnapshotId id = devices.importRaw(file, parent, ProgressListener.NONE);
          Files.delete(file);
          report("done " + id + " " + Images.sha256(image));
        } else if (op == 2) {
          BlockVolume volume = devices.createVolume(snapshots.get(random.nextInt(snapshots.size())).id());
          for (int i = 0; i < 1 + random.nextInt(4); i++) {
            byte[] data = new byte[1 + random.nextInt((int) Math.min(Images.BLOCK, volume.size()))]; // fits the volume
            random.nextBytes(data);
            volume.write(random.nextLong(volume.size() - data.length + 1), data, 0, data.length);
          }
          BlockSnapshotId id = devices.snapshot(volume.id());
          byte[] content = new byte[(int) volume.size()];
          volume.read(0, content, 0, content.length);
          report("done " + id + " " + Images.sha256(content));
          devices.deleteVolume(volume.id());
        } else if (snapshots.size() > 3) {
          BlockSnapshotId id = snapshots.get(random.nextInt(snapshots.size())).id();
          report("deleting " + id);
          devices.deleteSnapshot(id);
        }
      }
    }
  }

  /**
   * Runs the import, volume and snapshot paths a few times on an in-memory store, so that on a busy
   * machine the parent's kills land in the real work rather than in class loading and compilation.
   */
  private static void warmUp(Path images) throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    try (BlockDevices devices = BlockDevices.open(BlockStore.inMemory())) {
      for (int i = 0; i < 3; i++) {
        Path file = Images.write(images, "warm-up", Images.random(random, 2L * Images.BLOCK + 1));
        BlockSnapshotId id = devices.importRaw(file, Optional.empty(), ProgressListener.NONE);
        Files.delete(file);
        BlockVolume volume = devices.createVolume(id);
        volume.write(1, new byte[] {1}, 0, 1);
        devices.snapshot(volume.id());
        devices.deleteVolume(volume.id());
      }
    }
  }

  private static void report(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
