package org.amisdk.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.amisdk.storage.ProgressListener;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariants of {@link BlockDevices} on random images and random operation sequences, on real files. */
class BlockDevicesPropertyTest {
  private static final int BLOCK = BlockStore.BLOCK_SIZE;
  @TempDir Path directory;
  private final AtomicInteger names = new AtomicInteger();

  private Path fresh() {
    return directory.resolve("case-" + names.incrementAndGet());
  }

  private byte[] export(BlockDevices devices, BlockSnapshotId id) throws IOException {
    Path out = fresh();
    devices.export(id, out, ProgressListener.NONE);
    byte[] bytes = Files.readAllBytes(out);
    Files.delete(out);
    return bytes;
  }

  @Test
  void exportOfImport_isTheImage_forSparseDenseAndOddSizes() {
    Property.check("export(import(x)) == x", 25, random -> {
      Path root = fresh();
      byte[] image = Images.random(random, Images.randomSize(random, 6));
      try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
        BlockSnapshotId id = devices.importRaw(Images.write(root, "image", image), Optional.empty(), ProgressListener.NONE);
        assertArrayEquals(image, export(devices, id));
        BlockVolume volume = devices.createVolume(id);
        Path viaVolume = fresh();
        devices.export(volume.id(), viaVolume, ProgressListener.NONE);
        assertArrayEquals(image, Files.readAllBytes(viaVolume));
      }
    });
  }

  @Test
  void randomOperations_agreeWithAByteArrayModel_acrossReopenings() {
    Property.check("operations agree with a byte-array model", 12, random -> {
      Path root = fresh().resolve("store");
      Map<BlockSnapshotId, byte[]> snapshots = new LinkedHashMap<>();
      Map<BlockVolumeId, byte[]> volumes = new LinkedHashMap<>();
      BlockDevices devices = BlockDevices.open(BlockStore.directory(root));
      try {
        for (int step = 0; step < 40; step++) {
          int op = random.nextInt(10);
          if (op == 0 || snapshots.isEmpty() && volumes.isEmpty()) {
            byte[] image = Images.random(random, Images.randomSize(random, 4));
            Optional<BlockSnapshotId> parent = snapshots.isEmpty() || random.nextBoolean()
                ? Optional.empty() : Optional.of(pick(random, snapshots.keySet()));
            Path file = Images.write(directory, "import-" + names.incrementAndGet(), image);
            snapshots.put(devices.importRaw(file, parent, ProgressListener.NONE), image);
            Files.delete(file);
          } else if (op == 1) {
            if (!snapshots.isEmpty() && random.nextBoolean()) {
              BlockSnapshotId from = pick(random, snapshots.keySet());
              volumes.put(devices.createVolume(from).id(), snapshots.get(from).clone());
            } else {
              long size = Images.randomSize(random, 3);
              volumes.put(devices.createVolume(size).id(), new byte[(int) size]);
            }
          } else if ((op == 2 || op == 3) && !volumes.isEmpty()) {
            BlockVolumeId id = pick(random, volumes.keySet());
            byte[] model = volumes.get(id);
            int length = 1 + random.nextInt(Math.min(model.length, BLOCK + BLOCK / 2));
            int at = random.nextInt(model.length - length + 1);
            byte[] data = new byte[length];
            if (random.nextBoolean()) {
              random.nextBytes(data);
            }
            devices.volume(id).orElseThrow().write(at, data, 0, length);
            System.arraycopy(data, 0, model, at, length);
          } else if (op == 4 && !volumes.isEmpty()) {
            BlockVolumeId id = pick(random, volumes.keySet());
            byte[] model = volumes.get(id);
            int length = 1 + random.nextInt(model.length);
            int at = random.nextInt(model.length - length + 1);
            byte[] read = new byte[length];
            devices.volume(id).orElseThrow().read(at, read, 0, length);
            assertArrayEquals(Arrays.copyOfRange(model, at, at + length), read, "read of volume " + id);
          } else if (op == 5 && !volumes.isEmpty()) {
            BlockVolumeId id = pick(random, volumes.keySet());
            snapshots.put(devices.snapshot(id), volumes.get(id).clone());
          } else if (op == 6 && !snapshots.isEmpty()) {
            BlockSnapshotId id = pick(random, snapshots.keySet());
            devices.deleteSnapshot(id);
            snapshots.remove(id);
          } else if (op == 7 && !volumes.isEmpty()) {
            BlockVolumeId id = pick(random, volumes.keySet());
            devices.deleteVolume(id);
            volumes.remove(id);
          } else if (op == 8 && !snapshots.isEmpty()) {
            BlockSnapshotId id = pick(random, snapshots.keySet());
            assertArrayEquals(snapshots.get(id), export(devices, id), "export of " + id);
          } else if (op == 9) {
            for (BlockVolumeId id : volumes.keySet()) {
              devices.volume(id).orElseThrow().flush();
            }
            devices.close();
            devices = BlockDevices.open(BlockStore.directory(root));
          }
        }
        assertEquals(snapshots.keySet(), devices.snapshots().stream().map(SnapshotInfo::id)
            .collect(java.util.stream.Collectors.toSet()));
        assertEquals(volumes.keySet(), java.util.Set.copyOf(devices.volumes()));
        assertTrue(devices.verify(ProgressListener.NONE).isClean());
        for (Map.Entry<BlockSnapshotId, byte[]> entry : snapshots.entrySet()) {
          assertArrayEquals(entry.getValue(), export(devices, entry.getKey()), "export of " + entry.getKey());
        }
        for (Map.Entry<BlockVolumeId, byte[]> entry : volumes.entrySet()) {
          byte[] read = new byte[entry.getValue().length];
          devices.volume(entry.getKey()).orElseThrow().read(0, read, 0, read.length);
          assertArrayEquals(entry.getValue(), read, "content of " + entry.getKey());
        }
        for (BlockSnapshotId id : snapshots.keySet()) {
          devices.deleteSnapshot(id);
        }
        for (BlockVolumeId id : volumes.keySet()) {
          devices.deleteVolume(id);
        }
        assertEquals(0, devices.stats().blocks(), "every block is freed once nothing holds it");
      } finally {
        devices.close();
      }
      try (BlockStore store = BlockStore.directory(root)) {
        assertEquals(0, store.addresses().size());
      }
    });
  }

  @Test
  void deletingSnapshotsInAnyOrder_neverFreesABlockAnotherSnapshotNeeds() {
    Property.check("deleting snapshots in any order keeps what others need", 15, random -> {
      try (BlockDevices devices = BlockDevices.open(BlockStore.inMemory())) {
        Map<BlockSnapshotId, byte[]> snapshots = new LinkedHashMap<>();
        byte[] image = Images.random(random, Images.randomSize(random, 5));
        Optional<BlockSnapshotId> parent = Optional.empty();
        for (int i = 0; i < 2 + random.nextInt(5); i++) {
          Path file = Images.write(directory, "chain-" + names.incrementAndGet(), image);
          BlockSnapshotId id = devices.importRaw(file, parent, ProgressListener.NONE);
          snapshots.put(id, image.clone());
          parent = Optional.of(id);
          int block = random.nextInt((image.length + BLOCK - 1) / BLOCK);
          Images.fillRandom(random, image, block * BLOCK, Math.min(BLOCK, image.length - block * BLOCK));
        }
        List<BlockSnapshotId> order = new ArrayList<>(snapshots.keySet());
        java.util.Collections.shuffle(order, new java.util.Random(random.nextLong()));
        for (BlockSnapshotId doomed : order) {
          long frees = devices.stats(doomed).blocksExclusive();
          long before = devices.stats().blocks();
          devices.deleteSnapshot(doomed);
          snapshots.remove(doomed);
          assertEquals(before - frees, devices.stats().blocks(), "blocks freed by deleting " + doomed);
          for (Map.Entry<BlockSnapshotId, byte[]> entry : snapshots.entrySet()) {
            assertArrayEquals(entry.getValue(), export(devices, entry.getKey()));
          }
          assertTrue(devices.verify(ProgressListener.NONE).isClean());
        }
        assertEquals(0, devices.stats().storedBytes());
      }
    });
  }

  @Test
  void deletesRacingWithImportsOfTheSameBlocks_neverLoseABlockASnapshotNeeds() {
    Property.check("deletes racing with imports keep every block", 6, random -> {
      byte[][] pool = new byte[4][BLOCK];
      for (byte[] block : pool) {
        random.nextBytes(block);
      }
      List<byte[]> images = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        byte[] image = new byte[3 * BLOCK];
        for (int b = 0; b < 3; b++) {
          System.arraycopy(pool[random.nextInt(pool.length)], 0, image, b * BLOCK, BLOCK);
        }
        images.add(image);
      }
      Path root = fresh();
      try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
        Map<BlockSnapshotId, byte[]> made = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.BlockingQueue<BlockSnapshotId> toDelete = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread deleter = new Thread(() -> {
          try {
            for (int deleted = 0; deleted < 6; deleted++) {
              BlockSnapshotId id = toDelete.take();
              devices.deleteSnapshot(id);
              made.remove(id);
            }
          } catch (Exception e) {
            throw new IllegalStateException("delete failed", e);
          }
        });
        deleter.start();
        for (int i = 0; i < images.size(); i++) {
          Path file = Images.write(root, "image-" + i, images.get(i));
          BlockSnapshotId id = devices.importRaw(file, Optional.empty(), ProgressListener.NONE);
          made.put(id, images.get(i));
          if (i % 2 == 0) {
            toDelete.add(id);
          }
        }
        deleter.join();
        assertEquals(6, made.size());
        assertTrue(devices.verify(ProgressListener.NONE).isClean());
        for (Map.Entry<BlockSnapshotId, byte[]> entry : made.entrySet()) {
          assertArrayEquals(entry.getValue(), export(devices, entry.getKey()));
        }
      }
    });
  }

  private static <T> T pick(SplittableRandom random, java.util.Collection<T> items) {
    int at = random.nextInt(items.size());
    for (T item : items) {
      if (at-- == 0) {
        return item;
      }
    }
    throw new IllegalStateException("empty");
  }
}
