package org.amisdk.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.block.BlockDevices;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockVolume;

/**
 * The {@code blocks} suite: imports ext4.img and ext4-changed.img into a fresh directory store,
 * snapshots a volume after writing the blocks that differ (changed-block tracking), exports,
 * clones 1,000 volumes, and reports the bytes stored; then the same full import at zstd level 1,
 * to compare with the default level. Every timed write is durable before the clock stops, and
 * every timed step starts after {@code sync}, like the peers' timings. Two imports and an export
 * run first, untimed but for {@code import_full_first}, so the figures are those of a warm JVM
 * (an application that embeds the library) rather than of the just-in-time compiler at work.
 */
final class BlocksSuite implements Suite {
  private static final int BLOCK = BlockStore.BLOCK_SIZE;
  private static final double MIB = 1024 * 1024;
  /**
   * Untimed imports before the timed ones: the just-in-time compiler is still at work in the
   * second import of a JVM (it takes about 10% more CPU than the fourth), and settled by the third.
   */
  private static final int WARM_UP_IMPORTS = 2;

  @Override
  public String name() {
    return "blocks";
  }

  @Override
  public void run(Path data, Path work, int runs, Figures figures) throws Exception {
    Path full = data.resolve("ext4.img");
    Path changed = data.resolve("ext4-changed.img");
    int[] differing = differingBlocks(full, changed);
    byte[][] newContent = new byte[differing.length][];
    try (RandomAccessFile in = new RandomAccessFile(changed.toFile(), "r")) {
      for (int i = 0; i < differing.length; i++) {
        newContent[i] = new byte[BLOCK];
        in.seek((long) differing[i] * BLOCK);
        in.readFully(newContent[i]);
      }
    }
    System.err.println("# blocks: " + differing.length + " blocks differ between the images");
    double mib = Files.size(full) / MIB;
    warmUp(full, work, mib, figures);
    for (int run = 1; run <= runs; run++) {
      Path storeDir = work.resolve("store-" + run);
      try (BlockDevices devices = BlockDevices.open(BlockStore.directory(storeDir))) {
        Measure m = Measure.start();
        BlockSnapshotId first = devices.importRaw(full, Optional.empty(), ProgressListener.NONE);
        m.stop();
        figures.add("import_full.mib_s", mib / m.seconds(), "MiB/s");
        figures.add("import_full.cpu_s", m.cpuSeconds(), "s");
        figures.add("import_full.heap_mib", m.peakHeapMib(), "MiB");
        long storedFull = devices.stats().storedBytes();
        figures.add("stored_full.bytes", storedFull, "bytes");

        m = Measure.start();
        BlockSnapshotId second = devices.importRaw(changed, Optional.of(first), ProgressListener.NONE);
        m.stop();
        figures.add("import_changed.s", m.seconds(), "s");
        figures.add("stored_changed_added.bytes", devices.stats().storedBytes() - storedFull, "bytes");

        BlockVolume volume = devices.createVolume(first);
        m = Measure.start();
        for (int i = 0; i < differing.length; i++) {
          volume.write((long) differing[i] * BLOCK, newContent[i], 0, BLOCK);
        }
        devices.snapshot(volume.id());
        m.stop();
        figures.add("cbt_snapshot.ms", m.seconds() * 1000, "ms");

        Path exported = work.resolve("export-" + run + ".img");
        m = Measure.start();
        devices.export(second, exported, ProgressListener.NONE);
        m.stop();
        figures.add("export.mib_s", Files.size(exported) / MIB / m.seconds(), "MiB/s");
        Files.delete(exported);

        m = Measure.start();
        List<BlockVolume> clones = devices.createVolumes(first, 1000);
        m.stop();
        figures.add("clone_1000.ms", m.seconds() * 1000, "ms");
        if (clones.size() != 1000) {
          throw new IllegalStateException("made " + clones.size() + " clones, not 1000");
        }
      }
      Bench.deleteRecursively(storeDir);

      try (BlockDevices devices = BlockDevices.open(BlockStore.directory(storeDir), 1)) {
        Measure m = Measure.start();
        devices.importRaw(full, Optional.empty(), ProgressListener.NONE);
        m.stop();
        figures.add("import_full_zstd1.mib_s", mib / m.seconds(), "MiB/s");
        figures.add("stored_full_zstd1.bytes", devices.stats().storedBytes(), "bytes");
      }
      Bench.deleteRecursively(storeDir);
      System.err.println("# blocks: run " + run + " of " + runs + " done");
    }
  }

  /**
   * The first imports and export in this JVM, each import into a fresh store: only the first
   * import's speed is reported, as {@code import_full_first}.
   */
  private static void warmUp(Path full, Path work, double mib, Figures figures) throws Exception {
    for (int i = 1; i <= WARM_UP_IMPORTS; i++) {
      Path storeDir = work.resolve("store-warm-up-" + i);
      try (BlockDevices devices = BlockDevices.open(BlockStore.directory(storeDir))) {
        Measure m = Measure.start();
        BlockSnapshotId first = devices.importRaw(full, Optional.empty(), ProgressListener.NONE);
        m.stop();
        if (i == 1) {
          figures.add("import_full_first.mib_s", mib / m.seconds(), "MiB/s");
        }
        if (i == WARM_UP_IMPORTS) {
          Path exported = work.resolve("export-warm-up.img");
          devices.export(first, exported, ProgressListener.NONE);
          Files.delete(exported);
        }
      }
      Bench.deleteRecursively(storeDir);
    }
    System.err.println("# blocks: warm-up done");
  }

  /** The indexes of the 512 KiB blocks that differ between two equally long files. */
  static int[] differingBlocks(Path a, Path b) throws IOException {
    List<Integer> differing = new ArrayList<>();
    byte[] x = new byte[BLOCK];
    byte[] y = new byte[BLOCK];
    try (RandomAccessFile fa = new RandomAccessFile(a.toFile(), "r");
        RandomAccessFile fb = new RandomAccessFile(b.toFile(), "r")) {
      long blocks = Math.min(fa.length(), fb.length()) / BLOCK;
      for (int i = 0; i < blocks; i++) {
        fa.readFully(x);
        fb.readFully(y);
        if (!Arrays.equals(x, y)) {
          differing.add(i);
        }
      }
    }
    return differing.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Wall time, process CPU time and peak heap of one measured step. */
  private static final class Measure {
    private final long wallStart = System.nanoTime();
    private final long cpuStart = cpuNanos();
    private long wall;
    private long cpu;
    private long peakHeap;

    static Measure start() throws IOException, InterruptedException {
      settleDisk();
      System.gc();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      return new Measure();
    }

    void stop() {
      wall = System.nanoTime() - wallStart;
      cpu = cpuNanos() - cpuStart;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peakHeap += pool.getPeakUsage().getUsed();
        }
      }
    }

    double seconds() {
      return wall / 1e9;
    }

    double cpuSeconds() {
      return cpu / 1e9;
    }

    double peakHeapMib() {
      return Math.round(peakHeap / MIB);
    }

    /**
     * Waits for earlier writes (by anyone) to reach the disk, as the peers' harness does with
     * {@code sync} before each timed command, so a step does not pay for another's writeback.
     */
    private static void settleDisk() throws IOException, InterruptedException {
      try {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
      } catch (IOException e) {
        // no sync command on this platform: measure without it
      }
    }

    private static long cpuNanos() {
      return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }
  }
}
