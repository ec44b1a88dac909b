package org.amisdk.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One figure of a price table: an amount per unit, where it came from and when, and whether it
 * was confirmed against that source.
 */
public record Rate(BigDecimal amount, String unit, String source, String date, boolean verified) {

  /** Checks the figure: a non-negative amount and a named source and date. */
  public Rate {
    Objects.requireNonNull(amount, "amount");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("rate " + amount + " per " + unit + " is negative");
    }
    if (unit == null || unit.isBlank() || source == null || source.isBlank() || date == null || date.isBlank()) {
      throw new IllegalArgumentException("rate " + amount + " must name its unit, source and date");
    }
  }
}
