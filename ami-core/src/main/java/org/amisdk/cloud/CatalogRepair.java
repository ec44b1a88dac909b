package org.amisdk.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VolumeId;
import org.amisdk.storage.block.BlockDevices;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.block.BlockVolumeId;
import org.amisdk.storage.block.RepairReport;
import org.amisdk.storage.object.ObjectStore;

/**
 * The explicit salvage of a durable cloud ({@link LocalCloud#repair}). Per region it reads the
 * checkpoint and every journal record that checks out, skipping damaged bytes to the next valid
 * record; replays what it kept in order; drops the entries whose references no longer hold (an
 * image mapping a lost snapshot, a snapshot or volume whose stored data is gone); and, when
 * anything was lost, rewrites the region as one fresh checkpoint. An intact region is left as it
 * is. Every loss is one line of the report.
 */
final class CatalogRepair {
  private CatalogRepair() {}

  /** Repairs the block store, then the catalog, of the durable cloud in {@code directory}. */
  static RepairReport repairDirectory(Path directory) throws IOException {
    Path blocks = directory.resolve("blocks");
    Path catalog = directory.resolve("catalog");
    List<String> lost = new ArrayList<>();
    int files = 0;
    long kept = 0;
    if (Files.isDirectory(blocks)) {
      RepairReport stored = BlockStore.repairDirectory(blocks);
      files += stored.filesChecked();
      kept += stored.entriesKept();
      stored.lost().forEach(line -> lost.add("block store: " + line));
    }
    if (Files.isDirectory(catalog)) {
      try (BlockDevices storage = BlockDevices.open(BlockStore.directory(blocks));
          CatalogStore store = CatalogStore.directory(catalog)) {
        RepairReport report = repair(store, storage);
        files += report.filesChecked();
        kept += report.entriesKept();
        lost.addAll(report.lost());
      }
    }
    return new RepairReport(files, kept, lost);
  }

  /** Repairs the block store, then the catalog, of the durable cloud under {@code prefix} in {@code objects}, which stays open. */
  static RepairReport repairObjects(ObjectStore objects, String prefix) throws IOException {
    List<String> lost = new ArrayList<>();
    RepairReport stored = BlockStore.repairObjects(objects, prefix + "/blocks");
    stored.lost().forEach(line -> lost.add("block store: " + line));
    try (BlockDevices storage = BlockDevices.open(BlockStore.onObjects(new UnclosedObjectStore(objects), prefix + "/blocks"));
        CatalogStore store = CatalogStore.objects(objects, prefix + "/catalog")) {
      RepairReport catalog = repair(store, storage);
      lost.addAll(catalog.lost());
      return new RepairReport(stored.filesChecked() + catalog.filesChecked(), stored.entriesKept() + catalog.entriesKept(),
          lost);
    }
  }

  /** Repairs the catalog in {@code store} against the data {@code storage} holds. */
  static RepairReport repair(CatalogStore store, BlockDevices storage) throws IOException {
    List<String> lost = new ArrayList<>();
    Set<Region> listed;
    boolean listDamaged = false;
    try {
      listed = store.regions().orElse(Set.of());
    } catch (IOException damaged) {
      lost.add("region list: " + damaged.getMessage() + " (rebuilt from the regions the catalog holds)");
      listed = Set.of();
      listDamaged = true;
    }
    Set<Region> all = new TreeSet<>(Comparator.comparing(Region::code));
    all.addAll(listed);
    all.addAll(store.regionsHeld());
    Set<BlockSnapshotId> storedSnapshots = new HashSet<>(storage.pendingSnapshots());
    storage.snapshots().forEach(s -> storedSnapshots.add(s.id()));
    Set<BlockVolumeId> storedVolumes = new HashSet<>(storage.volumes());
    int files = 0;
    long kept = 0;
    for (Region region : all) {
      Salvaged salvaged = salvage(store, region, lost);
      files += salvaged.files;
      kept += salvaged.kept;
      boolean damaged = salvaged.damaged;
      for (List<References.Problem> problems = References.problems(salvaged.state, storedSnapshots, storedVolumes);
          !problems.isEmpty(); problems = References.problems(salvaged.state, storedSnapshots, storedVolumes)) {
        for (References.Problem problem : problems) {
          remove(salvaged.state, problem.key());
          lost.add("region " + region + ": " + problem.description() + " (the entry is dropped)");
        }
        damaged = true;
      }
      if (damaged) {
        long next = salvaged.next;
        store.startSegment(region, next);
        store.checkpoint(region, next, JournalFormat.file(JournalFormat.CHECKPOINT, next,
            Catalog.checkpoint(Catalog.contents(salvaged.state), Journal.CHECKPOINT_BATCH)));
      }
    }
    if (listDamaged || !listed.containsAll(all)) {
      store.relist(all);
    }
    return new RepairReport(files, kept, lost);
  }

