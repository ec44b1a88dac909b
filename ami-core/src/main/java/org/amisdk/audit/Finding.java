package org.amisdk.audit;

import java.math.BigDecimal;
import java.util.Objects;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;

/**
 * One audit finding: the resource, its owner and region, why it matters, what acting on it would
 * save each month (zero for a pure risk) and the risk ({@code none}, {@code low}, {@code medium}
 * or {@code high}).
 */
public record Finding(
    FindingKind kind, String resource, AccountId account, Region region, String why, BigDecimal monthlySaving, String risk) {

  /** Checks the fields. */
  public Finding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(why, "why");
    Objects.requireNonNull(monthlySaving, "monthlySaving");
    Objects.requireNonNull(risk, "risk");
  }
}
