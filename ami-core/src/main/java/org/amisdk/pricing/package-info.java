/**
 * Prices and cost: a {@link org.amisdk.pricing.PriceTable} (the shipped AWS list rates, or your
 * own) and a {@link org.amisdk.pricing.CostReport} of what a local cloud's stored bytes cost per
 * month, with what-if questions. Start with {@code CostReport.of(cloud, PriceTable.standard())}.
 *
 * <p>Money is {@link java.math.BigDecimal} in the table's currency; a GB is a GiB (2^30 bytes),
 * as AWS's snapshot billing examples treat it; a month is 720 hours where time is pro-rated.
 */
package org.amisdk.pricing;
