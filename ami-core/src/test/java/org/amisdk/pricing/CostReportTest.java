package org.amisdk.pricing;

import static org.amisdk.pricing.Worlds.ALICE;
import static org.amisdk.pricing.Worlds.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.amisdk.cloud.CopyImageRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.model.ImageId;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.Volume;
import org.junit.jupiter.api.Test;

class CostReportTest {
  private final ManualClock clock = Worlds.clock();
  private final LocalCloud cloud = Worlds.cloud(clock, 1);
  private final Ec2 alice = cloud.client(ALICE, Region.US_EAST_1);
  private final PriceTable prices = Worlds.easyPrices();

  private static BigDecimal amount(String text) {
    return new BigDecimal(text);
  }

  private static void assertAmount(String expected, BigDecimal actual) {
    assertEquals(0, amount(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual.toPlainString());
  }

  private CostLine line(CostReport report, String resource) {
    return report.lines().stream().filter(l -> l.resource().equals(resource)).findFirst().orElseThrow();
  }

  @Test
  void incrementalSnapshot_chargedOnlyForBlocksItAdded_sharedBlocksOnce() {
    Volume volume = Worlds.volume(alice);
    Worlds.write(alice, volume, 0, 1);
    Worlds.write(alice, volume, 1, 2);
    Worlds.write(alice, volume, 2, 3);
    Snapshot first = Worlds.snapshot(alice, volume);           // blocks 1, 2, 3: all new
    clock.advance(Duration.ofMinutes(1));                      // the oldest holder of a block is charged for it
    Worlds.write(alice, volume, 1, 4);
    Snapshot second = Worlds.snapshot(alice, volume);          // blocks 1, 4, 3: only 4 is new
    alice.deleteVolume(volume.volumeId());
    clock.advance(Duration.ofMinutes(1));
    Snapshot same = Worlds.snapshotOf(alice, 3, 1);            // blocks 3, 1: nothing new in alice's chain
    Snapshot bobs = Worlds.snapshotOf(cloud.client(BOB, Region.US_EAST_1), 1); // bob's own chain: 1 new block

    CostReport report = CostReport.of(cloud, prices);

    // one block is 1/2048 GiB at 2048 per GB-month: 1.00 a block
    assertAmount("3", line(report, first.snapshotId().toString()).monthly());
    assertAmount("1", line(report, second.snapshotId().toString()).monthly());
    assertAmount("0", line(report, same.snapshotId().toString()).monthly());
    assertAmount("1", line(report, bobs.snapshotId().toString()).monthly());
    assertAmount("5", report.total());
    assertEquals(5L * 524_288, report.billableBytes());
    assertTrue(report.storedBytes() > 0 && report.storedBytes() < report.billableBytes(),
        "stored (compressed) bytes " + report.storedBytes() + " are below the billable " + report.billableBytes());
    assertAmount("4", report.byAccount().get(ALICE.toString()));
    assertEquals("EUR", report.currency());
  }

  @Test
  void imageCost_isWhatDeletingSaves_withSharedBlocksApart() {
    Volume volume = Worlds.volume(alice);
    Worlds.write(alice, volume, 0, 1);
    Worlds.write(alice, volume, 1, 2);
    Snapshot base = Worlds.snapshot(alice, volume);            // 1, 2
    Worlds.write(alice, volume, 2, 3);
    Snapshot next = Worlds.snapshot(alice, volume);            // 1, 2, 3
    ImageId older = Worlds.image(alice, "web-1", base.snapshotId());
    ImageId newer = Worlds.image(alice, "web-2", next.snapshotId());

    CostReport report = CostReport.of(cloud, prices);
    ImageCost cost = report.image(newer);

    assertAmount("1", cost.monthlySaving());                   // only block 3 is its own
    assertAmount("2", cost.sharedMonthly());                   // blocks 1 and 2 stay for web-1
    assertEquals(524_288, cost.exclusiveBytes());
    assertAmount("0", report.image(older).monthlySaving());    // all its blocks are in web-2 too
    assertAmount("-1", report.ifDeregistered(List.of(newer)).monthlyChange());
    assertAmount("-3", report.ifDeregistered(List.of(older, newer)).monthlyChange());
  }

  @Test
  void archive_billsFullSize_andEarlyDeletionPaysTheRestOfTheMinimum() {
    Snapshot snapshot = Worlds.snapshotOf(alice, 1, 2, 3, 4);
    CostReport standard = CostReport.of(cloud, prices);
    WhatIf archiving = standard.ifArchived(List.of(snapshot.snapshotId()));
    assertAmount("-3", archiving.monthlyChange());             // 4.00 standard, then 4 × 0.25 archived
    assertAmount("0", archiving.oneTime());
    assertTrue(archiving.terms().get(0).contains("90 days: at least 3.00 EUR"), archiving.terms().get(0)); // 1.00 × 3 months
    assertTrue(archiving.terms().get(1).contains("2.00 EUR"), archiving.terms().get(1));                  // 4 × 0.50

    alice.modifySnapshotTier(snapshot.snapshotId());
    clock.advance(Duration.ofDays(30));
    CostReport archived = CostReport.of(cloud, prices);
    assertEquals("archive", line(archived, snapshot.snapshotId().toString()).tier());
    assertAmount("1", archived.total());

    WhatIf deleting = archived.ifDeleted(List.of(snapshot.snapshotId()));
    assertAmount("-1", deleting.monthlyChange());
    assertAmount("2", deleting.oneTime());                     // 60 days left = 2 months × 1.00

    clock.advance(Duration.ofDays(61));
    assertAmount("0", CostReport.of(cloud, prices).ifDeleted(List.of(snapshot.snapshotId())).oneTime());
  }

  @Test
  void crossRegionCopy_paysTransferOnce_andAFullChainThere() {
    Snapshot root = Worlds.snapshotOf(alice, 1, 2, 3);
    ImageId image = Worlds.image(alice, "web-1", root.snapshotId());
    CostReport before = CostReport.of(cloud, prices);

    WhatIf copy = before.ifCopied(image, Region.US_WEST_2);
    assertAmount("3", copy.oneTime());                         // 3 blocks × 1.00 per block moved
    assertAmount("3", copy.monthlyChange());                   // the copy is full in its new region

    cloud.client(ALICE, Region.US_WEST_2).copyImage(CopyImageRequest.builder()
        .sourceImageId(image).sourceRegion(Region.US_EAST_1).name("web-1-west").build());
    CostReport after = CostReport.of(cloud, prices);
    assertAmount("6", after.total());
    assertAmount("3", after.byRegion().get("us-west-2"));
  }

  @Test
  void marketplaceFee_chargedForAMonthOfEachRunningInstance() throws Exception {
    List<org.amisdk.model.Image> sample;
    try (var in = getClass().getResourceAsStream("/samples/describe-images_marketplace-centos7-productcodes-deprecation_ykdevs.json")) {
      sample = org.amisdk.json.AwsJson.readImages(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    cloud.seed(Region.US_EAST_1, sample);
    PriceTable withFee = PriceTable.parse(Worlds.EASY_PRICES.replace("\"VolumeGbMonth\": {", """
        "MarketplaceHourly": {"cvugziknvmxgqna9noibqnnsy": {"Amount": "0.5", "Unit": "hour", "Source": "test", "Date": "2026-01-01",
          "Verified": true}}, "VolumeGbMonth": {"""));
    var instance = alice.runInstances(org.amisdk.cloud.RunInstancesRequest.builder()
        .imageId(sample.get(0).imageId()).instanceType("t3.micro").build()).get(0);

    CostLine fee = line(CostReport.of(cloud, withFee), instance.instanceId() + "/cvugziknvmxgqna9noibqnnsy");
    assertAmount("360", fee.monthly());                        // 0.50 an hour × 720 hours
    assertEquals(sample.get(0).imageId().toString(), fee.image());
    assertTrue(CostReport.of(cloud, prices).lines().stream().noneMatch(l -> l.kind().equals("marketplace")), "unpriced codes cost nothing");

    alice.terminateInstances(List.of(instance.instanceId()));
    assertTrue(CostReport.of(cloud, withFee).lines().stream().noneMatch(l -> l.kind().equals("marketplace")), "terminated: no fee");
  }

  @Test
  void unpricedRegion_isAClearError() {
    Worlds.snapshotOf(cloud.client(ALICE, Region.of("ap-south-1")), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CostReport.of(cloud, prices));
    assertTrue(e.getMessage().startsWith("region ap-south-1 has no prices in table easy"), e.getMessage());
  }

  @Test
  void volumes_chargedForProvisionedSize() {
    Worlds.volume(alice);
    CostReport report = CostReport.of(cloud, prices);
    assertAmount("3", report.total());                          // 1 GiB gp2 at 3 per GB-month
    assertEquals("gp2", report.lines().get(0).tier());
  }

  @Test
  void renderings_carryTheSameFigures() throws Exception {
    Worlds.snapshotOf(alice, 1, 2, 3);
    CostReport report = CostReport.of(cloud, prices);
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertEquals("3", json.get("total").asText());
    assertEquals("EUR", json.get("currency").asText());
    assertEquals("3", json.get("by").get("tier").get("standard").asText());
    String[] csv = report.toCsv().split("\r\n");
    assertEquals(2, csv.length);
    assertTrue(csv[1].endsWith(",standard,1572864," + line(report, report.lines().get(0).resource()).storedBytes() + ",3"), csv[1]);
    assertTrue(report.toTable().contains("total 3.00 EUR per month"), report.toTable());
  }

  @Test
  void whatIfs_refuseWhatEc2Refuses() {
    Snapshot root = Worlds.snapshotOf(alice, 1);
    Worlds.image(alice, "web-1", root.snapshotId());
    CostReport report = CostReport.of(cloud, prices);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> report.ifArchived(List.of(root.snapshotId())));
    assertTrue(e.getMessage().contains("is used by image"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> report.ifDeleted(List.of(root.snapshotId())));
  }
}
