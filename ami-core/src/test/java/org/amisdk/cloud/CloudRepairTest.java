package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.amisdk.model.ImageId;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Volume;
import org.amisdk.storage.block.RepairReport;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged durable catalog refuses to open, names the damage and changes nothing; only damage a
 * crash can leave (a last record cut short, or ending in zeros never written) is dropped; the
 * explicit {@link LocalCloud#repair} keeps every intact record, drops what no longer holds, says
 * what it lost, and leaves an intact store untouched. Real files and fsync.
 */
class CloudRepairTest {
  @TempDir
  Path temp;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  private LocalCloud.Builder builder(Path dir) {
    return LocalCloud.builder().directory(dir).clock(clock).timings(LifecycleTimings.instant());
  }

  private static CreateVolumeRequest volume(int size) {
    return CreateVolumeRequest.builder().availabilityZone(World.REGION.code() + "a").size(size).build();
  }

  /** Creates volumes of sizes 1 to {@code count}, one commit (and one journal record) each; the catalog after each. */
  private List<Map<String, Map<String, Object>>> commitSome(LocalCloud.Builder builder, int count) throws IOException {
    List<Map<String, Map<String, Object>>> after = new ArrayList<>();
    try (LocalCloud cloud = builder.open()) {
      for (int i = 1; i <= count; i++) {
        cloud.client(World.ALICE, World.REGION).createVolume(volume(i));
        after.add(Catalogs.contents(cloud));
      }
    }
    return after;
  }

  private static List<Integer> sizes(LocalCloud cloud) {
    return cloud.client(World.ALICE, World.REGION).describeVolumes(List.of()).stream().map(Volume::size).sorted().toList();
  }

  @Test
  void damagedWholeLastRecord_refusesTheOpen_andRepairKeepsEveryOtherCommit() throws IOException {
    Path dir = temp.resolve("cloud");
    List<Map<String, Map<String, Object>>> after = commitSome(builder(dir), 4);
    byte[] bytes = Files.readAllBytes(Catalogs.segments(dir, "us-east-1").get(0));
    List<Integer> records = Catalogs.recordOffsets(bytes);
    int last = records.get(records.size() - 1);
    Property.check("a damaged whole last record refuses the open; repair drops only it", 12, random -> {
      Path copy = Files.createTempDirectory(temp, "damaged");
      Catalogs.copy(dir, copy);
      Path segment = Catalogs.segments(copy, "us-east-1").get(0);
      byte[] damaged = bytes.clone();
      int at = last + random.nextInt(bytes.length - last);
      damaged[at] ^= (byte) (1 << random.nextInt(8));
      Files.write(segment, damaged);
      Map<String, String> before = Catalogs.snapshotOfFiles(copy.resolve("catalog"));
      for (int attempt = 0; attempt < 2; attempt++) { // a refused open releases every lock: the second is refused alike
        IOException refusal = assertThrows(IOException.class, () -> builder(copy).open(), "bit flipped at " + at);
        assertTrue(refusal.getMessage().contains(segment + " is damaged at offset " + last + ":")
            && refusal.getMessage().contains("a last record that is whole"), refusal.getMessage());
      }
      assertEquals(before, Catalogs.snapshotOfFiles(copy.resolve("catalog")), "a refused open changes no file");
      RepairReport report = LocalCloud.repair(copy);
      assertEquals(1, report.lost().size(), report.toString());
      assertTrue(report.lost().get(0).startsWith(segment + ": " + (bytes.length - last) + " bytes at offset " + last),
          report.toString());
      try (LocalCloud repaired = builder(copy).open()) {
        assertEquals(after.get(after.size() - 2), Catalogs.contents(repaired), "every commit but the damaged last one");
      }
      assertTrue(LocalCloud.repair(copy).lostNothing(), "a repaired store is intact");
      Catalogs.deleteTree(copy);
    });
  }

  @Test
  void lastRecordEndingInUnwrittenZeros_isATornWrite_dropped() throws IOException {
    Path dir = temp.resolve("cloud");
    List<Map<String, Map<String, Object>>> after = commitSome(builder(dir), 4);
    byte[] bytes = Files.readAllBytes(Catalogs.segments(dir, "us-east-1").get(0));
    List<Integer> records = Catalogs.recordOffsets(bytes);
    int last = records.get(records.size() - 1);
    Property.check("a last record whose end was never written is dropped", 12, random -> {
      Path copy = Files.createTempDirectory(temp, "zeros");
      Catalogs.copy(dir, copy);
      byte[] torn = bytes.clone();
      int from = last + random.nextInt(bytes.length - last - 4);
      Arrays.fill(torn, from, torn.length, (byte) 0);
      Files.write(Catalogs.segments(copy, "us-east-1").get(0), torn);
      try (LocalCloud reopened = builder(copy).open()) {
        assertEquals(after.get(after.size() - 2), Catalogs.contents(reopened), "zeros from " + from + ": the last commit is gone");
        reopened.client(World.ALICE, World.REGION).createVolume(volume(9));
      }
      try (LocalCloud again = builder(copy).open()) {
        assertEquals(List.of(1, 2, 3, 9), sizes(again), "the journal goes on after the dropped tail");
      }
      Catalogs.deleteTree(copy);
    });
  }

  @Test
  void damagedMiddleRecord_repairKeepsEveryIntactRecord() throws IOException {
    Path dir = temp.resolve("cloud");
    commitSome(builder(dir), 5);
    byte[] bytes = Files.readAllBytes(Catalogs.segments(dir, "us-east-1").get(0));
    List<Integer> records = Catalogs.recordOffsets(bytes);
    Property.check("repair keeps every record but a damaged one before the last", 10, random -> {
      Path copy = Files.createTempDirectory(temp, "middle");
      Catalogs.copy(dir, copy);
      int record = random.nextInt(records.size() - 1);
      int at = records.get(record) + random.nextInt(records.get(record + 1) - records.get(record));
      byte[] damaged = bytes.clone();
      damaged[at] ^= (byte) (1 << random.nextInt(8));
      Files.write(Catalogs.segments(copy, "us-east-1").get(0), damaged);
      assertThrows(IOException.class, () -> builder(copy).open());
      RepairReport report = LocalCloud.repair(copy);
      assertEquals(2, report.lost().size(), report.toString());
      assertTrue(report.lost().get(0).contains("bytes at offset " + records.get(record) + " "), report.toString());
      assertEquals("region us-east-1: commits " + (record + 1) + " to " + (record + 1) + " are missing", report.lost().get(1),
          "the commit numbers lost are named");
      List<Integer> expected = new ArrayList<>(List.of(1, 2, 3, 4, 5));
      expected.remove(Integer.valueOf(record + 1));
      try (LocalCloud repaired = builder(copy).open()) {
        assertEquals(expected, sizes(repaired), "bit flipped at " + at + " of record " + record);
        repaired.client(World.ALICE, World.REGION).createVolume(volume(7));
      }
      expected.add(7);
      try (LocalCloud again = builder(copy).open()) {
        assertEquals(expected, sizes(again), "the repaired journal takes commits again");
      }
      Catalogs.deleteTree(copy);
    });
  }

  @Test
  void damagedCheckpoint_repairKeepsTheJournalAfterIt() throws IOException {
    Path dir = temp.resolve("cloud");
    LocalCloud.Builder builder = builder(dir).checkpointBytes(200);
    commitSome(builder, 8);
    Path regionDir = dir.resolve("catalog").resolve("us-east-1");
    Path checkpoint;
    try (var files = Files.list(regionDir)) {
      checkpoint = files.filter(f -> f.getFileName().toString().startsWith("checkpoint-")).findFirst().orElseThrow();
    }
    long next = Long.parseLong(checkpoint.getFileName().toString().substring("checkpoint-".length()));
    byte[] bytes = Files.readAllBytes(checkpoint);
    bytes[bytes.length / 2] ^= 4;
    Files.write(checkpoint, bytes);
    IOException refusal = assertThrows(IOException.class, builder::open);
    assertTrue(refusal.getMessage().contains(checkpoint.toString()), refusal.getMessage());
    RepairReport report = LocalCloud.repair(dir);
    assertTrue(report.lost().stream().anyMatch(l -> l.startsWith(checkpoint + ": ") && l.contains("only the checkpoint held")),
        report.toString());
    try (LocalCloud repaired = builder.open()) {
      List<Integer> expected = new ArrayList<>();
      for (int size = (int) next; size <= 8; size++) { // commit n created the volume of size n
        expected.add(size);
      }
      assertEquals(expected, sizes(repaired), "the commits after the damaged checkpoint are kept");
    }
  }

  @Test
  void damagedRegionList_isRebuiltFromTheRegionsHeld() throws IOException {
    Path dir = temp.resolve("cloud");
    try (LocalCloud cloud = builder(dir).open()) {
      cloud.client(World.ALICE, World.REGION).createVolume(volume(1));
      cloud.client(World.ALICE, World.OTHER_REGION).createVolume(CreateVolumeRequest.builder()
          .availabilityZone(World.OTHER_REGION.code() + "a").size(2).build());
    }
    Path list = dir.resolve("catalog").resolve("regions");
    byte[] bytes = Files.readAllBytes(list);
    bytes[bytes.length - 6] ^= 1;
    Files.write(list, bytes);
    assertThrows(IOException.class, () -> builder(dir).open());
    RepairReport report = LocalCloud.repair(dir);
    assertTrue(report.lost().stream().anyMatch(l -> l.startsWith("region list: ") && l.contains("rebuilt")), report.toString());
    try (LocalCloud repaired = builder(dir).open()) {
      assertEquals(List.of(1), sizes(repaired));
      assertEquals(1, repaired.client(World.ALICE, World.OTHER_REGION).describeVolumes(List.of()).size());
    }
  }

  @Test
  void imageMappingALostSnapshot_isDroppedByRepair_andNamed() throws IOException {
    Path dir = temp.resolve("cloud");
    ImageId image;
    SnapshotId snapshot;
    try (LocalCloud cloud = builder(dir).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      snapshot = alice.createSnapshot(CreateSnapshotRequest.builder().volumeId(alice.createVolume(volume(1)).volumeId())
          .build()).snapshotId();
      image = alice.registerImage(World.register("orphaned", snapshot).build());
      ((CloudImpl) cloud).write(World.REGION, state -> { // no rule allows this: as if the catalog were damaged
        state.remove(snapshot);
        return null;
      });
    }
    assertThrows(IOException.class, () -> builder(dir).open());
    RepairReport report = LocalCloud.repair(dir);
    assertEquals(List.of("region us-east-1: image " + image + " maps snapshot " + snapshot
        + ", which the catalog does not hold (the entry is dropped)"), report.lost());
    try (LocalCloud repaired = builder(dir).open()) {
      Ec2 alice = repaired.client(World.ALICE, World.REGION);
      assertTrue(alice.describeImages(DescribeImagesRequest.builder().addOwners("self").build()).images().isEmpty());
      assertEquals(List.of(1), sizes(repaired), "the volume's entry was intact and is kept");
    }
  }

  @Test
  void cloudInObjectStorage_damagedJournalObject_refusesTheOpen_andRepairKeepsEveryOtherCommit() throws IOException {
    ObjectStore objects = ObjectStore.inMemory();
    LocalCloud.Builder builder = LocalCloud.builder().objectStorage(objects, "c").clock(clock)
        .timings(LifecycleTimings.instant());
    commitSome(builder, 4);
    List<ObjectKey> journal = objects.listAll("c/catalog/us-east-1/journal-").stream().map(ObjectInfo::key).toList();
    ObjectKey second = journal.get(1);
    byte[] bytes = objects.readAllBytes(second, 1 << 20);
    bytes[bytes.length / 2] ^= 1;
    objects.put(second, new ByteArrayInputStream(bytes), bytes.length);
    IOException refusal = assertThrows(IOException.class, builder::open);
    assertTrue(refusal.getMessage().contains(second.toString()), refusal.getMessage());
    RepairReport report = LocalCloud.repair(objects, "c");
    assertTrue(report.lost().stream().anyMatch(l -> l.startsWith(second + ": ")), report.toString());
    try (LocalCloud repaired = builder.open()) {
      assertEquals(List.of(1, 3, 4), sizes(repaired), "the volume of the damaged commit alone is gone");
    }
    assertTrue(LocalCloud.repair(objects, "c").lostNothing(), "a repaired cloud is intact");
  }

  @Test
  void damagedBlockStore_refusesEveryOpenAlike_releasingItsLocks_andCloudRepairMendsIt() throws IOException {
    Path dir = temp.resolve("cloud");
    commitSome(builder(dir), 3);
    Path log = dir.resolve("blocks").resolve("catalog.log");
    byte[] bytes = Files.readAllBytes(log);
    bytes[12] ^= 2; // inside the first batch: damage, not a torn tail
    Files.write(log, bytes);
    IOException first = assertThrows(IOException.class, () -> builder(dir).open());
    IOException second = assertThrows(IOException.class, () -> builder(dir).open(),
        "a refused open released the block, object and catalog locks it took");
    assertEquals(first.getMessage(), second.getMessage());
    assertTrue(first.getMessage().contains(log.toString()), first.getMessage());
    RepairReport report = LocalCloud.repair(dir);
    assertTrue(report.lost().stream().anyMatch(l -> l.startsWith("block store: ")), report.toString());
    try (LocalCloud repaired = builder(dir).open()) {
      assertTrue(sizes(repaired).size() < 3, "the volumes whose records were in the damaged batch are dropped, and said so: "
          + report);
    }
  }

  @Test
  void intactStore_repairChangesNothing_andAnOpenStoreRefusesIt() throws IOException {
    Path dir = temp.resolve("cloud");
    commitSome(builder(dir).checkpointBytes(200), 6);
    Map<String, String> before = Catalogs.snapshotOfFiles(dir);
    RepairReport report = LocalCloud.repair(dir);
    assertTrue(report.lostNothing(), report.toString());
    assertEquals(before, Catalogs.snapshotOfFiles(dir), "an intact store is left as it is");
    try (LocalCloud open = builder(dir).open()) {
      IOException inUse = assertThrows(IOException.class, () -> LocalCloud.repair(dir));
      assertTrue(inUse.getMessage().contains("in use"), inUse.getMessage());
      assertEquals(List.of(1, 2, 3, 4, 5, 6), sizes(open));
    }
  }
}
