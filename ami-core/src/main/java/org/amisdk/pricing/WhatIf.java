package org.amisdk.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * The answer to a what-if question: the change in the monthly cost (negative is a saving), what
 * is paid once (transfer, early deletion of archived snapshots), and the terms that come with it.
 */
public record WhatIf(String question, BigDecimal monthlyChange, BigDecimal oneTime, List<String> terms) {
  /** Copies the list. */
  public WhatIf {
    terms = List.copyOf(terms);
  }
}
