package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.amisdk.model.VolumeId;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.ImageId;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single-bit damage to every kind of catalog file: a journal segment (every bit), a checkpoint
 * and the region list (every bit), and a durable cloud's whole catalog (a seeded sample). Each
 * outcome is the committed data or an error naming the file (a torn last record, cut short or
 * ending in unwritten zeros, is dropped); never wrong data, and a refused open changes no file.
 */
class JournalCorruptionTest {
  @TempDir
  Path temp;

  @Test
  void everyBitOfASegment_isRefused_whileTornTailsAreDropped() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    List<List<byte[]>> records = new ArrayList<>();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(JournalFormat.fileHeader(JournalFormat.SEGMENT));
    List<Integer> offsets = new ArrayList<>();
    long sequence = 1;
    for (int r = 0; r < 4; r++) {
      List<byte[]> batches = new ArrayList<>();
      for (int b = 1 + random.nextInt(2); b > 0; b--) {
        batches.add(Catalog.batches(removals(random, 1 + random.nextInt(2)), 10).get(0));
      }
      offsets.add(file.size());
      file.writeBytes(JournalFormat.record(sequence, batches));
      sequence += batches.size();
      records.add(batches);
    }
    byte[] bytes = file.toByteArray();
    int last = offsets.get(offsets.size() - 1);
    int refused = 0;
    for (int bit = 0; bit < bytes.length * 8; bit++) {
      byte[] damaged = bytes.clone();
      damaged[bit / 8] ^= (byte) (1 << (bit % 8));
      int at = bit;
      IOException refusal = assertThrows(IOException.class, () -> {
        JournalFormat.checkHeader(damaged, JournalFormat.SEGMENT, "segment");
        JournalFormat.scan(damaged, JournalFormat.FILE_HEADER, "segment", true);
      }, "bit " + at + ": a whole record with a flipped bit is damage, not a torn write");
      assertTrue(refusal.getMessage().contains("segment"), refusal.getMessage());
      refused++;
    }
    List<byte[]> beforeLast = new ArrayList<>();
    records.subList(0, records.size() - 1).forEach(beforeLast::addAll);
    int torn = 0;
    for (int end = last; end < bytes.length; end++) { // a crash cut the last append short at every byte
      assertReadsBack(beforeLast, last, JournalFormat.scan(Arrays.copyOf(bytes, end), JournalFormat.FILE_HEADER, "s", true));
      torn++;
    }
    for (int from = last; from <= bytes.length - 4; from++) { // or the file grew but its data never reached the disk
      byte[] unwritten = bytes.clone();
      Arrays.fill(unwritten, from, unwritten.length, (byte) 0);
      assertReadsBack(beforeLast, last, JournalFormat.scan(unwritten, JournalFormat.FILE_HEADER, "s", true));
      torn++;
    }
    System.out.printf("catalog corruption: %d bits of a journal segment flipped: all %d refused naming the file and offset, "
        + "0 dropped, 0 read as other data; %d torn tails (cut short, or unwritten zeros) dropped with every earlier "
        + "commit read back%n", bytes.length * 8, refused, torn);
  }

  private static void assertReadsBack(List<byte[]> expected, int end, JournalFormat.Scan scan) {
    assertEquals(end, scan.end(), "the scan ends where the torn last record starts");
    assertEquals(expected.size(), scan.commits().size());
    for (int i = 0; i < expected.size(); i++) {
      assertTrue(Arrays.equals(expected.get(i), scan.commits().get(i).batch()), "commit " + i + " reads back exactly");
    }
  }

  @Test
  void everyBitOfACheckpointOrRegionList_isRefused() throws IOException {
    SplittableRandom random = new SplittableRandom(12);
    List<byte[]> batches = Catalog.batches(removals(random, 6), 2);
    byte[] checkpoint = JournalFormat.file(JournalFormat.CHECKPOINT, 42, batches);
    byte[] regions = JournalFormat.file(JournalFormat.REGIONS, 1, List.of("eu-west-1\nus-east-1\n".getBytes()));
    assertEquals(batches.size(), JournalFormat.readWhole(checkpoint, JournalFormat.CHECKPOINT, 42, "c").size());
    int flipped = 0;
    for (byte[] file : List.of(checkpoint, regions)) {
      int magic = file == checkpoint ? JournalFormat.CHECKPOINT : JournalFormat.REGIONS;
      long sequence = file == checkpoint ? 42 : 1;
      for (int bit = 0; bit < file.length * 8; bit++) {
        byte[] damaged = file.clone();
        damaged[bit / 8] ^= (byte) (1 << (bit % 8));
        IOException refusal = assertThrows(IOException.class, () -> JournalFormat.readWhole(damaged, magic, sequence, "file F"),
            "bit " + bit);
        assertTrue(refusal.getMessage().contains("file F"), refusal.getMessage());
        flipped++;
      }
    }
    System.out.printf("catalog corruption: %d bits of a checkpoint and a region list flipped: all %d refused%n", flipped, flipped);
  }

  @Test
  void sampledBitsOfADurableCatalog_giveTheCommittedDataOrARefusal() throws IOException {
    Path dir = temp.resolve("cloud");
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    LocalCloud.Builder builder = LocalCloud.builder().directory(dir).clock(clock).timings(LifecycleTimings.instant())
        .checkpointBytes(300);
    Map<String, Map<String, Object>> committed;
    Map<String, Map<String, Object>> beforeLast = new java.util.HashMap<>(); // each region less its last commit
    try (LocalCloud cloud = builder.open()) {
      Ec2 other = cloud.client(World.ALICE, World.OTHER_REGION);
      other.enableImageBlockPublicAccess();
      beforeLast.put(World.OTHER_REGION.code(), Catalogs.contents(cloud).get(World.OTHER_REGION.code()));
      other.createVolume(CreateVolumeRequest.builder().availabilityZone("eu-west-1a").size(1).build());
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      for (int i = 0; i < 6; i++) {
        alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1 + i).build());
      }
      beforeLast.put(World.REGION.code(), Catalogs.contents(cloud).get(World.REGION.code()));
      alice.enableImageBlockPublicAccess();
      committed = Catalogs.contents(cloud);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir.resolve("catalog"))) {
      files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("lock")).sorted().toList();
    }
    assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("checkpoint-")), files.toString());
    int[] outcomes = new int[3]; // refused, committed, committed less the damaged last record
    long[] repairedEntries = new long[1];
    long[] committedEntries = new long[1];
    Property.check("a damaged durable catalog gives the committed data or a refusal", 300, random -> {
      Path copy = Files.createTempDirectory(temp, "flip");
      Catalogs.copy(dir, copy);
      Path file = copy.resolve(dir.relativize(files.get(random.nextInt(files.size()))).toString());
      byte[] bytes = Files.readAllBytes(file);
      int bit = random.nextInt(bytes.length * 8);
      bytes[bit / 8] ^= (byte) (1 << (bit % 8));
      Files.write(file, bytes);
      Map<String, String> before = Catalogs.snapshotOfFiles(copy.resolve("catalog"));
      try (LocalCloud opened = builder.directory(copy).open()) {
        Map<String, Map<String, Object>> seen = Catalogs.contents(opened);
        if (seen.equals(committed)) {
          outcomes[1]++;
        } else {
          String region = file.getParent().getFileName().toString();
          Map<String, Map<String, Object>> lessLast = new java.util.HashMap<>(committed);
          lessLast.put(region, beforeLast.get(region));
          assertEquals(lessLast, seen, "bit " + bit + " of " + file + ": neither the committed data nor it less its last record");
          outcomes[2]++;
        }
      } catch (IOException refusal) {
        assertTrue(refusal.getMessage().contains(copy.toString()), "the refusal names the catalog: " + refusal.getMessage());
        assertEquals(before, Catalogs.snapshotOfFiles(copy.resolve("catalog")), "a refused open changes no file");
        outcomes[0]++;
        org.amisdk.storage.block.RepairReport report = LocalCloud.repair(copy);
        assertTrue(!report.lostNothing(), "repair names what the damage cost: bit " + bit + " of " + file);
        try (LocalCloud repaired = builder.directory(copy).open()) {
          for (Map.Entry<String, Map<String, Object>> region : Catalogs.contents(repaired).entrySet()) {
            for (Map.Entry<String, Object> entry : region.getValue().entrySet()) {
              assertEquals(committed.get(region.getKey()).get(entry.getKey()), entry.getValue(),
                  "a repaired entry is the committed one: " + entry.getKey() + " after bit " + bit + " of " + file);
              repairedEntries[0]++;
            }
          }
          committedEntries[0] += committed.values().stream().mapToInt(Map::size).sum();
        }
      } finally {
        Catalogs.deleteTree(copy);
      }
    });
    System.out.printf("catalog corruption: 300 sampled bits of a durable catalog (%d files) flipped: %d opens refused naming "
        + "the damage, changing nothing; %d opened with every commit; %d opened without the damaged last record; 0 with other "
        + "data%n", files.size(), outcomes[0], outcomes[1], outcomes[2]);
    System.out.printf("catalog repair: %d refused catalogs repaired, each then opened; %d of their %d committed entries kept, "
        + "0 different from what was committed%n", outcomes[0], repairedEntries[0], committedEntries[0]);
  }

  /**
   * {@code count} changes that remove random images, snapshots and volumes: records of varied
   * length whose content the journal's framing does not care about (the codec's own test, with
   * every kind of entry, lives beside the model generators in ami-testing).
   */
  private static List<Catalog.Change> removals(SplittableRandom random, int count) {
    List<Catalog.Change> changes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Object key = switch (random.nextInt(3)) {
        case 0 -> ImageId.random(random);
        case 1 -> SnapshotId.random(random);
        default -> VolumeId.random(random);
      };
      changes.add(new Catalog.Change(key, null));
    }
    return changes;
  }
}
