package org.amisdk.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.RegisterImageRequest;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.VirtualizationType;
/**
 * Scenario 8, importing a real disk image: a raw disk image file (given, or an ext4 file system
 * built with {@code mke2fs -d}, or a synthetic image when mke2fs is missing) becomes a snapshot,
 * then an image; an instance launched from it has a root volume that exports byte for byte equal
 * to the file.
 */
public final class ImportDiskImage {
  private static final long BUILT_SIZE = 1L << 30;

  /** What the example saw: where the disk came from, its size, blocks stored, and whether the export is identical. */
  public record Result(String source, long diskBytes, long blocksStored, boolean exportIdentical) {}

  private ImportDiskImage() {}

  /** {@code ImportDiskImage [raw-image [directory]]}: imports the file, or builds one. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Optional<Path> disk = args.length > 0 && !args[0].isEmpty() ? Optional.of(Path.of(args[0])) : Optional.empty();
    run(Examples.directory(args.length > 1 ? new String[] {args[1]} : new String[0], "import"), disk, System.out);
  }

  /** Imports {@code disk} (or a disk built here) in a cloud kept in {@code directory}, telling {@code out} what happens. */
  public static Result run(Path directory, Optional<Path> disk, PrintStream out) throws IOException, InterruptedException {
    Files.createDirectories(directory);
    Path raw = disk.isPresent() ? disk.get() : directory.resolve("disk.img");
    String source = disk.isPresent() ? "the file " + raw : buildDisk(directory, raw);
    try (Lab lab = Lab.open(directory.resolve("cloud"))) {
      Ec2 ec2 = lab.client(Lab.ME, Region.US_EAST_1);
      long before = lab.storedBlocks();
      Snapshot snapshot = ec2.importSnapshot(raw, "imported from " + raw.getFileName(), Examples.progress(out, "importing"));
      long stored = lab.storedBlocks() - before;
      out.printf("Imported %s (%s) as snapshot %s of %d GiB: %d blocks stored (%s); all-zero blocks cost nothing.%n",
          source, Examples.size(Files.size(raw)), snapshot.snapshotId(), snapshot.volumeSize(), stored, Examples.size(stored * Lab.BLOCK));

      ImageId image = ec2.registerImage(RegisterImageRequest.builder().name("imported-" + raw.getFileName().toString().replaceAll("[^A-Za-z0-9.-]", "-"))
          .architecture(Architecture.X86_64).virtualizationType(VirtualizationType.HVM).rootDeviceName(Lab.ROOT)
          .addBlockDeviceMappings(new BlockDeviceMapping.Ebs(Lab.ROOT, EbsBlockDevice.builder().snapshotId(snapshot.snapshotId()).build()))
          .build());
      lab.waiters(ec2).waitUntilImageAvailable(image);
      Instance instance = lab.launch(ec2, image, "t3.micro");
      Path exported = directory.resolve("exported-root.img");
      ec2.exportVolume(Examples.rootVolume(instance), exported, Examples.progress(out, "exporting"));
      long mismatch = Files.mismatch(raw, exported);
      out.printf("Registered %s, launched %s, exported its root volume to %s: %s.%n", image, instance.instanceId(), exported.getFileName(),
          mismatch < 0 ? "byte for byte identical to the imported file" : "DIFFERS at byte " + mismatch);
      Files.delete(exported);
      return new Result(source, Files.size(raw), stored, mismatch < 0);
    }
  }

  /** Builds a 1 GiB ext4 image with a few files in it, or a synthetic image when mke2fs is missing; says which. */
  private static String buildDisk(Path directory, Path raw) throws IOException, InterruptedException {
    Path files = Files.createDirectories(directory.resolve("rootfs"));
    Files.createDirectories(files.resolve("etc"));
    Files.writeString(files.resolve("etc/hostname"), "imported-host\n", StandardCharsets.US_ASCII);
    Files.createDirectories(files.resolve("opt/app"));
    Files.write(files.resolve("opt/app/server.bin"), Lab.data(80, 3 << 20));
    Optional<Path> mke2fs = java.util.stream.Stream.of("/usr/sbin/mke2fs", "/sbin/mke2fs", "/usr/bin/mke2fs").map(Path::of)
        .filter(Files::isExecutable).findFirst();
    if (mke2fs.isPresent()) {
      Process process = new ProcessBuilder(mke2fs.get().toString(), "-q", "-F", "-t", "ext4", "-d", files.toString(),
          raw.toString(), (BUILT_SIZE >> 20) + "M").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
        return "an ext4 file system built with " + mke2fs.get() + " -d";
      }
      Files.deleteIfExists(raw);
      throw new IOException("mke2fs failed to build " + raw + ": " + output.strip());
    }
    try (var channel = java.nio.channels.FileChannel.open(raw, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(Lab.data(81, 4 << 20)), 1 << 20);
      channel.truncate(BUILT_SIZE);
      channel.write(java.nio.ByteBuffer.wrap(new byte[1]), BUILT_SIZE - 1);
    }
    return "a synthetic disk image (mke2fs not found, so no real file system)";
  }
}
