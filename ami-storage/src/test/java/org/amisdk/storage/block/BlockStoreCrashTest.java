package org.amisdk.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amisdk.storage.ProgressListener;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link CrashChild}) that imports, snapshots and deletes in a directory store,
 * at random moments, many times over one store. After each kill the store opens, verifies clean,
 * and every snapshot the child reported complete (and did not start deleting) reads back exactly.
 * The child's output is read to its end after the kill ({@link ChildJvm}): a {@code deleting} line
 * printed just before the kill must not be lost, or a rightly deleted snapshot would look lost.
 */
class BlockStoreCrashTest {
  private static final Pattern DONE = Pattern.compile("done (s-[0-9a-f]{16}) ([0-9a-f]{64})");
  private static final Pattern DELETING = Pattern.compile("deleting (s-[0-9a-f]{16})");
  @TempDir Path directory;

  @Test
  void killedAtRandomMoments_theStoreOpensClean_andKeepsEveryCompletedSnapshot() throws IOException {
    Path root = directory.resolve("store");
    Map<BlockSnapshotId, String> completed = new HashMap<>();
    List<List<String>> rounds = new ArrayList<>();
    int[] checked = new int[1];
    Property.check("a killed writer loses no completed snapshot", 20, random -> {
      List<String> lines = runAndKill(root, random.nextLong(), 50 + random.nextInt(700));
      rounds.add(lines);
      for (String line : lines) {
        Matcher done = DONE.matcher(line);
        Matcher deleting = DELETING.matcher(line);
        if (done.matches()) {
          completed.put(BlockSnapshotId.parse(done.group(1)), done.group(2));
        } else if (deleting.matches()) {
          completed.remove(BlockSnapshotId.parse(deleting.group(1)));
        }
      }
      try (BlockDevices devices = BlockDevices.open(BlockStore.directory(root))) {
        VerifyReport report = devices.verify(ProgressListener.NONE);
        assertTrue(report.isClean(), report.problems().toString());
        for (Map.Entry<BlockSnapshotId, String> entry : completed.entrySet()) {
          Path out = directory.resolve("export.img");
          try {
            devices.export(entry.getKey(), out, ProgressListener.NONE);
          } catch (NoSuchElementException e) {
            throw new AssertionError(e.getMessage() + "\n" + history(entry.getKey(), rounds, devices), e);
          }
          assertEquals(entry.getValue(), Images.sha256(Files.readAllBytes(out)), "content of " + entry.getKey());
          checked[0]++;
        }
      }
    });
    assertTrue(checked[0] > 20, "only " + checked[0] + " snapshot checks: the child made too little progress");
    System.out.println("crash test: " + checked[0] + " snapshot read-backs after kills, " + completed.size()
        + " snapshots at the end");
  }

  /** Starts the child, waits until it is ready, lets it run {@code millis}, kills it, returns what it printed. */
  private static List<String> runAndKill(Path root, long seed, int millis) throws Exception {
    ChildJvm child = ChildJvm.start(CrashChild.class, root.toString(), Long.toString(seed));
    boolean ready = child.awaitLine("ready"::equals, 30_000);
    if (ready) {
      Thread.sleep(millis);
    }
    List<String> lines = child.killAndCollect();
    assertTrue(ready && lines.get(0).equals("ready"), "the child did not start: " + lines);
    return lines;
  }

  /**
   * What is known of a snapshot the check missed: every child line naming it, by round (1-based),
   * and what the store holds for it (its record, whether held, the volumes based on it).
   */
  private static String history(BlockSnapshotId id, List<List<String>> rounds, BlockDevices devices) throws IOException {
    StringBuilder text = new StringBuilder("history of " + id + ":\n");
    for (int round = 0; round < rounds.size(); round++) {
      List<String> lines = rounds.get(round);
      for (int at = 0; at < lines.size(); at++) {
        if (lines.get(at).contains(id.value())) {
          text.append("  round ").append(round + 1).append(" line ").append(at + 1).append(" of ")
              .append(lines.size()).append(": ").append(lines.get(at)).append('\n');
        }
      }
    }
    LocalBlockDevices local = (LocalBlockDevices) devices;
    byte[] record = local.store.records().get("snapshot/" + id);
    if (record == null) {
      text.append("  the store has no record of it\n");
    } else {
      Manifest manifest = Manifest.decode("snapshot/" + id, record);
      text.append("  the store has its record: ").append(manifest.indexes.length).append(" blocks, ")
          .append(manifest.held ? "held (deleted, kept for volumes)" : "not held").append('\n');
    }
    for (BlockVolumeId volume : devices.volumes()) {
      if (devices.volume(volume).flatMap(BlockVolume::base).filter(id::equals).isPresent()) {
        text.append("  volume ").append(volume).append(" names it as base\n");
      }
    }
    return text.toString();
  }
}
