package org.amisdk.pricing;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.amisdk.cloud.CreateSnapshotRequest;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LifecycleTimings;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.cloud.RegisterImageRequest;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.ImageId;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.Volume;
import org.amisdk.storage.block.BlockStore;
/**
 * Small worlds for cost and audit tests: a clock moved by hand, a cloud with instant timings, and
 * a price table whose figures make hand arithmetic easy (a 512 KiB block is 1/2048 GiB).
 */
public final class Worlds {
  public static final AccountId ALICE = AccountId.parse("111111111111");
  public static final AccountId BOB = AccountId.parse("222222222222");
  public static final AccountId MALLORY = AccountId.parse("333333333333");

  /**
   * Standard snapshot storage 2048/GB-month (1.00 a block), archive 512 (0.25 a block), retrieval
   * 1024/GB (0.50 a block), transfer 2048/GB (1.00 a block), S3 2048, every volume type 3/GB-month,
   * 90-day archive minimum; us-east-1 priced, us-west-2 assumed equal.
   */
  public static final String EASY_PRICES = """
      {"Name": "easy", "Currency": "EUR", "Regions": {"us-east-1": {
        "SnapshotStandardGbMonth": %s,
        "SnapshotArchiveGbMonth": {"Amount": "512", "Unit": "GB-month", "Source": "test", "Date": "2026-01-01", "Verified": true},
        "ArchiveRetrievalGb": {"Amount": "1024", "Unit": "GB", "Source": "test", "Date": "2026-01-01", "Verified": true},
        "ArchiveMinimumDays": {"Amount": "90", "Unit": "days", "Source": "test", "Date": "2026-01-01", "Verified": true},
        "BundleS3GbMonth": {"Amount": "2048", "Unit": "GB-month", "Source": "test", "Date": "2026-01-01", "Verified": true},
        "CrossRegionTransferGb": {"Amount": "2048", "Unit": "GB", "Source": "test", "Date": "2026-01-01", "Verified": true},
        "VolumeGbMonth": {"gp2": %s, "gp3": %s, "io1": %s, "io2": %s, "st1": %s, "sc1": %s, "standard": %s}
      }}, "AssumedEqual": {"us-west-2": "us-east-1"}}
      """.formatted(rate("2048"), rate("3"), rate("3"), rate("3"), rate("3"), rate("3"), rate("3"), rate("3"));

  private Worlds() {}

  private static String rate(String amount) {
    return "{\"Amount\": \"" + amount + "\", \"Unit\": \"GB-month\", \"Source\": \"test\", \"Date\": \"2026-01-01\", \"Verified\": true}";
  }

  public static PriceTable easyPrices() {
    return PriceTable.parse(EASY_PRICES);
  }

  /** A clock moved by hand, starting at 2026-01-01T00:00:00Z. */
  public static ManualClock clock() {
    return new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public static LocalCloud cloud(Clock clock, long seed) {
    return LocalCloud.builder().clock(clock).ids(new SplittableRandom(seed)).timings(LifecycleTimings.instant()).build();
  }

  /** A fresh 1 GiB volume. */
  public static Volume volume(Ec2 ec2) {
    return ec2.createVolume(CreateVolumeRequest.builder().availabilityZone(ec2.describeAvailabilityZones().get(0).zoneName()).size(1).build());
  }

  /** A block whose bytes are a function of {@code content}: equal contents are equal blocks. */
  public static byte[] block(int content) {
    byte[] bytes = new byte[BlockStore.BLOCK_SIZE];
    SplittableRandom random = new SplittableRandom(content);
    for (int i = 0; i < bytes.length; i += 64) {
      Arrays.fill(bytes, i, Math.min(bytes.length, i + 64), (byte) (1 + random.nextInt(255)));
    }
    return bytes;
  }

  /** Writes block {@code index} of a volume with {@code content}. */
  public static void write(Ec2 ec2, Volume volume, int index, int content) {
    byte[] bytes = block(content);
    ec2.writeVolume(volume.volumeId(), (long) index * BlockStore.BLOCK_SIZE, bytes, 0, bytes.length);
  }

  public static Snapshot snapshot(Ec2 ec2, Volume volume) {
    return ec2.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());
  }

  /** A fresh volume with these block contents at indexes 0, 1, ..., snapshotted. */
  public static Snapshot snapshotOf(Ec2 ec2, int... contents) {
    Volume volume = volume(ec2);
    for (int i = 0; i < contents.length; i++) {
      write(ec2, volume, i, contents[i]);
    }
    Snapshot snapshot = snapshot(ec2, volume);
    ec2.deleteVolume(volume.volumeId());
    return snapshot;
  }

  public static ImageId image(Ec2 ec2, String name, SnapshotId root) {
    return ec2.registerImage(RegisterImageRequest.builder().name(name)
        .architecture(Architecture.X86_64).virtualizationType(VirtualizationType.HVM).rootDeviceName("/dev/xvda")
        .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/xvda", EbsBlockDevice.builder().snapshotId(root).build()))
        .build());
  }
}
