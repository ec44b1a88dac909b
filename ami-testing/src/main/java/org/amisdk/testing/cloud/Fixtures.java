package org.amisdk.testing.cloud;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.amisdk.cloud.CreateSnapshotRequest;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.model.Instance;
import org.amisdk.cloud.ManualClock;
import org.amisdk.cloud.ModifyImageAttributeRequest;
import org.amisdk.cloud.RegisterImageRequest;
import org.amisdk.cloud.RunInstancesRequest;
import org.amisdk.model.Volume;
import org.amisdk.cloud.Waiters;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.ImageId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.VirtualizationType;

/**
 * One-line setups of what tests of image tooling build again and again, through the public
 * {@link Ec2} calls of one account: an available EBS-backed image with given bytes, name,
 * architecture and age; a running instance of it; an image shared with another account. Waiting
 * advances the {@link ManualClock} instead of sleeping. An image's age is made by advancing the
 * clock once the image is available, so everything made before it is that much older too: make
 * the oldest first.
 */
public final class Fixtures {
  private static final long GIB = 1L << 30;
  private static final String ROOT = "/dev/xvda";

  private final Ec2 ec2;
  private final ManualClock clock;
  private final Waiters waiters;

  /** Fixtures acting through {@code ec2}, whose cloud follows {@code clock}. */
  public Fixtures(Ec2 ec2, ManualClock clock) {
    this.ec2 = Objects.requireNonNull(ec2, "ec2");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.waiters = Waiters.of(ec2, clock.sleeper(), Duration.ofSeconds(15), 10_000);
  }

  /** The same fixtures acting as another client (another account or region) of the same cloud. */
  public Fixtures as(Ec2 client) {
    return new Fixtures(client, clock);
  }

  /** An image named {@code name} to describe further, then {@link ImageFixture#create()}. */
  public ImageFixture image(String name) {
    return new ImageFixture(name);
  }

  /** An available x86_64 image named {@code name}, its root holding a few bytes derived from the name. */
  public ImageId availableImage(String name) {
    return image(name).create();
  }

  /** One instance of {@code image} (a t3.micro, or a t4g.micro for an arm64 image), launched as this account and waited for until running. */
  public Instance runningInstance(ImageId image) {
    Architecture architecture = ec2.describeImages(DescribeImagesRequest.builder().addImageIds(image).build())
        .images().get(0).architecture();
    String type = architecture == Architecture.ARM64 ? "t4g.micro" : "t3.micro";
    Instance launched = ec2.runInstances(RunInstancesRequest.builder().imageId(image).instanceType(type).build()).get(0);
    return waiters.waitUntilInstanceRunning(launched.instanceId());
  }

  /** Grants {@code account} launch permission on {@code image} (ModifyImageAttribute); returns the image. */
  public ImageId shareWith(ImageId image, AccountId account) {
    ec2.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
        .addLaunchPermissionAdd(new LaunchPermission.Account(account)).build());
    return image;
  }

  /** An EBS-backed image being described: root bytes, architecture and age; {@link #create()} makes it. */
  public final class ImageFixture {
    private final String name;
    private byte[] bytes;
    private Architecture architecture = Architecture.X86_64;
    private Duration age = Duration.ZERO;

    private ImageFixture(String name) {
      this.name = Objects.requireNonNull(name, "name");
      this.bytes = ("root of " + name).getBytes(StandardCharsets.UTF_8);
    }

    /** What the root volume holds from offset 0 (default: a few bytes derived from the name). */
    public ImageFixture bytes(byte[] bytes) {
      this.bytes = bytes.clone();
      return this;
    }

    /** The architecture (default x86_64). */
    public ImageFixture architecture(Architecture architecture) {
      this.architecture = Objects.requireNonNull(architecture, "architecture");
      return this;
    }

    /** How old the image is once made: the clock advances by it after the image is available. */
    public ImageFixture age(Duration age) {
      if (age.isNegative()) {
        throw new IllegalArgumentException("image age " + age + " is negative");
      }
      this.age = age;
      return this;
    }

    /**
     * Writes the bytes to a new volume, snapshots it, deletes the volume, registers the image on
     * the snapshot, waits until it is available, then lets its age pass.
     */
    public ImageId create() {
      int size = (int) Math.max(1, (bytes.length + GIB - 1) / GIB);
      Volume volume = ec2.createVolume(CreateVolumeRequest.builder().availabilityZone(ec2.describeAvailabilityZones().get(0).zoneName()).size(size).build());
      ec2.writeVolume(volume.volumeId(), 0, bytes, 0, bytes.length);
      Snapshot snapshot = ec2.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());
      waiters.waitUntilSnapshotCompleted(snapshot.snapshotId());
      ec2.deleteVolume(volume.volumeId());
      ImageId image = ec2.registerImage(RegisterImageRequest.builder()
          .name(name)
          .architecture(architecture)
          .virtualizationType(VirtualizationType.HVM)
          .rootDeviceName(ROOT)
          .addBlockDeviceMappings(new BlockDeviceMapping.Ebs(ROOT, EbsBlockDevice.builder().snapshotId(snapshot.snapshotId()).build()))
          .build());
      waiters.waitUntilImageAvailable(image);
      clock.advance(age);
      return image;
    }
  }
}
