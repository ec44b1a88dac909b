package org.amisdk.examples;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.amisdk.cloud.CreateSnapshotRequest;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LifecycleTimings;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.cloud.RegisterImageRequest;
import org.amisdk.cloud.RunInstancesRequest;
import org.amisdk.cloud.Waiters;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeId;
import org.amisdk.model.VolumeType;
import org.amisdk.storage.block.BlockStore;
/**
 * What every example starts from: a durable local cloud in a directory, with realistic timings on
 * a {@link ManualClock} (waiting advances the clock, so a 20-second boot takes no wall time) and
 * the block store kept at hand, so an example can count the blocks it stores.
 */
public final class Lab implements Closeable {
  /** The account the examples act as. */
  public static final AccountId ME = AccountId.parse("111122223333");
  /** The examples' start of time. */
  public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  /** The root device every example image uses. */
  public static final String ROOT = "/dev/xvda";
  /** One block of the store: 512 KiB, the EBS direct API block size. */
  public static final int BLOCK = BlockStore.BLOCK_SIZE;

  private final ManualClock clock = new ManualClock(START);
  private final BlockStore blocks;
  private final LocalCloud cloud;

  private Lab(Path directory) throws IOException {
    this.blocks = BlockStore.directory(directory.resolve("blocks"));
    try {
      this.cloud = LocalCloud.builder().directory(directory).blockStore(blocks).clock(clock)
          .ids(new SplittableRandom(directory.getFileName().toString().hashCode())) // the same ids on every run
          .timings(LifecycleTimings.realistic()).open();
    } catch (IOException | RuntimeException e) {
      blocks.close();
      throw e;
    }
  }

  /** A fresh or reopened durable cloud in {@code directory}. */
  public static Lab open(Path directory) throws IOException {
    return new Lab(directory);
  }

  /** The cloud. */
  public LocalCloud cloud() {
    return cloud;
  }

  /** The clock the cloud's states follow. */
  public ManualClock clock() {
    return clock;
  }

  /** A client acting as {@code account} in {@code region}. */
  public Ec2 client(AccountId account, Region region) {
    return cloud.client(account, region);
  }

  /** Waiters that poll every 5 s of the lab's clock, advancing it instead of sleeping. */
  public Waiters waiters(Ec2 ec2) {
    return Waiters.of(ec2, clock.sleeper(), Duration.ofSeconds(5), 10_000);
  }

  /** The distinct non-zero blocks the store holds: what every snapshot and volume together cost. */
  public long storedBlocks() {
    try {
      return blocks.addresses().size();
    } catch (IOException e) {
      throw new UncheckedIOException("block store failed to list its blocks", e);
    }
  }

  /**
   * Registers an EBS-backed x86_64 HVM image named {@code name} whose {@code sizeGiB} root holds
   * {@code content} at offset 0 (the rest reads as zeros), and waits until it is available.
   */
  public ImageId registerImage(Ec2 ec2, String name, int sizeGiB, byte[] content) {
    Volume disk = ec2.createVolume(CreateVolumeRequest.builder().availabilityZone(ec2.describeAvailabilityZones().get(0).zoneName()).size(sizeGiB).build());
    ec2.writeVolume(disk.volumeId(), 0, content, 0, content.length);
    Snapshot snapshot = ec2.createSnapshot(CreateSnapshotRequest.builder().volumeId(disk.volumeId()).build());
    ec2.deleteVolume(disk.volumeId());
    ImageId image = ec2.registerImage(RegisterImageRequest.builder().name(name)
        .architecture(Architecture.X86_64).virtualizationType(VirtualizationType.HVM).enaSupport(true)
        .rootDeviceName(ROOT)
        .addBlockDeviceMappings(new BlockDeviceMapping.Ebs(ROOT, EbsBlockDevice.builder()
            .snapshotId(snapshot.snapshotId()).volumeSize(sizeGiB).volumeType(VolumeType.GP3).build()))
        .build());
    waiters(ec2).waitUntilImageAvailable(image);
    return image;
  }

  /** Launches {@code count} instances of {@code image} and waits until they are running. */
  public List<Instance> launch(Ec2 ec2, ImageId image, String instanceType, int count) {
    List<Instance> launched = ec2.runInstances(RunInstancesRequest.builder()
        .imageId(image).instanceType(instanceType).minCount(count).maxCount(count).build());
    launched.forEach(i -> waiters(ec2).waitUntilInstanceRunning(i.instanceId()));
    return launched;
  }

  /** Launches one instance of {@code image} and waits until it is running. */
  public Instance launch(Ec2 ec2, ImageId image, String instanceType) {
    return launch(ec2, image, instanceType, 1).get(0);
  }

  /** {@code length} bytes of seeded random data: stands in for an operating system or an application. */
  public static byte[] data(long seed, int length) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  /** The bytes of a volume from {@code position}. */
  public static byte[] read(Ec2 ec2, VolumeId volume, long position, int length) {
    byte[] bytes = new byte[length];
    ec2.readVolume(volume, position, bytes, 0, length);
    return bytes;
  }

  @Override
  public void close() throws IOException {
    cloud.close();
  }
}
