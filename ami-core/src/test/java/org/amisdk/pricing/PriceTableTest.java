package org.amisdk.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.amisdk.model.Region;
import org.amisdk.model.VolumeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

  @Test
  void standardTable_hasSection7RatesForUsEast1_eachWithSourceAndDate() {
    RegionPrices us = PriceTable.standard().in(Region.US_EAST_1);
    assertEquals(new BigDecimal("0.05"), us.snapshotStandardGbMonth().amount());
    assertEquals(new BigDecimal("0.0125"), us.snapshotArchiveGbMonth().amount());
    assertEquals(new BigDecimal("0.03"), us.archiveRetrievalGb().amount());
    assertEquals(90, us.archiveMinimumDays());
    assertTrue(us.snapshotStandardGbMonth().verified());
    assertEquals("2023-05-31", us.snapshotStandardGbMonth().date());
    assertEquals(Optional.empty(), us.assumedFrom());
    for (VolumeType type : VolumeType.values()) {
      assertTrue(us.volume(type).signum() > 0, type.wireValue());
    }
    assertFalse(us.crossRegionTransferGb().verified(), "the transfer rate could not be confirmed and says so");
    assertEquals("USD", PriceTable.standard().currency());
  }

  @Test
  void otherRegions_areMarkedAssumedEqual_andUnlistedOnesRefused() {
    PriceTable table = PriceTable.standard();
    assertEquals(Optional.of(Region.US_EAST_1), table.in(Region.US_WEST_2).assumedFrom());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.in(Region.of("af-south-1")));
    assertTrue(e.getMessage().startsWith("region af-south-1 has no prices in table"), e.getMessage());
  }

  @Test
  void ownTable_withAnotherCurrency_loadsFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, Worlds.EASY_PRICES);
    PriceTable table = PriceTable.load(file);
    assertEquals("EUR", table.currency());
    assertEquals(new BigDecimal("512"), table.in(Region.US_EAST_1).snapshotArchiveGbMonth().amount());
  }

  @Test
  void invalidTables_areRefusedWithTheFieldAndRule() {
    String base = Worlds.EASY_PRICES;
    List<String[]> cases = List.of(
        new String[] {"not json", "price table is not JSON"},
        new String[] {base.replace("\"EUR\"", "\"EURO\""), "price table currency EURO is not an ISO 4217 code"},
        new String[] {base.replace("\"Amount\": \"512\"", "\"Amount\": \"-512\""), "region us-east-1 SnapshotArchiveGbMonth is invalid: rate -512"},
        new String[] {base.replace("\"Amount\": \"512\"", "\"Amount\": \"lots\""), "region us-east-1 SnapshotArchiveGbMonth Amount lots is not a decimal"},
        new String[] {base.replaceFirst("\"Source\": \"test\"", "\"Source\": \"\""), "must have a non-empty text Source"},
        new String[] {base.replace("\"gp2\"", "\"gp9\""), "names volume type gp9, which EBS does not have"},
        new String[] {base.replace("\"Notes\"", "\"Notes\"").replace("\"Name\"", "\"Nmae\""), "price table has unknown field Nmae"},
        new String[] {base.replace("\"Amount\": \"90\"", "\"Amount\": \"90.5\""), "ArchiveMinimumDays 90.5 is not a whole number"},
        new String[] {base.replace("\"us-west-2\": \"us-east-1\"", "\"us-west-2\": \"eu-west-1\""), "region us-west-2 is assumed equal to eu-west-1"});
    for (String[] c : cases) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PriceTable.parse(c[0]), c[1]);
      assertTrue(e.getMessage().contains(c[1]), () -> "expected '" + c[1] + "' in: " + e.getMessage());
    }
  }
}