  /** What one region's parts held: its entries, the first sequence number after them, and whether anything was lost. */
  private static final class Salvaged {
    final RegionState state;
    int files;
    long kept;
    long next = 1;
    boolean damaged;

    Salvaged(Region region) {
      state = new RegionState(region);
    }
  }

  private static Salvaged salvage(CatalogStore store, Region region, List<String> lost) throws IOException {
    Salvaged found = new Salvaged(region);
    CatalogStore.Stored stored = store.load(region);
    if (stored.checkpoint().isPresent()) {
      CatalogStore.Part part = stored.checkpoint().get();
      found.files++;
      found.next = part.sequence();
      try {
        for (JournalFormat.Commit batch : JournalFormat.readWhole(part.read(), JournalFormat.CHECKPOINT, part.sequence(), part.name())) {
          List<Catalog.Change> changes = CatalogReader.read(batch.batch(), part.name());
          Catalog.apply(found.state, changes);
          found.kept += changes.size();
        }
      } catch (IOException damaged) {
        lost.add(part.name() + ": " + damaged.getMessage() + " (every entry only the checkpoint held is lost)");
        found.damaged = true;
      }
    }
    long expected = found.next;
    for (CatalogStore.Part part : stored.segments()) {
      if (part.sequence() < found.next) {
        continue; // superseded by the checkpoint
      }
      found.files++;
      byte[] bytes = part.read();
      try {
        JournalFormat.checkHeader(bytes, JournalFormat.SEGMENT, part.name());
      } catch (IOException damaged) {
        lost.add(part.name() + ": " + damaged.getMessage() + " (its records are read regardless)");
        found.damaged = true;
      }
      int before = lost.size();
      for (JournalFormat.Commit commit : JournalFormat.salvage(bytes, JournalFormat.FILE_HEADER, part.name(), lost)) {
        if (commit.sequence() < expected) {
          lost.add(part.name() + ": commit " + commit.sequence() + " comes after commit " + (expected - 1)
              + " (a record out of order, skipped)");
          found.damaged = true;
          continue;
        }
        if (commit.sequence() > expected) {
          lost.add("region " + region + ": commits " + expected + " to " + (commit.sequence() - 1) + " are missing");
        }
        try {
          Catalog.apply(found.state, CatalogReader.read(commit.batch(), "commit " + commit.sequence() + " in " + part.name()));
          found.kept++;
        } catch (IOException | RuntimeException unreadable) {
          lost.add(part.name() + ": commit " + commit.sequence() + " does not read: " + unreadable.getMessage());
        }
        expected = commit.sequence() + 1;
      }
      found.damaged |= lost.size() > before;
    }
    found.next = Math.max(expected, found.next);
    return found;
  }

  private static void remove(RegionState state, Object key) {
    if (key instanceof ImageId id) {
      state.remove(id);
    } else if (key instanceof SnapshotId id) {
      state.remove(id);
    } else if (key instanceof VolumeId id) {
      state.remove(id);
    } else if (key instanceof RegionState.BinnedSnapshot binned) {
      state.removeBinnedSnapshot(binned.entry().snapshot().snapshotId());
    } else {
      state.remove((InstanceId) key);
    }
  }
}
