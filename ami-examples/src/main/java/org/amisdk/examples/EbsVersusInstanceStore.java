package org.amisdk.examples;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.RegisterImageRequest;
import org.amisdk.cloud.RunInstancesRequest;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceState;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VolumeId;
import org.amisdk.storage.bundle.BundleManifest;
import org.amisdk.storage.bundle.BundleOptions;
import org.amisdk.storage.bundle.BundleStore;
import org.amisdk.storage.bundle.Compression;
import org.amisdk.storage.bundle.RawImageSource;
import org.amisdk.storage.object.ObjectKey;
/**
 * Scenario 6, EBS-backed versus instance-store-backed: the same root as both kinds of image. An
 * EBS-backed instance boots in seconds, can stop and start, and its root is an EBS volume (deleted
 * at terminate unless told otherwise); an instance-store-backed one boots only after its whole
 * bundle is fetched, cannot stop, keeps nothing after terminate, and its root is at most 10 GiB.
 */
public final class EbsVersusInstanceStore {
  private static final int ROOT_GIB = 1;

  /** What the example saw. */
  public record Result(Duration ebsBoot, Duration instanceStoreBoot, InstanceState ebsAfterStopStart, String instanceStoreStop,
      boolean instanceStoreRootIsTheImage, boolean ebsRootDeletedAtTerminate, boolean keptRootSurvives,
      String instanceStoreReadAfterTerminate, String overLimitRefusal) {}

  private EbsVersusInstanceStore() {}

  /** Runs the example in {@code args[0]} (default: a new temporary directory). */
  public static void main(String[] args) throws IOException {
    run(Examples.directory(args, "ebs-vs-instance-store"), System.out);
  }

  /** Runs the example in a cloud kept in {@code directory}, telling {@code out} what happens. */
  public static Result run(Path directory, PrintStream out) throws IOException {
    try (Lab lab = Lab.open(directory)) {
      Ec2 ec2 = lab.client(Lab.ME, Region.US_EAST_1);
      byte[] application = Lab.data(70, 8 << 20);
      ImageId ebsImage = lab.registerImage(ec2, "web-root-ebs", ROOT_GIB, application);

      // The same root as an instance-store image: export it to a raw file, bundle it into the cloud's object store.
      Path raw = directory.resolve("web-root.img");
      ec2.exportSnapshot(rootSnapshot(ec2, ebsImage), raw);
      BundleManifest bundle = BundleStore.on(lab.cloud().objectStore()).bundle(RawImageSource.ofFile(raw),
          ObjectKey.of(ec2.account() + "/bundles/web-root/image"), BundleOptions.defaults().withCompression(Compression.ZSTD), Examples.progress(out, "bundling"));
      Files.delete(raw);
      ImageId storeImage = ec2.registerImage(RegisterImageRequest.builder().name("web-root-instance-store")
          .imageLocation(ec2.account() + "/bundles/web-root/image.manifest.json").architecture(Architecture.X86_64).build());
      lab.waiters(ec2).waitUntilImageAvailable(storeImage);
      out.printf("One %d GiB root as two images: EBS-backed %s, and instance-store-backed %s (bundle of %s in %d part(s)).%n",
          ROOT_GIB, ebsImage, storeImage, Examples.size(bundle.bundledSize()), bundle.parts().size());

      Instant start = lab.clock().instant();
      Instance ebs = lab.launch(ec2, ebsImage, "m3.medium");
      Duration ebsBoot = Duration.between(start, lab.clock().instant());
      start = lab.clock().instant();
      Instance store = lab.launch(ec2, storeImage, "m3.medium");
      Duration storeBoot = Duration.between(start, lab.clock().instant());
      out.printf("Boot: EBS-backed %s running after %d s (blocks fetched lazily); instance-store-backed %s after %d s (whole bundle fetched first).%n",
          ebs.instanceId(), ebsBoot.toSeconds(), store.instanceId(), storeBoot.toSeconds());
      byte[] unpacked = new byte[application.length];
      ec2.readInstanceStore(store.instanceId(), 0, unpacked, 0, unpacked.length);
      boolean rootIsImage = java.util.Arrays.equals(application, unpacked);
      byte[] scratch = "scratch data written by the instance-store instance".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      ec2.writeInstanceStore(store.instanceId(), 0, scratch, 0, scratch.length);
      out.printf("The instance-store root was unpacked from the bundle: its first 8 MiB %s the application; the instance wrote to it.%n",
          rootIsImage ? "are byte for byte" : "DIFFER from");

      ec2.stopInstances(List.of(ebs.instanceId()));
      lab.clock().advance(Duration.ofMinutes(1));
      ec2.startInstances(List.of(ebs.instanceId()));
      lab.waiters(ec2).waitUntilInstanceRunning(ebs.instanceId());
      InstanceState afterStart = ec2.describeInstances(List.of(ebs.instanceId())).get(0).state();
      String storeStop;
      try {
        ec2.stopInstances(List.of(store.instanceId()));
        storeStop = "accepted";
      } catch (Ec2Exception e) {
        storeStop = e.errorCode();
        out.printf("Stop and start: the EBS-backed instance stopped and is %s again; the instance-store-backed one is refused: %s: %s%n",
            afterStart.wireValue(), e.errorCode(), e.getMessage());
      }

      // Terminate: the EBS root goes with the instance by default (DeleteOnTermination); ask to keep it and it stays.
      Instance kept = ec2.runInstances(RunInstancesRequest.builder().imageId(ebsImage).instanceType("m3.medium")
          .addBlockDeviceMappings(new BlockDeviceMapping.Ebs(Lab.ROOT, EbsBlockDevice.builder().volumeSize(ROOT_GIB).deleteOnTermination(false).build()))
          .build()).get(0);
      VolumeId ebsRoot = Examples.rootVolume(ebs);
      VolumeId keptRoot = Examples.rootVolume(kept);
      ec2.terminateInstances(List.of(ebs.instanceId(), kept.instanceId(), store.instanceId()));
      lab.clock().advance(Duration.ofMinutes(1));
      List<VolumeId> left = ec2.describeVolumes(List.of()).stream().map(v -> v.volumeId()).toList();
      String readAfter;
      try {
        ec2.readInstanceStore(store.instanceId(), 0, new byte[scratch.length], 0, scratch.length);
        readAfter = "readable";
      } catch (Ec2Exception e) {
        readAfter = e.errorCode();
      }
      out.printf("Terminate: EBS root %s %s (DeleteOnTermination=true); with DeleteOnTermination=false root %s %s; "
          + "the instance-store root and what was written to it are gone (reading it: %s).%n",
          ebsRoot, left.contains(ebsRoot) ? "is kept" : "is deleted", keptRoot, left.contains(keptRoot) ? "is kept" : "is deleted",
          readAfter);

      String overLimit = tenGibLimit(lab, ec2, out);
      return new Result(ebsBoot, storeBoot, afterStart, storeStop, rootIsImage, !left.contains(ebsRoot), left.contains(keptRoot),
          readAfter, overLimit);
    }
  }

