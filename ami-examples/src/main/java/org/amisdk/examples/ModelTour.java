package org.amisdk.examples;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.amisdk.json.AwsJson;
import org.amisdk.json.AwsJsonException;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.BootMode;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Hypervisor;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.ImageType;
import org.amisdk.model.ImdsSupport;
import org.amisdk.model.InstanceId;
import org.amisdk.model.KernelId;
import org.amisdk.model.Platform;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.StorageTier;
import org.amisdk.model.Tag;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.VolumeId;
import org.amisdk.model.VolumeType;

/**
 * The model without a cloud: builds three images (an
 * EBS-backed Linux AMI with a gp3 root and a data volume, a Windows AMI, an instance-store
 * paravirtual AMI) and their snapshots with the model, prints them as a table and as AWS CLI JSON,
 * reads the JSON back, and shows invalid input refused with EC2's error codes.
 *
 * <p>Everything stays in memory; it takes no arguments. {@link Tour} runs the scenarios on a
 * local cloud.
 */
public final class ModelTour {
  private static final AccountId OWNER = AccountId.parse("123456789012");
  private static final Instant NOW = Instant.parse("2026-01-15T09:30:00.000Z");

  private final SplittableRandom ids = new SplittableRandom(2026);
  private final List<Snapshot> snapshots = new ArrayList<>();

  private ModelTour() {}

  /** Runs the model tour; takes no arguments. */
  public static void main(String[] args) {
    new ModelTour().run();
  }

  private void run() {
    System.out.println("amisdk model tour: images and snapshots as values, their JSON, and EC2's validation rules");

    List<Image> images = List.of(linuxImage(), windowsImage(), instanceStoreImage());
    heading("1. Three images and their snapshots, built with the model");
    System.out.print(table(images));

    heading("2. The images as `aws ec2 describe-images` prints them");
    String imagesJson = AwsJson.writeImages(images);
    System.out.print(imagesJson);

    heading("3. Their snapshots as `aws ec2 describe-snapshots` prints them");
    String snapshotsJson = AwsJson.writeSnapshots(snapshots);
    System.out.print(snapshotsJson);

    heading("4. Read back from that JSON");
    System.out.printf("images equal: %s, snapshots equal: %s%n",
        AwsJson.readImages(imagesJson).equals(images), AwsJson.readSnapshots(snapshotsJson).equals(snapshots));

    heading("5. Invalid input is refused with EC2's error");
    refuse("an image named \"ab\"", () -> Image.builder().from(images.get(0)).name("ab").build());
    refuse("a gp3 volume with 100 IOPS", () -> EbsBlockDevice.builder().volumeSize(8).volumeType(VolumeType.GP3).iops(100).build());
    refuse("a mapping with both Ebs and NoDevice",
        () -> BlockDeviceMapping.fromWireFields("/dev/sdb", EbsBlockDevice.builder().volumeSize(8).build(), null, ""));
    refuse("the image id \"ami-1234567890EXAMPLE\"", () -> ImageId.parse("ami-1234567890EXAMPLE"));
    try {
      AwsJson.readImages(imagesJson.replaceFirst("\"arm64\"", "\"arm65\""));
    } catch (AwsJsonException e) {
      System.out.printf("%-40s -> %s: %s%n", "describe-images JSON with \"arm65\"", e.errorCode().orElse("-"), e.getMessage());
    }
  }

  private Image linuxImage() {
    ImageId id = ImageId.random(ids);
    return base(id, "al2023-web-2026.01.15", Architecture.ARM64, RootDeviceType.EBS)
        .description("Amazon Linux 2023 web server, gp3 root and a data volume")
        .rootDeviceName("/dev/xvda")
        .addBlockDeviceMappings(ebs(id, "/dev/xvda", 8, EbsBlockDevice.builder().volumeType(VolumeType.GP3).iops(3000).throughput(125).deleteOnTermination(true)))
        .addBlockDeviceMappings(ebs(id, "/dev/sdf", 100, EbsBlockDevice.builder().volumeType(VolumeType.GP3).deleteOnTermination(false)))
        .bootMode(BootMode.UEFI)
        .imdsSupport(ImdsSupport.V2_0)
        .enaSupport(true)
        .platformDetails("Linux/UNIX")
        .usageOperation("RunInstances")
        .addTags(Tag.of("Name", "web"), Tag.of("team", "platform"))
        .build();
  }

