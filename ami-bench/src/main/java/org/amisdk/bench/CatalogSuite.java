package org.amisdk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.amisdk.cloud.CreateSnapshotRequest;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.Filter;
import org.amisdk.cloud.LifecycleTimings;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.RegisterImageRequest;
import org.amisdk.cloud.RunInstancesRequest;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Hypervisor;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.ImageType;
import org.amisdk.model.Region;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.Volume;
/**
 * The control plane's catalog: a fresh in-memory cloud to its first answer, describeImages with a
 * name wildcard over 10k and 100k images, runInstances of 1,000 from one image, and catalog heap
 * per image; then a durable cloud in a directory holding 1,000 and 100,000 images (each with its
 * own snapshot, seeded in one call): the median cost of one RegisterImage, reopening it, and its
 * catalog bytes on disk per image. Ignores the data directory.
 */
final class CatalogSuite implements Suite {
  private static final AccountId OWNER = AccountId.parse("123456789012");
  private static final Region REGION = Region.US_EAST_1;
  private static final DescribeImagesRequest NAME_QUERY = DescribeImagesRequest.builder().addOwners("self")
      .addFilters(Filter.of("name", "web-12*")).build();

  @Override
  public String name() {
    return "catalog";
  }

  /** RegisterImage calls timed on each durable cloud, after as many warm-ups. */
  private static final int DURABLE_REGISTERS = 200;

  @Override
  public void run(Path data, Path work, int runs, Figures figures) throws Exception {
    inMemory(runs, figures);
    for (int run = 0; run < runs; run++) {
      figures.add("durable_register_1k.ms", durableRegisterMillis(work.resolve("durable-1k-" + run), 1_000, run), "ms");
      Path large = work.resolve("durable-100k-" + run);
      figures.add("durable_register_100k.ms", durableRegisterMillis(large, 100_000, run), "ms");
      long start = System.nanoTime();
      try (LocalCloud reopened = LocalCloud.builder().directory(large).timings(LifecycleTimings.instant()).open()) {
        figures.add("durable_reopen_100k.ms", (System.nanoTime() - start) / 1e6, "ms");
        int images = reopened.client(OWNER, REGION).describeImages(DescribeImagesRequest.builder().addOwners("self")
            .addFilters(Filter.of("name", "seed-99999")).build()).images().size();
        if (images != 1) {
          throw new IllegalStateException("the reopened cloud found " + images + " images named seed-99999, not 1");
        }
      }
      figures.add("durable_bytes_per_image", Math.round((double) bytes(large.resolve("catalog"))
          / (100_000 + 2 * DURABLE_REGISTERS)), "bytes");
      Bench.deleteRecursively(large);
    }
  }

  /**
   * The median of {@value #DURABLE_REGISTERS} RegisterImage calls, in ms, on a durable cloud in
   * {@code dir} seeded with {@code images} images; the cloud is closed afterwards.
   */
  private static double durableRegisterMillis(Path dir, int images, int run) throws IOException {
    LocalCloud.Builder builder = LocalCloud.builder().directory(dir).timings(LifecycleTimings.instant()).ids(new SplittableRandom(run));
    try (LocalCloud seeded = builder.open()) {
      seeded.seed(REGION, seedImages(images, new SplittableRandom(run)));
    } // closing lets the checkpoint the seeding made finish: the cloud below holds the images, as one opened later would
    try (LocalCloud cloud = builder.open()) {
      Ec2 client = cloud.client(OWNER, REGION);
      SnapshotId root = snapshot(client);
      List<Double> millis = new ArrayList<>();
      for (int i = 0; i < 2 * DURABLE_REGISTERS; i++) {
        long start = System.nanoTime();
        register(client, root, i, i + 1);
        if (i >= DURABLE_REGISTERS) {
          millis.add((System.nanoTime() - start) / 1e6);
        }
      }
      return Figures.median(millis);
    }
  }

