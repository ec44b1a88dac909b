package org.amisdk.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The tour the README's main command runs: the eight scenarios in order, each on its own durable
 * local cloud in a subdirectory of a fresh store directory, then a summary table.
 *
 * <p>Takes one argument, the store directory (the build puts it under {@code ami-examples/target}).
 * A directory left by an earlier tour (it holds the file {@value #MARKER}) is emptied first; any
 * other non-empty directory is refused, so the tour never deletes what it did not make.
 */
public final class Tour {
  /** The file that marks a directory as the tour's own. */
  public static final String MARKER = ".amisdk-tour";

  /** One row of the summary: the scenario, the EC2 rule it shows, what was seen, wall time. */
  public record Row(String scenario, String rule, String seen, long millis) {}

  private Tour() {}

  /** Runs the tour in the store directory {@code args[0]}. */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 1) {
      System.err.println("usage: Tour <store-directory>");
      System.exit(2);
    }
    run(Path.of(args[0]), System.out);
  }

  /** Runs every scenario in a fresh {@code store}, telling {@code out}; returns the summary rows. */
  public static List<Row> run(Path store, PrintStream out) throws IOException, InterruptedException {
    fresh(store);
    out.printf("amisdk tour: eight AMI scenarios on a local EC2 with real bytes, kept in %s%n", store.toAbsolutePath());
    out.println("(time in the clouds is simulated: a 20-second boot or a night between backups passes at once)");
    List<Row> rows = new ArrayList<>();

    long t = start(out, "1. Consistent scaling", "An image captures a configured root volume; every instance launched from it"
        + " gets a volume restored lazily from the image's snapshot: identical bytes, and no block copied.");
    ConsistentScaling.Result scaling = ConsistentScaling.run(store.resolve("1-consistent-scaling"), out);
    rows.add(row("consistent scaling", "launches restore lazily", t, "%d/%d roots identical, %d blocks copied",
        scaling.identicalRoots(), scaling.launched(), scaling.blocksAfterLaunch() - scaling.blocksBeforeLaunch()));

    t = start(out, "2. Disaster recovery", "CreateImage snapshots every attached EBS volume; snapshots are incremental,"
        + " and any one of them restores the whole volume as it was at that moment.");
    DisasterRecovery.Result dr = DisasterRecovery.run(store.resolve("2-disaster-recovery"), out);
    rows.add(row("disaster recovery", "each snapshot restores whole", t, "restore %s, older ones lose %s",
        dr.restoredMatchesLastBackup() ? "exact" : "WRONG", dr.lostBytesByAge().stream().map(Examples::size).toList()));

    t = start(out, "3. Custom dev environment", "An image shared with an account (a launch permission) can be found"
        + " and launched by it; an EBS-backed instance is usable as soon as it runs.");
    DevEnvironment.Result dev = DevEnvironment.run(store.resolve("3-dev-environment"), out);
    rows.add(row("dev environment", "launch permissions", t, "%d tools ready after %d s; outsider: %s",
        dev.toolsFound(), dev.readyAfter().toSeconds(), dev.outsiderRefusal()));

    t = start(out, "4. Updating an image", "A new image made from an updated instance is a new snapshot that stores"
        + " only the blocks changed since the snapshot it was restored from.");
    UpdatingImage.Result update = UpdatingImage.run(store.resolve("4-updating-image"), out);
    rows.add(row("updating an image", "incremental snapshots", t, "v2 added %d of %d blocks; %d rolled",
        update.blocksAddedByV2(), update.blocksInV1(), update.rolled()));

    t = start(out, "5. Sharing and copying", "Launch permissions name accounts or everyone; encrypted snapshots and block"
        + " public access forbid public images; CopyImage makes new, unshared ids in the target region.");
    SharingAndCopying.Result sharing = SharingAndCopying.run(store.resolve("5-sharing-and-copying"), out);
    rows.add(row("sharing and copying", "public sharing rules, CopyImage", t, "public refused: %s; copied to %s; community image %s",
        String.join(", ", sharing.refusals()), sharing.copyRegion(), sharing.communityImageRejected() ? "rejected" : "accepted"));

    t = start(out, "6. EBS-backed vs instance-store-backed", "An EBS-backed root boots fast and can stop; an instance-store"
        + " root is fetched whole before boot, cannot stop, is lost at terminate, and is at most 10 GiB.");
    EbsVersusInstanceStore.Result kinds = EbsVersusInstanceStore.run(store.resolve("6-ebs-vs-instance-store"), out);
    rows.add(row("EBS vs instance store", "root device types", t, "boot %d s vs %d s; stop %s; >10 GiB %s",
        kinds.ebsBoot().toSeconds(), kinds.instanceStoreBoot().toSeconds(), kinds.instanceStoreStop(), kinds.overLimitRefusal()));

    t = start(out, "7. Cleanup and cost", "DeregisterImage keeps the snapshots, and they are still billed; a snapshot in use"
        + " by an image cannot be deleted; deleting one frees only the blocks no other snapshot holds.");
    CleanupAndCost.Result cleanup = CleanupAndCost.run(store.resolve("7-cleanup-and-cost"), out);
    rows.add(row("cleanup and cost", "deregister keeps snapshots", t, "$%s -> $%s a month, %d orphans deleted",
        cleanup.monthlyBefore().setScale(4, java.math.RoundingMode.HALF_UP), cleanup.monthlyAfter().setScale(4, java.math.RoundingMode.HALF_UP),
        cleanup.orphansDeleted()));

    t = start(out, "8. Import a real disk image", "A raw disk image imports as a snapshot (zero blocks are not stored),"
        + " registers as an image, and the root volume of an instance exports byte for byte.");
    ImportDiskImage.Result imported = ImportDiskImage.run(store.resolve("8-import"), Optional.empty(), out);
    rows.add(row("import a disk image", "import/export raw", t, "%s in %d blocks; export %s",
        Examples.size(imported.diskBytes()), imported.blocksStored(), imported.exportIdentical() ? "identical" : "DIFFERS"));

    out.println();
    out.println("Summary");
    String format = "  %-23s %-33s %8s  %s%n";
    out.printf(format, "scenario", "EC2 rule shown", "time", "what was seen");
    for (Row row : rows) {
      out.printf(format, row.scenario(), row.rule(), row.millis() + " ms", row.seen());
    }
    return rows;
  }

  private static long start(PrintStream out, String title, String rule) {
    out.println();
    out.println(title);
    StringBuilder line = new StringBuilder("  The rule:");
    for (String word : rule.split(" ")) { // wrapped at 100 columns
      if (line.length() + 1 + word.length() > 100) {
        out.println(line);
        line = new StringBuilder("           ");
      }
      line.append(' ').append(word);
    }
    out.println(line);
    return System.nanoTime();
  }

  private static Row row(String scenario, String rule, long started, String seen, Object... values) {
    return new Row(scenario, rule, String.format(java.util.Locale.ROOT, seen, values), (System.nanoTime() - started) / 1_000_000);
  }

  /** Makes {@code store} an empty directory marked as the tour's, emptying one an earlier tour left. */
  private static void fresh(Path store) throws IOException {
    if (Files.isDirectory(store)) {
      boolean empty;
      try (Stream<Path> entries = Files.list(store)) {
        empty = entries.findAny().isEmpty();
      }
      if (!empty && !Files.exists(store.resolve(MARKER))) {
        throw new IllegalArgumentException("tour store " + store + " is not empty and not the tour's own (no " + MARKER + "): give a new directory");
      }
      try (Stream<Path> all = Files.walk(store)) {
        for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
          if (!path.equals(store)) {
            Files.delete(path);
          }
        }
      }
    }
    Files.createDirectories(store);
    Files.createFile(store.resolve(MARKER));
  }
}
