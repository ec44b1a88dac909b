package org.amisdk.cloud;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.amisdk.model.Volume;
import org.amisdk.model.InstanceState;
import org.amisdk.model.Instance;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;

/**
 * The child JVM of {@link DurableCloudCrashTest}: a random workload on a durable cloud over two
 * regions, one thread per region, until it is killed. Before a call whose effect it cannot name
 * yet it reports what it begins; after each call returns it reports what was committed, one line
 * per write to the report file (a line written survives the kill: the kernel holds it). Usage:
 * {@code CloudCrashChild CLOUD_DIR SEED REPORT_FILE}.
 *
 * <p>Report lines (R a region code): {@code ready}; {@code registering R name} then {@code
 * register R ami name} (or {@code copied R ami name}, untagged); {@code deregistering R ami} then {@code deregistered R ami}; {@code
 * tagging R ami value} then {@code tagged R ami value}; {@code bpa-begin R on|off} then {@code bpa
 * R on|off}; {@code snapshotting R} then {@code snapshot R snap}; {@code deleting-snapshot R snap}
 * then {@code deleted-snapshot R snap}; {@code launching R} then {@code instance R i}; {@code
 * terminating R i} then {@code terminated R i}.
 */
final class CloudCrashChild {
  static final Region[] REGIONS = {Region.US_EAST_1, Region.EU_WEST_1};
  /** A small checkpoint bound, so that kills often land while a checkpoint is written. */
  static final long CHECKPOINT_BYTES = 8192;

  private final FileOutputStream report;

