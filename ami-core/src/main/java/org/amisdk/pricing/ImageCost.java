package org.amisdk.pricing;

import java.math.BigDecimal;
import org.amisdk.model.ImageId;

/**
 * What one image costs: {@code monthlySaving} is what deregistering it and deleting its snapshots
 * (and bundle) would save each month; {@code sharedMonthly} is the charge for blocks its snapshots
 * share with other snapshots, which stays after that deletion.
 */
public record ImageCost(ImageId image, BigDecimal monthlySaving, BigDecimal sharedMonthly, long exclusiveBytes, long sharedBytes) {}
