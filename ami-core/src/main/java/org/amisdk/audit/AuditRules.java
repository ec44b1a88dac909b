package org.amisdk.audit;

import java.util.Objects;
import java.util.Set;
import org.amisdk.model.AccountId;

/**
 * The thresholds and lists an audit applies.
 *
 * @param unusedDays an image not launched (or, never launched, not created) for this many days is unused
 * @param allowedAccounts accounts images may be shared with besides the owner
 * @param allowedOrganizations ARNs of organizations and organizational units images may be shared with
 * @param verifiedOwners owners whose images may be launched or copied by other accounts
 * @param maxImageAgeDays an image created longer ago than this is old
 * @param archiveAfterDays a snapshot not made or restored from for this many days may be archived
 */
public record AuditRules(
    int unusedDays,
    Set<AccountId> allowedAccounts,
    Set<String> allowedOrganizations,
    Set<AccountId> verifiedOwners,
    int maxImageAgeDays,
    int archiveAfterDays) {

  /** Checks the thresholds are positive and copies the sets. */
  public AuditRules {
    allowedAccounts = Set.copyOf(Objects.requireNonNull(allowedAccounts, "allowedAccounts"));
    allowedOrganizations = Set.copyOf(Objects.requireNonNull(allowedOrganizations, "allowedOrganizations"));
    verifiedOwners = Set.copyOf(Objects.requireNonNull(verifiedOwners, "verifiedOwners"));
    positive("unusedDays", unusedDays);
    positive("maxImageAgeDays", maxImageAgeDays);
    positive("archiveAfterDays", archiveAfterDays);
  }

  /** 90 unused days, no allowed or verified accounts or organizations, 365 days of image age, archive after 90 days. */
  public static AuditRules defaults() {
    return new AuditRules(90, Set.of(), Set.of(), Set.of(), 365, 90);
  }

  /** These rules with other allowed accounts. */
  public AuditRules withAllowedAccounts(Set<AccountId> accounts) {
    return new AuditRules(unusedDays, accounts, allowedOrganizations, verifiedOwners, maxImageAgeDays, archiveAfterDays);
  }

  /** These rules with other allowed organization and organizational unit ARNs. */
  public AuditRules withAllowedOrganizations(Set<String> arns) {
    return new AuditRules(unusedDays, allowedAccounts, arns, verifiedOwners, maxImageAgeDays, archiveAfterDays);
  }

  /** These rules with other verified owners. */
  public AuditRules withVerifiedOwners(Set<AccountId> owners) {
    return new AuditRules(unusedDays, allowedAccounts, allowedOrganizations, owners, maxImageAgeDays, archiveAfterDays);
  }

  /** These rules with other day thresholds. */
  public AuditRules withDays(int unused, int maxImageAge, int archiveAfter) {
    return new AuditRules(unused, allowedAccounts, allowedOrganizations, verifiedOwners, maxImageAge, archiveAfter);
  }

  private static void positive(String name, int days) {
    if (days <= 0) {
      throw new IllegalArgumentException("audit rule " + name + " must be a positive number of days: " + days);
    }
  }
}
