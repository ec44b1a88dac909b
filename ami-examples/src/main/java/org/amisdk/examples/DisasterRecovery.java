package org.amisdk.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.amisdk.cloud.CreateImageRequest;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.Filter;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.Region;
import org.amisdk.model.VolumeId;
/**
 * Scenario 2, disaster recovery: back a production instance up as an image every night (the
 * clock advances a day between backups), corrupt its disk, restore from the newest image and get
 * the data back; a restore from each older image would lose the days after it.
 */
public final class DisasterRecovery {
  private static final int NIGHTS = 4;
  private static final int DAY_BYTES = 1 << 20; // each day's orders: 1 MiB appended to the journal

  /** What the example saw: whether the restore matched the last backup, and the MiB each older backup lacks. */
  public record Result(int backups, List<Long> blocksAddedPerBackup, boolean restoredMatchesLastBackup, boolean corruptedBeforeRestore, List<Long> lostBytesByAge) {}

  private DisasterRecovery() {}

  /** Runs the example in {@code args[0]} (default: a new temporary directory). */
  public static void main(String[] args) throws IOException {
    run(Examples.directory(args, "disaster-recovery"), System.out);
  }

  /** Runs the example in a cloud kept in {@code directory}, telling {@code out} what happens. */
  public static Result run(Path directory, PrintStream out) throws IOException {
    try (Lab lab = Lab.open(directory)) {
      Ec2 ec2 = lab.client(Lab.ME, Region.US_EAST_1);
      ImageId base = lab.registerImage(ec2, "shop-server-2026.03", 8, Lab.data(10, 2 << 20));
      Instance production = lab.launch(ec2, base, "m5.large");
      VolumeId disk = Examples.rootVolume(production);
      long journal = 16L << 20;

      List<Long> addedBlocks = new ArrayList<>();
      for (int day = 1; day <= NIGHTS; day++) {
        long before = lab.storedBlocks();
        byte[] orders = Lab.data(100 + day, DAY_BYTES);
        ec2.writeVolume(disk, journal + (long) (day - 1) * DAY_BYTES, orders, 0, orders.length);
        lab.clock().advance(Duration.ofHours(24)); // the nightly backup
        ImageId backup = ec2.createImage(CreateImageRequest.builder().instanceId(production.instanceId())
            .name("shop-backup-" + lab.clock().instant().toString().substring(0, 10)).noReboot(true).build());
        lab.waiters(ec2).waitUntilImageAvailable(backup);
        addedBlocks.add(lab.storedBlocks() - before);
      }
      byte[] lastBackup = Lab.read(ec2, disk, 0, (int) journal + NIGHTS * DAY_BYTES);
      out.printf("Backed %s up as an image each night for %d nights; the backups stored %s new blocks of 512 KiB:%n"
          + "only each day's %s of new orders, not the %d GiB disk (snapshots are incremental).%n",
          production.instanceId(), NIGHTS, addedBlocks, Examples.size(DAY_BYTES), 8);

      byte[] garbage = Lab.data(666, (int) journal + NIGHTS * DAY_BYTES); // a bad script overwrites the disk
      ec2.writeVolume(disk, 0, garbage, 0, garbage.length);
      boolean corrupted = !Arrays.equals(Lab.read(ec2, disk, 0, lastBackup.length), lastBackup);
      out.printf("The disk of %s is now corrupt (%s overwritten).%n", production.instanceId(), Examples.size(garbage.length));

      List<Image> backups = new ArrayList<>(ec2.describeImages(DescribeImagesRequest.builder().addOwners("self")
          .addFilters(Filter.of("name", "shop-backup-*")).build()).images());
      backups.sort(Comparator.comparing((Image i) -> i.creationDate().orElseThrow()).reversed());
      Image newest = backups.get(0);
      Instance restored = lab.launch(ec2, newest.imageId(), "m5.large");
      boolean matches = Examples.sameContent(ec2, Examples.rootVolume(restored), lastBackup);
      out.printf("Launched %s from the newest backup %s (%s): its disk %s the last backup byte for byte.%n",
          restored.instanceId(), newest.imageId(), newest.name().orElseThrow(), matches ? "matches" : "DOES NOT match");

      List<Long> lost = new ArrayList<>();
      for (Image older : backups) {
        Instance trial = lab.launch(ec2, older.imageId(), "m5.large");
        byte[] had = Lab.read(ec2, Examples.rootVolume(trial), 0, lastBackup.length);
        long missing = 0;
        for (int day = 1; day <= NIGHTS; day++) {
          int from = (int) journal + (day - 1) * DAY_BYTES;
          if (!Arrays.equals(had, from, from + DAY_BYTES, lastBackup, from, from + DAY_BYTES)) {
            missing += DAY_BYTES;
          }
        }
        lost.add(missing);
        out.printf("  a restore from %s would lose %d day(s) of orders (%s)%n",
            older.name().orElseThrow(), missing / DAY_BYTES, Examples.size(missing));
        ec2.terminateInstances(List.of(trial.instanceId()));
      }
      return new Result(backups.size(), addedBlocks, matches, corrupted, lost);
    }
  }
}
