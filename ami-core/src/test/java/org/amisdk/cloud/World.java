package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.Volume;

/** A fresh in-memory cloud on a test clock, three accounts, and shortcuts to build the usual resources. */
final class World implements AutoCloseable {
  static final AccountId ALICE = AccountId.parse("111111111111");
  static final AccountId BOB = AccountId.parse("222222222222");
  static final AccountId CAROL = AccountId.parse("333333333333");
  static final Region REGION = Region.US_EAST_1;
  static final Region OTHER_REGION = Region.EU_WEST_1;
  static final Duration LONG_ENOUGH = Duration.ofHours(1);

  final ManualClock clock;
  final LocalCloud cloud;
  final Ec2 alice;
  final Ec2 bob;
  final Ec2 carol;

  World() {
    this(LocalCloud.builder());
  }

  World(LocalCloud.Builder builder) {
    this.clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    this.cloud = builder.clock(clock).ids(new SplittableRandom(7)).timings(LifecycleTimings.realistic()).build();
    this.alice = cloud.client(ALICE, REGION);
    this.bob = cloud.client(BOB, REGION);
    this.carol = cloud.client(CAROL, REGION);
  }

  /** The three accounts' clients of {@code cloud}, which runs on {@code clock} (a durable cloud, say). */
  World(LocalCloud cloud, ManualClock clock) {
    this.clock = clock;
    this.cloud = cloud;
    this.alice = cloud.client(ALICE, REGION);
    this.bob = cloud.client(BOB, REGION);
    this.carol = cloud.client(CAROL, REGION);
  }

  /** A completed snapshot owned by {@code owner}, of a 1 GiB volume with some bytes written. */
  SnapshotId snapshot(Ec2 owner) {
    Volume volume = owner.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
    byte[] bytes = new byte[4096];
    new SplittableRandom(volume.volumeId().hashCode()).nextBytes(bytes);
    owner.writeVolume(volume.volumeId(), 0, bytes, 0, bytes.length);
    Snapshot snapshot = owner.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());
    clock.advance(LONG_ENOUGH);
    owner.deleteVolume(volume.volumeId());
    return snapshot.snapshotId();
  }

  /** An available x86_64 hvm image named {@code name}, owned by {@code owner}, booting from a fresh snapshot. */
  ImageId image(Ec2 owner, String name) {
    ImageId id = owner.registerImage(register(name, snapshot(owner)).build());
    clock.advance(LONG_ENOUGH);
    return id;
  }

  static RegisterImageRequest.Builder register(String name, SnapshotId root) {
    return RegisterImageRequest.builder()
        .name(name)
        .architecture(Architecture.X86_64)
        .virtualizationType(VirtualizationType.HVM)
        .rootDeviceName("/dev/xvda")
        .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/xvda", EbsBlockDevice.builder().snapshotId(root).build()));
  }

  static DescribeImagesRequest.Builder describe() {
    return DescribeImagesRequest.builder();
  }

  /** Asserts {@code call} is refused with EC2's {@code code}; returns the refusal for message checks. */
  static Ec2Exception refused(String code, org.junit.jupiter.api.function.Executable call) {
    Ec2Exception refusal = assertThrows(Ec2Exception.class, call);
    assertEquals(code, refusal.errorCode(), refusal.getMessage());
    return refusal;
  }

  /** The ids of the images {@code client} sees for {@code request}. */
  static java.util.List<ImageId> ids(Ec2 client, DescribeImagesRequest request) {
    return client.describeImages(request).images().stream().map(Image::imageId).toList();
  }

  @Override
  public void close() throws Exception {
    cloud.close();
  }
}