  private CloudCrashChild(FileOutputStream report) {
    this.report = report;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    try (FileOutputStream report = new FileOutputStream(args[2], true);
        LocalCloud cloud = LocalCloud.builder().directory(dir).timings(LifecycleTimings.instant())
            .ids(new SplittableRandom(seed)).checkpointBytes(CHECKPOINT_BYTES).open()) {
      CloudCrashChild child = new CloudCrashChild(report);
      child.report("ready");
      List<Thread> threads = new ArrayList<>();
      for (int r = 0; r < REGIONS.length; r++) {
        SplittableRandom random = new SplittableRandom(seed * 31 + r);
        int index = r;
        Thread thread = new Thread(() -> child.work(cloud, index, random), "crash-workload-" + r);
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }

  /** One line, written with one write call so that a kill never splits it. */
  private void report(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      synchronized (report) {
        report.write(bytes);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The workload of region {@code index}: it touches only what this thread made (images,
   * snapshots and instances of its region, and its copies into the other region from the first
   * thread), so each thread's reports alone say what its resources must be.
   */
  private void work(LocalCloud cloud, int index, SplittableRandom random) {
    Region region = REGIONS[index];
    Region other = REGIONS[1 - index];
    Ec2 client = cloud.client(World.ALICE, region);
    Ec2 copies = cloud.client(World.ALICE, other);
    List<ImageId> images = new ArrayList<>();
    List<ImageId> copied = new ArrayList<>();
    List<SnapshotId> snapshots = new ArrayList<>();
    List<InstanceId> instances = new ArrayList<>();
    for (Image image : client.describeImages(DescribeImagesRequest.builder().addOwners("self").build()).images()) {
      if (image.name().orElse("").startsWith("copy-")) {
        continue; // a copy into this region belongs to the other thread
      }
      images.add(image.imageId());
    }
    if (index == 0) {
      for (Image image : copies.describeImages(DescribeImagesRequest.builder().addOwners("self").build()).images()) {
        if (image.name().orElse("").startsWith("copy-")) {
          copied.add(image.imageId());
        }
      }
    }
    for (Snapshot snapshot : client.describeSnapshots(DescribeSnapshotsRequest.builder().build()).snapshots()) {
      if (snapshot.description().orElse("").equals("crash")) {
        snapshots.add(snapshot.snapshotId());
      }
    }
    for (Instance instance : client.describeInstances(List.of())) {
      if (instance.state() != InstanceState.TERMINATED && instance.state() != InstanceState.SHUTTING_DOWN) {
        instances.add(instance.instanceId());
      }
    }
    String r = region.code();
    while (true) {
      int op = random.nextInt(10);
      if (snapshots.isEmpty() || (op == 0 && snapshots.size() < 6)) {
        report("snapshotting " + r);
        Volume volume = client.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
        byte[] bytes = new byte[1 + random.nextInt(8192)];
        random.nextBytes(bytes);
        client.writeVolume(volume.volumeId(), random.nextInt(1 << 20), bytes, 0, bytes.length);
        SnapshotId id = client.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId())
            .description("crash").build()).snapshotId();
        report("snapshot " + r + " " + id);
        snapshots.add(id);
        client.deleteVolume(volume.volumeId());
      } else if (op <= 2 && images.size() < 12) {
        String name = "image-" + Long.toHexString(random.nextLong());
        report("registering " + r + " " + name);
        ImageId id = client.registerImage(World.register(name, snapshots.get(random.nextInt(snapshots.size())))
            .addTags(Tag.of("k", "0")).build());
        report("register " + r + " " + id + " " + name);
        images.add(id);
      } else if (op == 3 && !images.isEmpty()) {
        ImageId id = images.get(random.nextInt(images.size()));
        String value = Long.toString(random.nextInt(1000));
        report("tagging " + r + " " + id + " " + value);
        client.createTags(List.of(id), List.of(Tag.of("k", value)));
        report("tagged " + r + " " + id + " " + value);
      } else if (op == 4 && !images.isEmpty()) {
        ImageId id = images.remove(random.nextInt(images.size()));
        report("deregistering " + r + " " + id);
        client.deregisterImage(DeregisterImageRequest.builder().imageId(id).build());
        report("deregistered " + r + " " + id);
      } else if (op == 5) {
        String state = random.nextBoolean() ? "on" : "off";
        report("bpa-begin " + r + " " + state);
        if (state.equals("on")) {
          client.enableImageBlockPublicAccess();
        } else {
          client.disableImageBlockPublicAccess();
        }
        report("bpa " + r + " " + state);
      } else if (op == 6 && snapshots.size() > 1) {
        SnapshotId id = snapshots.get(random.nextInt(snapshots.size()));
        report("deleting-snapshot " + r + " " + id);
        try {
          client.deleteSnapshot(id);
          snapshots.remove(id);
          report("deleted-snapshot " + r + " " + id);
        } catch (Ec2Exception inUse) {
          report("kept-snapshot " + r + " " + id); // an image maps it: refused, nothing changed
        }
      } else if (op == 7 && !images.isEmpty() && instances.size() < 4) {
        report("launching " + r);
        InstanceId id = client.runInstances(RunInstancesRequest.builder().imageId(images.get(random.nextInt(images.size())))
            .instanceType("t3.micro").build()).get(0).instanceId();
        report("instance " + r + " " + id);
        instances.add(id);
      } else if (op == 8 && !instances.isEmpty()) {
        InstanceId id = instances.remove(random.nextInt(instances.size()));
        report("terminating " + r + " " + id);
        client.terminateInstances(List.of(id));
        report("terminated " + r + " " + id);
      } else if (index == 0 && !images.isEmpty() && copied.size() < 6) {
        String name = "copy-" + Long.toHexString(random.nextLong());
        report("registering " + other.code() + " " + name);
        ImageId id = copies.copyImage(CopyImageRequest.builder().sourceImageId(images.get(random.nextInt(images.size())))
            .sourceRegion(region).name(name).build());
        report("copied " + other.code() + " " + id + " " + name);
        copied.add(id);
      } else if (index == 0 && !copied.isEmpty()) {
        ImageId id = copied.remove(random.nextInt(copied.size()));
        report("deregistering " + other.code() + " " + id);
        copies.deregisterImage(DeregisterImageRequest.builder().imageId(id).deleteAssociatedSnapshots(true).build());
        report("deregistered " + other.code() + " " + id);
      }
    }
  }
}