  private Image windowsImage() {
    ImageId id = ImageId.random(ids);
    return base(id, "windows-2022-base-2026.01.15", Architecture.X86_64, RootDeviceType.EBS)
        .isPublic(true)
        .platform(Platform.WINDOWS)
        .platformDetails("Windows")
        .usageOperation("RunInstances:0002")
        .rootDeviceName("/dev/sda1")
        .addBlockDeviceMappings(ebs(id, "/dev/sda1", 30, EbsBlockDevice.builder().volumeType(VolumeType.GP3).deleteOnTermination(true)))
        .addBlockDeviceMappings(new BlockDeviceMapping.Ephemeral("xvdca", "ephemeral0"))
        .enaSupport(true)
        .deprecationTime(NOW.plus(Duration.ofDays(730)))
        .build();
  }

  private Image instanceStoreImage() {
    ImageId id = ImageId.random(ids);
    return base(id, "legacy-pv-s3-2014", Architecture.X86_64, RootDeviceType.INSTANCE_STORE)
        .imageLocation("my-bundles/legacy-pv/image.manifest.xml")
        .virtualizationType(VirtualizationType.PARAVIRTUAL)
        .kernelId(KernelId.parse("aki-88aa75e1"))
        .build();
  }

  private Image.Builder base(ImageId id, String name, Architecture architecture, RootDeviceType rootType) {
    return Image.builder()
        .imageId(id)
        .name(name)
        .imageLocation(OWNER + "/" + name)
        .ownerId(OWNER)
        .creationDate(NOW)
        .state(ImageState.AVAILABLE)
        .isPublic(false)
        .architecture(architecture)
        .imageType(ImageType.MACHINE)
        .hypervisor(Hypervisor.XEN)
        .virtualizationType(VirtualizationType.HVM)
        .rootDeviceType(rootType);
  }

  /** An EBS mapping of {@code size} GiB from a new snapshot of the image, recorded for section 3. */
  private BlockDeviceMapping ebs(ImageId image, String device, int size, EbsBlockDevice.Builder volume) {
    SnapshotId snapshotId = SnapshotId.random(ids);
    snapshots.add(Snapshot.builder()
        .snapshotId(snapshotId)
        .volumeId(VolumeId.random(ids))
        .state(SnapshotState.COMPLETED)
        .progress(100)
        .startTime(NOW.minusSeconds(180))
        .completionTime(NOW)
        .ownerId(OWNER)
        .description("Created by CreateImage(" + InstanceId.random(ids) + ") for " + image)
        .volumeSize(size)
        .encrypted(false)
        .storageTier(StorageTier.STANDARD)
        .build());
    return new BlockDeviceMapping.Ebs(device, volume.snapshotId(snapshotId).volumeSize(size).build());
  }

  private String table(List<Image> images) {
    String row = "%-21s  %-28s  %-6s  %-22s  %-9s  %-6s  %s%n";
    StringBuilder table = new StringBuilder(String.format(row, "ImageId", "Name", "Arch", "Root", "State", "Public", "Snapshots"));
    for (Image image : images) {
      String snapshotIds = image.blockDeviceMappings().stream()
          .filter(BlockDeviceMapping.Ebs.class::isInstance)
          .map(m -> ((BlockDeviceMapping.Ebs) m).ebs().snapshotId().map(Object::toString).orElse("-"))
          .collect(Collectors.joining(" "));
      table.append(String.format(row, image.imageId(), image.name().orElse("-"), image.architecture().wireValue(),
          root(image), image.state().wireValue(), image.isPublic() ? "yes" : "no", snapshotIds.isEmpty() ? "-" : snapshotIds));
    }
    return table.toString();
  }

  private static String root(Image image) {
    return image.rootMapping()
        .filter(BlockDeviceMapping.Ebs.class::isInstance)
        .map(m -> ((BlockDeviceMapping.Ebs) m).ebs())
        .map(ebs -> "ebs " + ebs.effectiveVolumeType().wireValue() + " " + ebs.volumeSize().map(s -> s + " GiB").orElse(""))
        .orElse(image.rootDeviceType().wireValue());
  }

  private static void heading(String title) {
    System.out.println();
    System.out.println(title);
  }

  private static void refuse(String what, Runnable attempt) {
    try {
      attempt.run();
      System.out.printf("%-40s -> accepted (unexpected)%n", what);
    } catch (Ec2Exception e) {
      System.out.printf("%-40s -> %s: %s%n", what, e.errorCode(), e.getMessage());
    }
  }
}
