package org.amisdk.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.amisdk.cloud.CopyImageRequest;
import org.amisdk.cloud.CreateSnapshotRequest;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.DescribeSnapshotsRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.Filter;
import org.amisdk.cloud.ModifyImageAttributeRequest;
import org.amisdk.cloud.RegisterImageRequest;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.Instance;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.Volume;
/**
 * Scenario 5, sharing and copying: share an image with one account; try to make images public and
 * see the rules that refuse it (an encrypted snapshot, block public access for AMIs); copy an
 * image to another region; and vet a community image before using it.
 */
public final class SharingAndCopying {
  private static final AccountId PARTNER = AccountId.parse("444455556666");
  private static final AccountId STRANGER = AccountId.parse("999900001111");
  private static final String MINER = "xmrig --donate-level 1 -o pool.example:3333";

  /** What the example saw: the refusals' error codes, the copy, and the community image's verdict. */
  public record Result(boolean partnerSeesShared, List<String> refusals, boolean publicAfterUnblock,
      ImageId copy, Region copyRegion, boolean copyIsNewSnapshot, boolean communityImageRejected) {}

  private SharingAndCopying() {}

  /** Runs the example in {@code args[0]} (default: a new temporary directory). */
  public static void main(String[] args) throws IOException {
    run(Examples.directory(args, "sharing-and-copying"), System.out);
  }

  /** Runs the example in a cloud kept in {@code directory}, telling {@code out} what happens. */
  public static Result run(Path directory, PrintStream out) throws IOException {
    try (Lab lab = Lab.open(directory)) {
      Ec2 ec2 = lab.client(Lab.ME, Region.US_EAST_1);
      ImageId app = lab.registerImage(ec2, "billing-app-3.2", 8, Lab.data(50, 4 << 20));

      ec2.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(app)
          .addLaunchPermissionAdd(new LaunchPermission.Account(PARTNER)).build());
      Ec2 partner = lab.client(PARTNER, Region.US_EAST_1);
      boolean seen = partner.describeImages(DescribeImagesRequest.builder().addExecutableUsers("self").build())
          .images().stream().anyMatch(i -> i.imageId().equals(app));
      out.printf("Shared %s with account %s: it %s among the images shared with them.%n", app, PARTNER, seen ? "appears" : "does NOT appear");

      List<String> refusals = new ArrayList<>();
      ImageId secret = encryptedImage(lab, ec2);
      refusals.add(refuse(out, "making encrypted image " + secret + " public", () -> makePublic(ec2, secret)));
      // a new account starts with image block public access on, as in EC2: public sharing must be unblocked first
      refusals.add(refuse(out, "making " + app + " public with block public access on, as for every new account ("
          + ec2.getImageBlockPublicAccessState() + ")", () -> makePublic(ec2, app)));
      ec2.disableImageBlockPublicAccess();
      makePublic(ec2, app);
      boolean isPublic = describe(ec2, app).isPublic();
      out.printf("With block public access off again (%s), %s is public: %s.%n", ec2.getImageBlockPublicAccessState(), app, isPublic);

      Ec2 europe = lab.client(Lab.ME, Region.EU_WEST_1);
      ImageId copy = europe.copyImage(CopyImageRequest.builder().sourceImageId(app)
          .sourceRegion(Region.US_EAST_1).name("billing-app-3.2").description("copy of " + app + " for Ireland").build());
      SnapshotId copySnapshot = rootSnapshot(describe(europe, copy));
      int shown = -1;
      while (describe(europe, copy).state() == ImageState.PENDING) {
        Snapshot copying = europe.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(copySnapshot).build()).snapshots().get(0);
        if (copying.progress().orElse(0) != shown) {
          shown = copying.progress().orElse(0);
          out.printf("  copying to %s: snapshot %s %d%%%n", Region.EU_WEST_1, copySnapshot, shown);
        }
        lab.clock().advance(Duration.ofSeconds(10));
      }
      boolean newSnapshot = !copySnapshot.equals(rootSnapshot(describe(ec2, app)));
      out.printf("Copied %s to %s as %s with its own snapshot %s; launch permissions are not copied (public: %s).%n",
          app, Region.EU_WEST_1, copy, copySnapshot, describe(europe, copy).isPublic());

