package org.amisdk.cloud;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Tag;

/**
 * What a Recycle Bin retention rule retains (rbin CreateRule and UpdateRule): deleted resources of
 * one type, for {@code retentionDays} days (1–365, the unit is always {@code DAYS}). A tag-level
 * rule names {@code resourceTags} and retains a resource carrying at least one of them; a
 * Region-level rule names none and retains every resource of the type, except those carrying one
 * of its {@code excludeResourceTags}. Built only valid: a bad value is a {@code
 * ValidationException}.
 */
public record RetentionRuleRequest(
    RecycleBinResourceType resourceType,
    int retentionDays,
    Optional<String> description,
    List<Tag> resourceTags,
    List<Tag> excludeResourceTags) {
  /** The longest retention the user guide allows for snapshots and images, in days. */
  public static final int MAX_RETENTION_DAYS = 365;
  /** The most tag pairs a rule names (rbin's quota). */
  public static final int MAX_TAGS = 50;
  /** The longest description, in characters (rbin's Description shape). */
  public static final int MAX_DESCRIPTION_LENGTH = 255;

  /** Checks every rule of the rbin API and copies the lists. */
  public RetentionRuleRequest {
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(description, "description");
    resourceTags = List.copyOf(resourceTags);
    excludeResourceTags = List.copyOf(excludeResourceTags);
    if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
      throw invalid("retention period %d days is out of range: 1 to %d days", retentionDays, MAX_RETENTION_DAYS);
    }
    if (resourceTags.size() > MAX_TAGS || excludeResourceTags.size() > MAX_TAGS) {
      throw invalid("rule names %d resource tags and %d exclusion tags: at most %d each", resourceTags.size(),
          excludeResourceTags.size(), MAX_TAGS);
    }
    if (!resourceTags.isEmpty() && !excludeResourceTags.isEmpty()) {
      throw invalid("rule names both resource tags and exclusion tags: exclusion tags are for Region-level rules only");
    }
    if (new HashSet<>(resourceTags).size() != resourceTags.size()) {
      throw invalid("rule names a resource tag twice: %s", resourceTags);
    }
    description.ifPresent(d -> {
      if (d.length() > MAX_DESCRIPTION_LENGTH) {
        throw invalid("rule description has %d characters: at most %d", d.length(), MAX_DESCRIPTION_LENGTH);
      }
    });
  }

  /** A Region-level rule: every deleted resource of {@code type} is retained for {@code days}. */
  public static RetentionRuleRequest regionLevel(RecycleBinResourceType type, int days) {
    return new RetentionRuleRequest(type, days, Optional.empty(), List.of(), List.of());
  }

  /** A tag-level rule: deleted resources of {@code type} carrying one of {@code tags} are retained for {@code days}. */
  public static RetentionRuleRequest tagLevel(RecycleBinResourceType type, int days, List<Tag> tags) {
    if (tags.isEmpty()) {
      throw invalid("tag-level rule names no resource tags: give at least one, or make a Region-level rule");
    }
    return new RetentionRuleRequest(type, days, Optional.empty(), tags, List.of());
  }

  /** This rule with {@code text} as its description. */
  public RetentionRuleRequest withDescription(String text) {
    return new RetentionRuleRequest(resourceType, retentionDays, Optional.of(text), resourceTags, excludeResourceTags);
  }

  /** This Region-level rule, not retaining resources that carry one of {@code tags}. */
  public RetentionRuleRequest excluding(List<Tag> tags) {
    return new RetentionRuleRequest(resourceType, retentionDays, description, resourceTags, tags);
  }

  /** Whether the rule is Region-level (names no resource tags). */
  public boolean isRegionLevel() {
    return resourceTags.isEmpty();
  }

  /** Whether a deleted resource of this rule's type carrying {@code tags} is retained by it. */
  boolean retains(List<Tag> tags) {
    if (isRegionLevel()) {
      return tags.stream().noneMatch(excludeResourceTags::contains);
    }
    return tags.stream().anyMatch(resourceTags::contains);
  }

  private static Ec2Exception invalid(String format, Object... args) {
    return Ec2Exception.of(Ec2ErrorCode.RBIN_VALIDATION, format, args);
  }
}
