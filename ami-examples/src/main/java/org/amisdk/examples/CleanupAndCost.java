package org.amisdk.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.amisdk.audit.Audit;
import org.amisdk.audit.AuditRules;
import org.amisdk.audit.Finding;
import org.amisdk.audit.FindingKind;
import org.amisdk.cloud.CreateImageRequest;
import org.amisdk.cloud.DeregisterImageRequest;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.DescribeSnapshotsRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.pricing.CostReport;
import org.amisdk.pricing.PriceTable;
import org.amisdk.pricing.WhatIf;
/**
 * Scenario 7, cleanup and cost: five versions of an image pile up; deregister the three oldest,
 * find the snapshots they left behind (deregistering keeps them, and they still cost money),
 * delete them, and compare the monthly cost before and after. A snapshot an image still uses
 * cannot be deleted.
 */
public final class CleanupAndCost {
  private static final int VERSIONS = 5;
  private static final int KEEP = 2;
  private static final int APP_BYTES = 32 << 20;

  /** What the example saw: monthly cost before and after, the orphans found (by describe and by the audit), the refusal. */
  public record Result(BigDecimal monthlyBefore, BigDecimal predictedChange, BigDecimal monthlyAfter, int orphansFound, int orphansAudited,
      int orphansDeleted, String inUseRefusal) {}

  private CleanupAndCost() {}

  /** Runs the example in {@code args[0]} (default: a new temporary directory). */
  public static void main(String[] args) throws IOException {
    run(Examples.directory(args, "cleanup-and-cost"), System.out);
  }

  /** Runs the example in a cloud kept in {@code directory}, telling {@code out} what happens. */
  public static Result run(Path directory, PrintStream out) throws IOException {
    try (Lab lab = Lab.open(directory)) {
      Ec2 ec2 = lab.client(Lab.ME, Region.US_EAST_1);
      ImageId base = lab.registerImage(ec2, "report-service-base", 8, Lab.data(90, 8 << 20));
      Instance builder = lab.launch(ec2, base, "t3.micro");
      List<ImageId> versions = new ArrayList<>();
      for (int v = 1; v <= VERSIONS; v++) { // each release rewrites the application's 32 MiB
        byte[] app = Lab.data(900 + v, APP_BYTES);
        ec2.writeVolume(Examples.rootVolume(builder), 16L << 20, app, 0, app.length);
        ImageId version = ec2.createImage(CreateImageRequest.builder().instanceId(builder.instanceId()).name("report-service-v" + v).build());
        lab.waiters(ec2).waitUntilImageAvailable(version);
        versions.add(version);
      }
      ec2.terminateInstances(List.of(builder.instanceId()));
      BigDecimal before = monthly(lab);
      WhatIf plan = CostReport.of(lab.cloud(), PriceTable.standard()).ifDeregistered(versions.subList(0, VERSIONS - KEEP));
      out.printf("%d versions of report-service exist; snapshot storage costs %s a month. The cost report predicts that"
          + " retiring the %d oldest with their snapshots changes that by %s a month.%n",
          versions.size(), money(before), VERSIONS - KEEP, money(plan.monthlyChange()));

      for (ImageId old : versions.subList(0, VERSIONS - KEEP)) {
        ec2.deregisterImage(DeregisterImageRequest.builder().imageId(old).build());
      }
      BigDecimal deregistered = monthly(lab);
      out.printf("Deregistered the %d oldest versions: the cost is still %s a month, because deregistering keeps the snapshots.%n",
          VERSIONS - KEEP, money(deregistered));

      Set<SnapshotId> used = new HashSet<>();
      ec2.describeImages(DescribeImagesRequest.builder().addOwners("self").build()).images().forEach(image ->
          image.blockDeviceMappings().stream().filter(BlockDeviceMapping.Ebs.class::isInstance)
              .forEach(m -> ((BlockDeviceMapping.Ebs) m).ebs().snapshotId().ifPresent(used::add)));
      List<Snapshot> orphans = ec2.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots().stream()
          .filter(s -> !used.contains(s.snapshotId())) // no image uses it
          .filter(s -> s.description().orElse("").startsWith("Created by CreateImage")).toList(); // and an image made it
      List<Finding> audited = Audit.of(lab.cloud(), AuditRules.defaults()).findings(FindingKind.SNAPSHOT_OF_DEREGISTERED_IMAGE);
      out.printf("Orphaned snapshots (no registered image uses them): %d found with DescribeSnapshots, %d flagged by the audit "
          + "(monthly saving it expects: %s).%n", orphans.size(), audited.size(),
          money(audited.stream().map(Finding::monthlySaving).reduce(BigDecimal.ZERO, BigDecimal::add)));
      printReports("Before the cleanup", lab, out);

      String refusal;
      try {
        ec2.deleteSnapshot(used.iterator().next());
        refusal = "accepted";
      } catch (Ec2Exception e) {
        refusal = e.errorCode();
        out.printf("Deleting a snapshot a registered image uses is refused: %s: %s%n", e.errorCode(), e.getMessage());
      }
      for (Snapshot orphan : orphans) {
        ec2.deleteSnapshot(orphan.snapshotId());
      }
      BigDecimal after = monthly(lab);
      out.printf("Deleted the %d orphans: %s a month before, %s after (saving %s; each old version's rewritten 32 MiB was theirs alone, "
          + "the blocks later versions share are kept).%n", orphans.size(), money(before), money(after), money(before.subtract(after)));
      printReports("After the cleanup", lab, out);
      return new Result(before, plan.monthlyChange(), after, orphans.size(), audited.size(), orphans.size(), refusal);
    }
  }

  /** Prints the cost report and the audit of the whole cloud, as a user would print them. */
  private static void printReports(String when, Lab lab, PrintStream out) {
    out.printf("%s, the cost report:%n%s", when, indent(CostReport.of(lab.cloud(), PriceTable.standard()).toTable()));
    out.printf("%s, the audit:%n%s", when, indent(Audit.of(lab.cloud(), AuditRules.defaults()).toTable()));
  }

  private static String indent(String table) {
    return table.lines().map(line -> "    " + line + System.lineSeparator()).reduce("", String::concat);
  }

  private static BigDecimal monthly(Lab lab) {
    return CostReport.of(lab.cloud(), PriceTable.standard()).total();
  }

  private static String money(BigDecimal amount) {
    return (amount.signum() < 0 ? "-$" : "$") + amount.abs().setScale(4, RoundingMode.HALF_UP).toPlainString();
  }
}
