package org.amisdk.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.amisdk.cloud.Inventory;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.ImageId;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;

/**
 * The monthly storage cost of a local cloud, computed from what is really stored.
 *
 * <p>Charging rules, as EBS bills: a standard-tier snapshot is charged for the non-zero 512 KiB
 * blocks it added (uncompressed), so a block held by several snapshots of one account in one
 * region is charged once, to the oldest; an archived snapshot is charged for all its blocks at the
 * archive rate; a volume for its provisioned size at its type's rate; an instance-store image for
 * its bundle's parts at the S3 rate; a running or pending instance for a whole month (720 hours)
 * of the hourly fee of each product code of its image that the table prices (codes it does not
 * price are not charged). A snapshot seeded as metadata only has no stored blocks and
 * costs nothing here. GB means GiB (2^30 bytes); amounts are exact (no rounding) until rendered.
 * Provisioned IOPS and throughput are not charged: the cloud keeps no such figures for volumes.
 *
 * <p>Immutable; the what-if methods compute on the report's picture and change nothing.
 */
public interface CostReport {

  /** The report of everything {@code cloud} holds now. */
  static CostReport of(LocalCloud cloud, PriceTable prices) {
    return of(Inventory.of(cloud), prices);
  }

  /**
   * The report of a picture of a cloud.
   *
   * @throws IllegalArgumentException when a region of the picture has no prices in the table
   */
  static CostReport of(Inventory inventory, PriceTable prices) {
    return Costing.of(inventory, prices);
  }

  /** The currency of every amount. */
  String currency();

  /** When the picture was taken, on the cloud's clock. */
  Instant at();

  /** Every charged resource, by region, account, kind and id. */
  List<CostLine> lines();

  /** The monthly total: the sum of {@link #lines()}. */
  BigDecimal total();

  /** The bytes charged, summed over the lines. */
  long billableBytes();

  /** The bytes the charged blocks and bundles really occupy in the local stores (compressed). */
  long storedBytes();

  /** Monthly cost per account id. */
  Map<String, BigDecimal> byAccount();

  /** Monthly cost per region code. */
  Map<String, BigDecimal> byRegion();

  /** Monthly cost per image ({@code -} for none, ids joined by {@code +} for resources several images share). */
  Map<String, BigDecimal> byImage();

  /** Monthly cost per tier ({@code standard}, {@code archive}, a volume type, {@code s3}). */
  Map<String, BigDecimal> byTier();

  /**
   * What {@code image} costs: what deleting it and its snapshots would save, and what it shares.
   *
   * @throws IllegalArgumentException when the picture has no such image
   */
  ImageCost image(ImageId image);

  /**
   * Archiving these snapshots: the monthly change, and as terms the minimum-period charge and the
   * cost of restoring them.
   *
   * @throws IllegalArgumentException when a snapshot is unknown, already archived, or used by an image (EC2 refuses)
   */
  WhatIf ifArchived(Collection<SnapshotId> snapshots);

  /**
   * Deleting these snapshots: the monthly change, and once the early-deletion charge of any
   * archived less than the minimum period.
   *
   * @throws IllegalArgumentException when a snapshot is unknown or used by an image (EC2 refuses)
   */
  WhatIf ifDeleted(Collection<SnapshotId> snapshots);

  /**
   * Deregistering these images and deleting their snapshots and bundles (snapshots that other
   * images still use are kept).
   *
   * @throws IllegalArgumentException when an image is unknown
   */
  WhatIf ifDeregistered(Collection<ImageId> images);

  /**
   * Copying {@code image} to {@code target} in its owner's account: the monthly change there, and
   * once the transfer of all its blocks (a first copy to a region is full).
   *
   * @throws IllegalArgumentException when the image is unknown, or the target is its region or unpriced
   */
  WhatIf ifCopied(ImageId image, Region target);

  /** The lines, then the totals by account, region, image and tier, as a table. */
  Table table();

  /** {@link #table()} as plain text, with the totals and currency, amounts as {@link Amounts#text}. */
  String toTable();

  /** The whole report as JSON: currency, time, totals, breakdowns and lines, amounts exact. */
  String toJson();

  /** The lines as CSV, amounts exact. */
  String toCsv();
}
