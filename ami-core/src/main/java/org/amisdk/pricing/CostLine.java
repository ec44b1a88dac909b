package org.amisdk.pricing;

import java.math.BigDecimal;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;

/**
 * One charged resource of a {@link CostReport}.
 *
 * @param kind {@code snapshot}, {@code recycle-bin} (a deleted snapshot the Recycle Bin keeps, charged
 *     at the snapshot rates as EC2 charges it), {@code volume}, {@code bundle} or {@code marketplace}
 * @param resource the resource's id (a bundle is named by its image, a product fee by instance/code)
 * @param image the image the resource serves, {@code -} for none, ids joined by {@code +} when several share it
 * @param tier {@code standard} or {@code archive} for a snapshot, the volume type, {@code s3} or {@code marketplace}
 * @param billableBytes the bytes charged: for a standard snapshot, the non-zero 512 KiB blocks it
 *     added to its account's chain in its region; for an archived one all its blocks; a volume's
 *     provisioned size; a bundle's parts
 * @param storedBytes the bytes those blocks really occupy in the local store (compressed)
 * @param monthly the monthly charge, exact
 */
public record CostLine(
    String kind, String resource, AccountId account, Region region, String image, String tier,
    long billableBytes, long storedBytes, BigDecimal monthly) {}