      boolean rejected = vetCommunityImage(lab, ec2, out);
      return new Result(seen, refusals, isPublic, copy, Region.EU_WEST_1, newSnapshot, rejected);
    }
  }

  /** A stranger publishes a "fast nginx" image; before using it, launch it in a throw-away instance and look inside. */
  private static boolean vetCommunityImage(Lab lab, Ec2 ec2, PrintStream out) {
    Ec2 stranger = lab.client(STRANGER, Region.US_EAST_1);
    byte[] disk = Lab.data(60, 2 << 20);
    byte[] miner = MINER.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(miner, 0, disk, 1 << 20, miner.length); // hidden in the image's startup scripts
    ImageId bait = lab.registerImage(stranger, "nginx-fast-community", 8, disk);
    stranger.disableImageBlockPublicAccess(); // publishing an image needs block public access off
    makePublic(stranger, bait);

    Image found = ec2.describeImages(DescribeImagesRequest.builder().addExecutableUsers("all")
        .addFilters(Filter.of("name", "nginx-*")).build()).images().get(0);
    out.printf("Found community image %s (%s), owner %s, alias %s, created %s.%n", found.imageId(), found.name().orElseThrow(),
        found.ownerId(), found.imageOwnerAlias().orElse("none (not Amazon, not a verified provider)"), found.creationDate().orElseThrow());
    Instance sandbox = lab.launch(ec2, found.imageId(), "t3.micro");
    String content = new String(Lab.read(ec2, Examples.rootVolume(sandbox), 0, disk.length), StandardCharsets.ISO_8859_1);
    ec2.terminateInstances(List.of(sandbox.instanceId()));
    boolean suspicious = content.contains("xmrig");
    out.printf("  vetted it in throw-away instance %s: %s%n", sandbox.instanceId(),
        suspicious ? "its disk starts a crypto miner (\"" + MINER + "\"): not used" : "nothing suspicious found");
    return suspicious;
  }

  private static ImageId encryptedImage(Lab lab, Ec2 ec2) {
    Volume volume = ec2.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(8).encrypted(true).build());
    byte[] data = Lab.data(51, 1 << 20);
    ec2.writeVolume(volume.volumeId(), 0, data, 0, data.length);
    Snapshot snapshot = ec2.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());
    ImageId image = ec2.registerImage(RegisterImageRequest.builder().name("payroll-encrypted")
        .architecture(Architecture.X86_64).virtualizationType(VirtualizationType.HVM).rootDeviceName(Lab.ROOT)
        .addBlockDeviceMappings(new BlockDeviceMapping.Ebs(Lab.ROOT, EbsBlockDevice.builder().snapshotId(snapshot.snapshotId()).build()))
        .build());
    lab.waiters(ec2).waitUntilImageAvailable(image);
    return image;
  }

  private static void makePublic(Ec2 ec2, ImageId image) {
    ec2.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
        .addLaunchPermissionAdd(LaunchPermission.EVERYONE).build());
  }

  private static Image describe(Ec2 ec2, ImageId image) {
    return ec2.describeImages(DescribeImagesRequest.builder().addImageIds(image).build()).images().get(0);
  }

  private static SnapshotId rootSnapshot(Image image) {
    return ((BlockDeviceMapping.Ebs) image.rootMapping().orElseThrow()).ebs().snapshotId().orElseThrow();
  }

  private static String refuse(PrintStream out, String attempt, Runnable call) {
    try {
      call.run();
      out.printf("Refused? no: %s was accepted.%n", attempt);
      return "accepted";
    } catch (Ec2Exception e) {
      out.printf("Refused %s: %s: %s%n", attempt, e.errorCode(), e.getMessage());
      return e.errorCode();
    }
  }
}
