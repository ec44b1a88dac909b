package org.amisdk.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How reports write amounts of money: readable for people, exact for machines. */
public final class Amounts {
  private Amounts() {}

  /**
   * The amount for people: to the cent, or to six decimals (half-even) when it has more, so the
   * small sums of a local world do not all read 0.00: {@code 3} is {@code 3.00}, {@code
   * 0.0000732421875} is {@code 0.000073}.
   */
  public static String text(BigDecimal amount) {
    BigDecimal rounded = amount.setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return rounded.scale() <= 2 ? rounded.setScale(2, RoundingMode.UNNECESSARY).toPlainString() : rounded.toPlainString();
  }

  /** The amount exactly, without trailing zeros or an exponent: {@code 0.015625}, {@code 0}. */
  public static String exact(BigDecimal amount) {
    return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
  }
}
