package org.amisdk.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How reports write amounts of money: to the cent for people, exact for machines. */
public final class Amounts {
  private Amounts() {}

  /** The amount to the cent, half-even: {@code 0.015625} is {@code 0.02}. */
  public static String cents(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** The amount exactly, without trailing zeros or an exponent: {@code 0.015625}, {@code 0}. */
  public static String exact(BigDecimal amount) {
    return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
  }
}
