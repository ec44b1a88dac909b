package org.amisdk.pricing;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.amisdk.model.Region;
import org.amisdk.model.VolumeType;

/**
 * The prices of one region. {@code assumedFrom} names the region whose figures these are when the
 * table gives none of its own for this one.
 */
public record RegionPrices(
    Region region,
    Optional<Region> assumedFrom,
    Rate snapshotStandardGbMonth,
    Rate snapshotArchiveGbMonth,
    Rate archiveRetrievalGb,
    int archiveMinimumDays,
    Rate bundleS3GbMonth,
    Rate crossRegionTransferGb,
    Map<VolumeType, Rate> volumeGbMonth,
    Map<VolumeType, Rate> volumeIopsMonth,
    Map<String, Rate> marketplaceHourly) {

  /** Copies the maps. */
  public RegionPrices {
    volumeGbMonth = Map.copyOf(volumeGbMonth);
    volumeIopsMonth = Map.copyOf(volumeIopsMonth);
    marketplaceHourly = Map.copyOf(marketplaceHourly);
    if (archiveMinimumDays < 0) {
      throw new IllegalArgumentException("archive minimum of " + region + " is negative: " + archiveMinimumDays);
    }
  }

  /**
   * The storage price of a volume type per GB-month.
   *
   * @throws IllegalArgumentException when the table does not price that type in this region
   */
  public BigDecimal volume(VolumeType type) {
    Rate rate = volumeGbMonth.get(type);
    if (rate == null) {
      throw new IllegalArgumentException("volume type " + type.wireValue() + " has no price in region " + region);
    }
    return rate.amount();
  }

  /** The same prices under another region's name, marked as assumed from this one. */
  RegionPrices assumedFor(Region other) {
    return new RegionPrices(other, Optional.of(region), snapshotStandardGbMonth, snapshotArchiveGbMonth,
        archiveRetrievalGb, archiveMinimumDays, bundleS3GbMonth, crossRegionTransferGb, volumeGbMonth, volumeIopsMonth,
        marketplaceHourly);
  }
}
