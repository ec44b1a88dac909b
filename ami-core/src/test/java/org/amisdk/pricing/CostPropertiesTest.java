package org.amisdk.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.amisdk.cloud.DeregisterImageRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.model.AccountId;
import org.amisdk.model.ImageId;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Volume;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;

class CostPropertiesTest {
  private static final List<AccountId> ACCOUNTS = List.of(Worlds.ALICE, Worlds.BOB);
  private static final List<Region> REGIONS = List.of(Region.US_EAST_1, Region.US_WEST_2);
  private final PriceTable prices = Worlds.easyPrices();

  /** A random world: volumes with blocks from a small pool (so snapshots share), incremental snapshots, images, archives. */
  private static final class World {
    final ManualClock clock = Worlds.clock();
    final LocalCloud cloud;
    final Map<SnapshotId, Ec2> owners = new HashMap<>();
    final List<SnapshotId> free = new ArrayList<>();
    final Map<ImageId, Ec2> images = new HashMap<>();

    World(SplittableRandom random) {
      cloud = Worlds.cloud(clock, random.nextLong());
      int volumes = 1 + random.nextInt(4);
      for (int v = 0; v < volumes; v++) {
        Ec2 ec2 = cloud.client(ACCOUNTS.get(random.nextInt(2)), REGIONS.get(random.nextInt(2)));
        Volume volume = Worlds.volume(ec2);
        int snapshots = 1 + random.nextInt(3);
        for (int s = 0; s < snapshots; s++) {
          for (int w = random.nextInt(3); w >= 0; w--) {
            Worlds.write(ec2, volume, random.nextInt(4), random.nextInt(6));
          }
          clock.advance(Duration.ofMinutes(1 + random.nextInt(60)));
          Snapshot snapshot = Worlds.snapshot(ec2, volume);
          owners.put(snapshot.snapshotId(), ec2);
          int fate = random.nextInt(4);
          if (fate == 0) {
            images.put(Worlds.image(ec2, "img-" + snapshot.snapshotId(), snapshot.snapshotId()), ec2);
          } else {
            if (fate == 1) {
              ec2.modifySnapshotTier(snapshot.snapshotId());
            }
            free.add(snapshot.snapshotId());
          }
        }
        if (random.nextBoolean()) {
          ec2.deleteVolume(volume.volumeId());
        }
      }
      clock.advance(Duration.ofDays(random.nextInt(120)));
    }
  }

  private static void assertSameAmount(BigDecimal expected, BigDecimal actual, String what) {
    assertEquals(0, expected.compareTo(actual), () -> what + ": expected " + expected.toPlainString() + " but was " + actual.toPlainString());
  }

  private static BigDecimal sum(Map<String, BigDecimal> breakdown) {
    return breakdown.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void everyBreakdownSumsToTheTotal() {
    Property.check("cost breakdowns sum to the total", 30, random -> {
      try (LocalCloud cloud = new World(random).cloud) {
        CostReport report = CostReport.of(cloud, prices);
        assertSameAmount(report.total(), report.lines().stream().map(CostLine::monthly).reduce(BigDecimal.ZERO, BigDecimal::add), "lines");
        for (Function<CostReport, Map<String, BigDecimal>> by : List.<Function<CostReport, Map<String, BigDecimal>>>of(
            CostReport::byAccount, CostReport::byRegion, CostReport::byImage, CostReport::byTier)) {
          assertSameAmount(report.total(), sum(by.apply(report)), "a breakdown");
        }
      }
    });
  }

  @Test
  void deletingSnapshots_savesWhatTheReportSays_andChangesNoOtherChain() {
    Property.check("deleting snapshots saves what the report says", 30, random -> {
      World world = new World(random);
      try (LocalCloud cloud = world.cloud) {
        List<SnapshotId> deleted = world.free.stream().filter(s -> random.nextBoolean()).toList();
        CostReport before = CostReport.of(cloud, prices);
        WhatIf predicted = before.ifDeleted(deleted);
        Set<String> touchedChains = new HashSet<>();
        for (SnapshotId id : deleted) {
          Ec2 owner = world.owners.get(id);
          touchedChains.add(owner.region() + "/" + owner.account());
          owner.deleteSnapshot(id);
        }
        CostReport after = CostReport.of(cloud, prices);
        assertSameAmount(before.total().add(predicted.monthlyChange()), after.total(), "total after deleting " + deleted);
        Map<String, BigDecimal> afterLines = new HashMap<>();
        after.lines().forEach(l -> afterLines.put(l.resource(), l.monthly()));
        for (CostLine line : before.lines()) {
          boolean untouched = !touchedChains.contains(line.region() + "/" + line.account()) || !line.kind().equals("snapshot");
          if (untouched) {
            assertSameAmount(line.monthly(), afterLines.get(line.resource()), "cost of " + line.resource());
          }
        }
      }
    });
  }

  @Test
  void archivingSnapshots_changesTheTotalAsTheReportSays() {
    Property.check("archiving snapshots changes the total as the report says", 30, random -> {
      World world = new World(random);
      try (LocalCloud cloud = world.cloud) {
        CostReport before = CostReport.of(cloud, prices);
        Set<String> archived = new HashSet<>();
        before.lines().stream().filter(l -> l.tier().equals("archive")).forEach(l -> archived.add(l.resource()));
        List<SnapshotId> chosen = world.free.stream().filter(s -> !archived.contains(s.toString()) && random.nextBoolean()).toList();
        WhatIf predicted = before.ifArchived(chosen);
        chosen.forEach(s -> world.owners.get(s).modifySnapshotTier(s));
        assertSameAmount(before.total().add(predicted.monthlyChange()), CostReport.of(cloud, prices).total(), "total after archiving " + chosen);
      }
    });
  }

  @Test
  void deregisteringAnImage_savesItsReportedCost() {
    Property.check("deregistering an image saves its reported cost", 30, random -> {
      World world = new World(random);
      try (LocalCloud cloud = world.cloud) {
        if (world.images.isEmpty()) {
          return;
        }
        List<ImageId> ids = new ArrayList<>(world.images.keySet());
        ids.sort(java.util.Comparator.comparing(ImageId::toString));
        ImageId image = ids.get(random.nextInt(ids.size()));
        CostReport before = CostReport.of(cloud, prices);
        ImageCost cost = before.image(image);
        world.images.get(image).deregisterImage(
            DeregisterImageRequest.builder().imageId(image).deleteAssociatedSnapshots(true).build());
        assertSameAmount(before.total().subtract(cost.monthlySaving()), CostReport.of(cloud, prices).total(), "total after deregistering " + image);
      }
    });
  }
}
