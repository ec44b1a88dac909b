package org.amisdk.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.amisdk.cloud.Inventory;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.pricing.CostReport;
import org.amisdk.pricing.PriceTable;
import org.amisdk.pricing.Table;

/**
 * The findings of one audit of a local cloud, by kind, region and resource. Savings come from a
 * {@link CostReport} of the same picture: each is what acting on that finding alone would save.
 * Immutable.
 */
public interface Audit {

  /** Audits everything {@code cloud} holds now, priced with {@link PriceTable#standard()}. */
  static Audit of(LocalCloud cloud, AuditRules rules) {
    return of(cloud, rules, PriceTable.standard());
  }

  /** Audits everything {@code cloud} holds now, priced with {@code prices}. */
  static Audit of(LocalCloud cloud, AuditRules rules, PriceTable prices) {
    Inventory inventory = Inventory.of(cloud);
    return Auditor.audit(inventory, CostReport.of(inventory, prices), prices, rules);
  }

  /** When the picture was taken, on the cloud's clock. */
  Instant at();

  /** The currency of the savings. */
  String currency();

  /** Every finding. */
  List<Finding> findings();

  /** The findings of one kind. */
  List<Finding> findings(FindingKind kind);

  /**
   * The monthly saving of acting on every finding: per resource the largest saving any finding
   * claims (findings overlap: an unused image may also be superseded), summed.
   */
  BigDecimal monthlySaving();

  /** The findings as a table. */
  Table table();

  /** {@link #table()} as plain text, savings as {@link org.amisdk.pricing.Amounts#text}, with the total saving. */
  String toTable();

  /** The findings as JSON, savings exact. */
  String toJson();

  /** The findings as CSV, savings exact. */
  String toCsv();
}
