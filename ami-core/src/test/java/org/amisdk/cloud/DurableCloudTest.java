package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceState;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Tag;
import org.amisdk.model.Volume;
import org.amisdk.storage.block.BlockDevices;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.io.DurableFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory-backed cloud keeps everything committed across a reopening, with real files and fsync. */
class DurableCloudTest {
  @TempDir
  Path dir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  private LocalCloud open() throws IOException {
    return open(dir);
  }

  @Test
  void reopen_keepsImagesSnapshotsVolumesInstancesTagsAndBytes() throws IOException {
    byte[] bytes = new byte[100_000];
    new SplittableRandom(1).nextBytes(bytes);
    ImageId image;
    Volume data;
    Instance instance;
    try (LocalCloud cloud = open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      data = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(2).addTags(Tag.of("k", "v")).build());
      alice.writeVolume(data.volumeId(), 1_000_000, bytes, 0, bytes.length);
      var snapshot = alice.createSnapshot(CreateSnapshotRequest.builder().volumeId(data.volumeId()).build());
      clock.advance(World.LONG_ENOUGH);
      image = alice.registerImage(World.register("durable-1", snapshot.snapshotId()).addTags(Tag.of("team", "a")).build());
      clock.advance(World.LONG_ENOUGH); // attributes change once the image is available
      alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
          .addLaunchPermissionAdd(new LaunchPermission.Account(World.BOB)).build());
      alice.enableImageBlockPublicAccess();
      clock.advance(World.LONG_ENOUGH);
      instance = alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").build()).get(0);
      clock.advance(World.LONG_ENOUGH);
    }
    try (LocalCloud cloud = open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      Ec2 bob = cloud.client(World.BOB, World.REGION);
      var seen = alice.describeImages(World.describe().addImageIds(image).build()).images().get(0);
      assertEquals(List.of(Tag.of("team", "a")), seen.tags());
      assertEquals(List.of(image), World.ids(bob, World.describe().build()));
      assertEquals("block-new-sharing", alice.getImageBlockPublicAccessState());
      assertEquals(InstanceState.RUNNING, alice.describeInstances(List.of(instance.instanceId())).get(0).state());
      byte[] read = new byte[bytes.length];
      alice.readVolume(data.volumeId(), 1_000_000, read, 0, read.length);
      assertArrayEquals(bytes, read);
      byte[] root = new byte[bytes.length];
      alice.readVolume(instance.blockDeviceMappings().get(0).volumeId(), 1_000_000, root, 0, root.length);
      assertArrayEquals(bytes, root, "the instance's root volume restores the image's snapshot");
      assertEquals(List.of(Tag.of("k", "v")), alice.describeVolumes(List.of(data.volumeId())).get(0).tags());
    }
  }

  @Test
  void reopen_dropsStoredDataNoCommittedResourceNames() throws IOException {
    try (LocalCloud cloud = open()) {
      cloud.client(World.ALICE, World.REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
    }
    try (BlockDevices storage = BlockDevices.open(BlockStore.directory(dir.resolve("blocks")))) {
      storage.createVolume(1 << 20); // as if a crash came between the storage change and the catalog commit
      assertEquals(2, storage.volumes().size());
    }
    try (LocalCloud cloud = open()) {
      assertEquals(1, cloud.client(World.ALICE, World.REGION).describeVolumes(List.of()).size());
    }
    try (BlockDevices storage = BlockDevices.open(BlockStore.directory(dir.resolve("blocks")))) {
      assertEquals(1, storage.volumes().size());
    }
  }

  @Test
  void open_catalogOfTheFormerJsonLayout_isRefusedNamingTheFile_nothingSwept() throws IOException {
    try (LocalCloud cloud = open()) {
      cloud.client(World.ALICE, World.REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
    }
    Files.writeString(dir.resolve("catalog").resolve("us-east-1.json"), "{\"Version\":1,\"Images\":[]}");
    IOException refusal = assertThrows(IOException.class, this::open);
    assertTrue(refusal.getMessage().contains("holds us-east-1.json, a region catalog of the format before the journal"),
        refusal.getMessage());
    try (BlockDevices storage = BlockDevices.open(BlockStore.directory(dir.resolve("blocks")))) {
      assertEquals(1, storage.volumes().size(), "the refused open swept nothing");
    }
  }

  /**
   * A crash while a region is first used (its directory made, its first segment being written, the
   * region list not yet rewritten) leaves a directory the list does not name: open accepts it when
   * it holds no record, and the region works afterwards. One holding a record stays refused.
   */
  @Test
  void open_afterACrashWhileARegionWasAdded_acceptsItsEmptyDirectory_andTheRegionWorks() throws IOException {
    byte[] header = JournalFormat.fileHeader(JournalFormat.SEGMENT);
    String segment = DirectoryCatalogStore.segmentName(1);
    Map<String, Map<String, byte[]>> crashes = Map.of(
        "directory only", Map.of(),
        "segment's temporary file part written", Map.of(segment + ".1234" + DurableFiles.TEMP_SUFFIX, new byte[3]),
        "segment written, list not", Map.of(segment, header));
    for (var crash : crashes.entrySet()) {
      Path cloudDir = dir.resolve(crash.getKey().replace(' ', '-'));
      Path region = cloudDir.resolve("catalog").resolve(World.OTHER_REGION.code());
      try (LocalCloud cloud = open(cloudDir)) {
        cloud.client(World.ALICE, World.REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
      }
      Files.createDirectories(region);
      for (var file : crash.getValue().entrySet()) {
        Files.write(region.resolve(file.getKey()), file.getValue());
      }
      try (LocalCloud cloud = open(cloudDir)) {
        cloud.client(World.ALICE, World.OTHER_REGION).createVolume(
            CreateVolumeRequest.builder().availabilityZone("eu-west-1a").size(2).build());
      }
      try (LocalCloud cloud = open(cloudDir)) {
        assertEquals(1, cloud.client(World.ALICE, World.OTHER_REGION).describeVolumes(List.of()).size(),
            crash.getKey() + ": the region added after the crash kept its volume");
      }
    }
    Path withRecord = dir.resolve("record");
    try (LocalCloud cloud = open(withRecord)) {
      cloud.client(World.ALICE, World.REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
    }
    Path region = withRecord.resolve("catalog").resolve(World.OTHER_REGION.code());
    Files.createDirectories(region);
    Files.write(region.resolve(segment), java.util.Arrays.copyOf(header, header.length + 20));
    IOException refusal = assertThrows(IOException.class, () -> open(withRecord));
    assertTrue(refusal.getMessage().contains("which its region list does not name"), refusal.getMessage());
  }

  private LocalCloud open(Path directory) throws IOException {
    return LocalCloud.builder().directory(directory).clock(clock).ids(new SplittableRandom()).open();
  }
}