  /** Images as describe-images reports them, named {@code seed-<i>}, each mapping its own snapshot. */
  private static List<Image> seedImages(int count, SplittableRandom random) {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    List<Image> images = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      images.add(Image.builder()
          .imageId(ImageId.random(random))
          .name("seed-" + i)
          .imageLocation(OWNER + "/seed-" + i)
          .state(ImageState.AVAILABLE)
          .ownerId(OWNER)
          .creationDate(created.plusSeconds(i))
          .isPublic(false)
          .architecture(Architecture.X86_64)
          .imageType(ImageType.MACHINE)
          .platformDetails("Linux/UNIX")
          .usageOperation("RunInstances")
          .hypervisor(Hypervisor.XEN)
          .rootDeviceName("/dev/xvda")
          .rootDeviceType(RootDeviceType.EBS)
          .virtualizationType(VirtualizationType.HVM)
          .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/xvda", EbsBlockDevice.builder()
              .snapshotId(SnapshotId.random(random)).volumeSize(8).deleteOnTermination(true).encrypted(false).build()))
          .build());
    }
    return images;
  }

  private static long bytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private void inMemory(int runs, Figures figures) throws Exception {
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      try (LocalCloud fresh = LocalCloud.inMemory()) {
        fresh.client(OWNER, REGION).describeImages(NAME_QUERY);
        double millis = (System.nanoTime() - start) / 1e6;
        figures.add("new_cloud.ms", millis, "ms");
        if (run == 0) {
          figures.add("new_cloud_first_in_jvm.ms", millis, "ms"); // class loading included: one value, not a median
        }
      }
      try (LocalCloud cloud = LocalCloud.builder().timings(LifecycleTimings.instant()).ids(new SplittableRandom(run)).build()) {
        Ec2 client = cloud.client(OWNER, REGION);
        SnapshotId root = snapshot(client);
        register(client, root, 0, 10_000);
        figures.add("describe_10k.ms", describeMillis(client, 111), "ms");
        long before = usedHeapAfterGc();
        register(client, root, 10_000, 100_000);
        long after = usedHeapAfterGc();
        figures.add("heap_per_image.bytes", Math.round((after - before) / 90_000.0), "bytes");
        figures.add("describe_100k.ms", describeMillis(client, 1_111), "ms");
        ImageId image = client.describeImages(DescribeImagesRequest.builder().addOwners("self")
            .addFilters(Filter.of("name", "web-1")).build()).images().get(0).imageId();
        client.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").build()); // warm-up
        long launch = System.nanoTime();
        int launched = client.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
            .minCount(1000).maxCount(1000).build()).size();
        figures.add("run_1000.ms", (System.nanoTime() - launch) / 1e6, "ms");
        if (launched != 1000) {
          throw new IllegalStateException("runInstances launched " + launched + " instances, not 1000");
        }
      }
    }
  }

  /** A snapshot of a 8 GiB volume with 4 MiB written, as a root for every image. */
  private static SnapshotId snapshot(Ec2 client) {
    Volume volume = client.createVolume(CreateVolumeRequest.builder().availabilityZone(client.describeAvailabilityZones().get(0).zoneName()).size(8).build());
    byte[] bytes = new byte[4 << 20];
    new SplittableRandom(1).nextBytes(bytes);
    client.writeVolume(volume.volumeId(), 0, bytes, 0, bytes.length);
    return client.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build()).snapshotId();
  }

  private static void register(Ec2 client, SnapshotId root, int from, int to) {
    for (int i = from; i < to; i++) {
      client.registerImage(RegisterImageRequest.builder()
          .name("web-" + i)
          .architecture(Architecture.X86_64)
          .virtualizationType(VirtualizationType.HVM)
          .rootDeviceName("/dev/xvda")
          .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/xvda", EbsBlockDevice.builder().snapshotId(root).build()))
          .build());
    }
  }

  /** The mean of 20 describes after 5 warm-ups; checks the answer's size. */
  private static double describeMillis(Ec2 client, int expected) {
    for (int i = 0; i < 5; i++) {
      client.describeImages(NAME_QUERY);
    }
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      int found = client.describeImages(NAME_QUERY).images().size();
      if (found != expected) {
        throw new IllegalStateException("describeImages found " + found + " images named web-12*, not " + expected);
      }
    }
    return (System.nanoTime() - start) / 20 / 1e6;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }
}