  /** A root one block over 10 GiB bundles fine, but cannot be registered as an instance-store image. */
  private static String tenGibLimit(Lab lab, Ec2 ec2, PrintStream out) throws IOException {
    long size = BundleManifest.INSTANCE_STORE_ROOT_LIMIT + Lab.BLOCK;
    byte[] zeroBlock = new byte[Lab.BLOCK]; // the root: 20,481 blocks of zeros, streamed
    RawImageSource root = RawImageSource.of(size, () -> new SequenceInputStream(Collections.enumeration(
        Stream.generate(() -> new ByteArrayInputStream(zeroBlock)).limit(size / Lab.BLOCK).toList())));
    BundleStore.on(lab.cloud().objectStore()).bundle(root, ObjectKey.of(ec2.account() + "/bundles/big-root/image"),
        BundleOptions.defaults().withCompression(Compression.ZSTD), Examples.progress(out, "bundling a 10 GiB + 512 KiB root"));
    try {
      ec2.registerImage(RegisterImageRequest.builder().name("big-root-instance-store")
          .imageLocation(ec2.account() + "/bundles/big-root/image.manifest.json").architecture(Architecture.X86_64).build());
      return "accepted";
    } catch (Ec2Exception e) {
      out.printf("The 10 GiB limit: registering a bundle of a root of %,d bytes is refused: %s: %s%n", size, e.errorCode(), e.getMessage());
      return e.errorCode();
    }
  }

  private static SnapshotId rootSnapshot(Ec2 ec2, ImageId image) {
    Image described = ec2.describeImages(DescribeImagesRequest.builder().addImageIds(image).build()).images().get(0);
    return ((BlockDeviceMapping.Ebs) described.rootMapping().orElseThrow()).ebs().snapshotId().orElseThrow();
  }
}
