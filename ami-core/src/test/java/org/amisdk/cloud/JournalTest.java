package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.Volume;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.storage.block.BlockDevices;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.object.ObjectStore;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog journal of a durable cloud, with real files and fsync: every kind of change reads
 * back after a reopening, on a directory and in an object store; a torn last record is dropped
 * and the journal goes on; damage before it refuses the open naming the file and offset, changing
 * nothing (CloudRepairTest has a damaged whole last record and the repairs); checkpoints run
 * beside commits.
 */
class JournalTest {
  @TempDir
  Path temp;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  private LocalCloud open(Path dir) throws IOException {
    return LocalCloud.builder().directory(dir).clock(clock).timings(LifecycleTimings.instant()).open();
  }

  /** What a step of the scripted workload remembers for the later ones. */
  private static final class Ids {
    SnapshotId snapshot;
    ImageId image;
    ImageId copy;
    Volume volume;
    InstanceId instance;
    SnapshotId copiedSnapshot;
  }

  /** One step of every kind of change: images, snapshots, volumes, instances, tags, account settings, both regions. */
  private List<Consumer<LocalCloud>> everyKindOfChange(Ids ids) {
    List<Consumer<LocalCloud>> steps = new ArrayList<>();
    steps.add(c -> {
      Ec2 alice = c.client(World.ALICE, World.REGION);
      ids.volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).addTags(Tag.of("v", "1")).build());
      byte[] bytes = new byte[4096];
      new SplittableRandom(1).nextBytes(bytes);
      alice.writeVolume(ids.volume.volumeId(), 0, bytes, 0, bytes.length);
    });
    steps.add(c -> ids.snapshot = c.client(World.ALICE, World.REGION).createSnapshot(CreateSnapshotRequest.builder()
        .volumeId(ids.volume.volumeId()).description("root").build()).snapshotId());
    steps.add(c -> ids.image = c.client(World.ALICE, World.REGION).registerImage(World.register("journal-1", ids.snapshot)
        .addTags(Tag.of("team", "a")).build()));
    steps.add(c -> c.client(World.ALICE, World.REGION).modifyImageAttribute(ModifyImageAttributeRequest.builder()
        .imageId(ids.image).addLaunchPermissionAdd(new LaunchPermission.Account(World.BOB)).build()));
    steps.add(c -> c.client(World.BOB, World.REGION).createTags(List.of(ids.image), List.of(Tag.of("seen-by", "bob"))));
    steps.add(c -> c.client(World.ALICE, World.REGION).enableImageDeprecation(ids.image,
        Instant.parse("2027-01-01T00:00:00Z")));
    steps.add(c -> c.client(World.ALICE, World.REGION).enableImageDeregistrationProtection(ids.image, true));
    steps.add(c -> c.client(World.ALICE, World.REGION).enableImageBlockPublicAccess());
    steps.add(c -> c.client(World.ALICE, World.REGION).modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder()
        .snapshotId(ids.snapshot).addAdd(new LaunchPermission.Account(World.CAROL)).build()));
    steps.add(c -> ids.instance = c.client(World.ALICE, World.REGION).runInstances(RunInstancesRequest.builder()
        .imageId(ids.image).instanceType("t3.micro").addTags(Tag.of("i", "1")).build()).get(0).instanceId());
    steps.add(c -> c.client(World.ALICE, World.REGION).stopInstances(List.of(ids.instance)));
    steps.add(c -> ids.copy = c.client(World.ALICE, World.OTHER_REGION).copyImage(CopyImageRequest.builder()
        .sourceImageId(ids.image).sourceRegion(World.REGION).name("journal-1-copy").build()));
    steps.add(c -> ids.copiedSnapshot = c.client(World.ALICE, World.OTHER_REGION).copySnapshot(CopySnapshotRequest.builder()
        .sourceSnapshotId(ids.snapshot).sourceRegion(World.REGION).build()));
    steps.add(c -> c.client(World.ALICE, World.OTHER_REGION).modifySnapshotTier(ids.copiedSnapshot));
    steps.add(c -> c.client(World.ALICE, World.REGION).terminateInstances(List.of(ids.instance)));
    steps.add(c -> c.client(World.ALICE, World.REGION).deleteVolume(ids.volume.volumeId()));
    steps.add(c -> c.client(World.ALICE, World.REGION).disableImageBlockPublicAccess());
    steps.add(c -> c.client(World.ALICE, World.REGION).deleteTags(List.of(ids.image), List.of("team")));
    steps.add(c -> c.client(World.ALICE, World.REGION).disableImageDeregistrationProtection(ids.image));
    steps.add(c -> c.client(World.ALICE, World.OTHER_REGION).deregisterImage(DeregisterImageRequest.builder()
        .imageId(ids.copy).deleteAssociatedSnapshots(true).build()));
    return steps;
  }

  @Test
  void everyKindOfChange_survivesReopening_onADirectory() throws IOException {
    Path dir = temp.resolve("cloud");
    runReopeningAfterEachStep(() -> open(dir));
  }

  @Test
  void everyKindOfChange_survivesReopening_inAnObjectStore() throws IOException {
    ObjectStore store = ObjectStore.directory(temp.resolve("objects"));
    runReopeningAfterEachStep(() -> LocalCloud.builder().objectStorage(store, "clouds/one").clock(clock)
        .timings(LifecycleTimings.instant()).open());
    assertTrue(store.listAll("clouds/one/catalog/us-east-1/journal-").size() > 5, "one journal object per commit");
    assertFalse(store.listAll("clouds/one/blocks/").isEmpty(), "the blocks are in the object store too");
  }

  /** Opens a cloud. */
  @FunctionalInterface
  private interface Opener {
    LocalCloud open() throws IOException;
  }

  private void runReopeningAfterEachStep(Opener opener) throws IOException {
    Ids ids = new Ids();
    int step = 0;
    for (Consumer<LocalCloud> change : everyKindOfChange(ids)) {
      Map<String, Map<String, Object>> committed;
      try (LocalCloud cloud = opener.open()) {
        change.accept(cloud);
        clock.advance(World.LONG_ENOUGH);
        committed = Catalogs.contents(cloud);
      }
      try (LocalCloud reopened = opener.open()) {
        assertEquals(committed, Catalogs.contents(reopened), "after step " + step + " the reopened catalog is what was committed");
      }
      step++;
    }
  }

  @Test
  void tornLastRecord_isDropped_andTheJournalGoesOn() throws IOException {
    Path dir = temp.resolve("cloud");
    List<Map<String, Map<String, Object>>> after = commitSome(dir, 6);
    Path segment = Catalogs.segments(dir, "us-east-1").get(0);
    byte[] bytes = Files.readAllBytes(segment);
    List<Integer> records = Catalogs.recordOffsets(bytes);
    int last = records.get(records.size() - 1);
    Property.check("a torn last record is dropped", 12, random -> {
      Path copy = Files.createTempDirectory(temp, "torn");
      Catalogs.copy(dir, copy);
      int cut = last + random.nextInt(bytes.length - last);
      try (FileChannel channel = FileChannel.open(Catalogs.segments(copy, "us-east-1").get(0), StandardOpenOption.WRITE)) {
        channel.truncate(cut);
      }
      try (LocalCloud reopened = open(copy)) {
        assertEquals(after.get(after.size() - 2), Catalogs.contents(reopened), "cut at " + cut + ": the last commit is gone, no other");
        reopened.client(World.ALICE, World.REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
        after.add(Catalogs.contents(reopened));
      }
      try (LocalCloud again = open(copy)) {
        assertEquals(after.remove(after.size() - 1), Catalogs.contents(again), "a commit after the dropped tail survives");
      }
    });
  }

  @Test
  void damagedMiddleRecord_refusesTheOpen_namingFileAndOffset_changingNothing() throws IOException {
    Path dir = temp.resolve("cloud");
    commitSome(dir, 5);
    Path segment = Catalogs.segments(dir, "us-east-1").get(0);
    byte[] bytes = Files.readAllBytes(segment);
    List<Integer> records = Catalogs.recordOffsets(bytes);
    Property.check("a damaged record before the last refuses the open", 20, random -> {
      int record = random.nextInt(records.size() - 1);
      int at = records.get(record) + random.nextInt(records.get(record + 1) - records.get(record));
      byte[] damaged = bytes.clone();
      damaged[at] ^= (byte) (1 << random.nextInt(8));
      Files.write(segment, damaged);
      Map<String, String> before = Catalogs.snapshotOfFiles(dir.resolve("catalog"));
      IOException refusal = assertThrows(IOException.class, () -> open(dir));
      assertTrue(refusal.getMessage().contains(segment.toString()) && refusal.getMessage().contains(
          "is damaged at offset " + records.get(record) + ":"), "bit flipped at " + at + ": " + refusal.getMessage());
      assertEquals(before, Catalogs.snapshotOfFiles(dir.resolve("catalog")), "a refused open changes no catalog file");
    });
    Files.write(segment, bytes);
    try (LocalCloud repaired = open(dir)) {
      assertEquals(5, repaired.client(World.ALICE, World.REGION).describeVolumes(List.of()).size(),
          "nothing was dropped by the refused opens");
    }
  }

  /** Opens a cloud in {@code dir}, creates {@code count} volumes (one commit each), closes it; the catalog after each. */
  private List<Map<String, Map<String, Object>>> commitSome(Path dir, int count) throws IOException {
    List<Map<String, Map<String, Object>>> after = new ArrayList<>();
    try (LocalCloud cloud = open(dir)) {
      for (int i = 0; i < count; i++) {
        cloud.client(World.ALICE, World.REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1 + i).build());
        after.add(Catalogs.contents(cloud));
      }
    }
    return after;
  }

  @Test
  void checkpoints_runBesideConcurrentCommits_andDropTheJournalBeforeThem() throws Exception {
    Path dir = temp.resolve("cloud");
    int threads = 4;
    int each = 60;
    Map<String, Map<String, Object>> committed;
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).timings(LifecycleTimings.instant())
        .checkpointBytes(4096).open()) {
      SnapshotId root = cloud.client(World.ALICE, World.REGION).createSnapshot(CreateSnapshotRequest.builder()
          .volumeId(cloud.client(World.ALICE, World.REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build()).volumeId())
          .build()).snapshotId();
      List<Thread> workers = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < threads; t++) {
        int thread = t;
        workers.add(new Thread(() -> {
          try {
            Ec2 alice = cloud.client(World.ALICE, World.REGION);
            for (int i = 0; i < each; i++) {
              alice.registerImage(World.register("image-" + thread + "-" + i, root).build());
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }));
      }
      workers.forEach(Thread::start);
      for (Thread worker : workers) {
        worker.join();
      }
      assertEquals(List.of(), failures);
      committed = Catalogs.contents(cloud);
    }
    try (var files = Files.list(dir.resolve("catalog").resolve("us-east-1"))) {
      List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
      assertEquals(1, names.stream().filter(n -> n.startsWith("checkpoint-")).count(), "one checkpoint is kept: " + names);
      assertTrue(names.stream().filter(n -> n.startsWith("journal-")).count() <= 2, "the segments before it are dropped: " + names);
      String checkpoint = names.stream().filter(n -> n.startsWith("checkpoint-")).findFirst().get();
      assertTrue(Long.parseLong(checkpoint.substring("checkpoint-".length())) > 1, checkpoint);
    }
    try (LocalCloud reopened = open(dir)) {
      assertEquals(committed, Catalogs.contents(reopened));
      assertEquals(threads * each, reopened.client(World.ALICE, World.REGION).describeImages(World.describe().build()).images().size());
    }
  }

  @Test
  void commitsOfSeveralThreads_shareOneRecord_whileAWriteIsInProgress() throws Exception {
    GatedObjectStore store = new GatedObjectStore(ObjectStore.inMemory());
    try (LocalCloud cloud = LocalCloud.builder().objectStorage(store, "c").blockStore(BlockStore.inMemory()).clock(clock)
        .timings(LifecycleTimings.instant()).open()) {
      cloud.client(World.ALICE, World.REGION).enableImageBlockPublicAccess();
      store.close.run();
      Thread first = new Thread(() -> cloud.client(World.ALICE, World.REGION).disableImageBlockPublicAccess());
      first.start();
      store.awaitBlockedPut();
      List<Thread> others = new ArrayList<>();
      for (org.amisdk.model.AccountId account : List.of(World.BOB, World.CAROL)) {
        Thread other = new Thread(() -> cloud.client(account, World.REGION).enableImageBlockPublicAccess());
        others.add(other);
        other.start();
      }
      waitUntilQueued(cloud, 4);
      store.open.run();
      first.join();
      for (Thread other : others) {
        other.join();
      }
      List<String> journal = store.listAll("c/catalog/us-east-1/journal-").stream().map(i -> i.key().value()).toList();
      assertEquals(3, journal.size(), "commits 1, 2, and 3 and 4 written together: " + journal);
      assertTrue(journal.get(2).endsWith("journal-00000000000000000003"), journal.toString());
    }
  }

  /** Waits until commit {@code sequence} of us-east-1 is queued. */
  private static void waitUntilQueued(LocalCloud cloud, long sequence) throws InterruptedException {
    CloudImpl impl = (CloudImpl) cloud;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (impl.journalOf(World.REGION).map(Journal::last).orElse(0L) < sequence && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @Test
  void imageMappingAMissingSnapshot_refusesTheOpen_namingBoth() throws IOException {
    Path dir = temp.resolve("cloud");
    SnapshotId snapshot;
    ImageId image;
    try (LocalCloud cloud = open(dir)) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      snapshot = alice.createSnapshot(CreateSnapshotRequest.builder()
          .volumeId(alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build()).volumeId()).build()).snapshotId();
      image = alice.registerImage(World.register("orphaned", snapshot).build());
      ((CloudImpl) cloud).write(World.REGION, state -> { // no rule allows this: as if the catalog were damaged
        state.remove(snapshot);
        return null;
      });
    }
    IOException refusal = assertThrows(IOException.class, () -> open(dir));
    assertTrue(refusal.getMessage().contains("image " + image + " maps snapshot " + snapshot + ", which the catalog does not hold"),
        refusal.getMessage());
  }

  @Test
  void storedDataMissing_refusesTheOpen_andSweepsNothing() throws IOException {
    Path dir = temp.resolve("cloud");
    org.amisdk.storage.block.BlockSnapshotId data;
    try (LocalCloud cloud = open(dir)) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      alice.createSnapshot(CreateSnapshotRequest.builder()
          .volumeId(alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build()).volumeId()).build());
      data = ((CloudImpl) cloud).regions().iterator().next().snapshots().iterator().next().data().orElseThrow();
    }
    List<org.amisdk.storage.block.BlockVolumeId> volumes;
    try (BlockDevices storage = BlockDevices.open(BlockStore.directory(dir.resolve("blocks")))) {
      storage.deleteSnapshot(data);
      storage.createVolume(1 << 20); // an orphan, which a clean open would sweep
      volumes = storage.volumes();
    }
    IOException refusal = assertThrows(IOException.class, () -> open(dir));
    assertTrue(refusal.getMessage().contains("names stored data " + data + ", which the block store does not hold"),
        refusal.getMessage());
    try (BlockDevices storage = BlockDevices.open(BlockStore.directory(dir.resolve("blocks")))) {
      assertEquals(volumes, storage.volumes(), "the refused open swept nothing");
    }
  }

  @Test
  void missingRegion_orMissingCatalog_refusesTheOpen_andSweepsNothing() throws IOException {
    Path dir = temp.resolve("cloud");
    try (LocalCloud cloud = open(dir)) {
      cloud.client(World.ALICE, World.REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
      cloud.client(World.ALICE, World.OTHER_REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("eu-west-1a").size(1).build());
    }
    Path region = dir.resolve("catalog").resolve(World.OTHER_REGION.code());
    Path aside = temp.resolve("aside");
    Files.move(region, aside);
    IOException missing = assertThrows(IOException.class, () -> open(dir));
    assertTrue(missing.getMessage().startsWith("catalog of region eu-west-1 is missing"), missing.getMessage());
    Files.move(aside, region);
    Files.move(dir.resolve("catalog"), aside);
    IOException noCatalog = assertThrows(IOException.class, () -> open(dir));
    assertTrue(noCatalog.getMessage().contains("has no region list, but the block store holds 0 snapshots and 2 volumes"),
        noCatalog.getMessage());
    Catalogs.deleteTree(dir.resolve("catalog")); // what the refused open made: an empty catalog directory
    Files.move(aside, dir.resolve("catalog"));
    try (LocalCloud cloud = open(dir)) {
      assertEquals(1, cloud.client(World.ALICE, World.OTHER_REGION).describeVolumes(List.of()).size(), "nothing was swept");
    }
  }

  @Test
  void missingCheckpoint_orSegment_refusesTheOpen() throws IOException {
    Path dir = temp.resolve("cloud");
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).timings(LifecycleTimings.instant())
        .checkpointBytes(200).open()) {
      for (int i = 0; i < 8; i++) {
        cloud.client(World.ALICE, World.REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
      }
    }
    Path regionDir = dir.resolve("catalog").resolve("us-east-1");
    Path checkpoint;
    try (var files = Files.list(regionDir)) {
      checkpoint = files.filter(f -> f.getFileName().toString().startsWith("checkpoint-")).findFirst().orElseThrow();
    }
    byte[] kept = Files.readAllBytes(checkpoint);
    Files.delete(checkpoint);
    IOException refusal = assertThrows(IOException.class, () -> open(dir));
    assertTrue(refusal.getMessage().contains("is missing its journal segment of commit 1"), refusal.getMessage());
    Files.write(checkpoint, kept);
    Path segment = Catalogs.segments(dir, "us-east-1").get(0);
    byte[] segmentBytes = Files.readAllBytes(segment);
    Files.delete(segment);
    IOException gap = assertThrows(IOException.class, () -> open(dir));
    assertTrue(gap.getMessage().contains("is missing"), gap.getMessage());
    Files.write(segment, segmentBytes);
    try (LocalCloud cloud = open(dir)) {
      assertEquals(8, cloud.client(World.ALICE, World.REGION).describeVolumes(List.of()).size());
    }
  }

  @Test
  void secondOpen_ofAnOpenCatalog_isRefused() throws IOException {
    Path dir = temp.resolve("cloud");
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).blockStore(BlockStore.inMemory()).open()) {
      IOException refusal = assertThrows(IOException.class,
          () -> LocalCloud.builder().directory(dir).blockStore(BlockStore.inMemory()).open());
      assertTrue(refusal.getMessage().contains("is in use"), refusal.getMessage());
      cloud.client(World.ALICE, World.REGION).enableImageBlockPublicAccess();
    }
  }

  @Test
  void failedJournalWrite_failsTheCall_andTheCloudUntilReopened() throws IOException {
    GatedObjectStore store = new GatedObjectStore(ObjectStore.inMemory());
    try (LocalCloud cloud = LocalCloud.builder().objectStorage(store, "c").blockStore(BlockStore.inMemory()).clock(clock)
        .timings(LifecycleTimings.instant()).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      alice.enableImageBlockPublicAccess();
      store.failing = true;
      assertThrows(UncheckedIOException.class, alice::disableImageBlockPublicAccess);
      store.failing = false;
      IllegalStateException refusal = assertThrows(IllegalStateException.class, alice::disableImageBlockPublicAccess);
      assertTrue(refusal.getMessage().contains("failed to commit: reopen the cloud"), refusal.getMessage());
    }
    try (LocalCloud reopened = LocalCloud.builder().objectStorage(store, "c").blockStore(BlockStore.inMemory()).open()) {
      assertEquals("block-new-sharing", reopened.client(World.ALICE, World.REGION).getImageBlockPublicAccessState(),
          "the failed commit was not recorded");
    }
  }
}
