package org.amisdk.cloud;

import java.util.Objects;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import java.util.regex.Pattern;

/**
 * A Recycle Bin retention rule (rbin GetRule): its identifier (11 letters and digits) and what it
 * retains. A rule is active as soon as it is created (the real service may take minutes for an
 * account's first rule; this cloud does not model that delay) and is never locked.
 */
public record RetentionRule(String identifier, RetentionRuleRequest spec) {
  private static final Pattern IDENTIFIER = Pattern.compile("[0-9a-zA-Z]{11}");

  /** Checks the identifier's form. */
  public RetentionRule {
    Objects.requireNonNull(spec, "spec");
    checkIdentifier(identifier);
  }

  /** The rule's status: always {@code available}. */
  public String status() {
    return "available";
  }

  /** Refuses an identifier not of rbin's form with a {@code ValidationException}. */
  static String checkIdentifier(String identifier) {
    if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
      throw Ec2Exception.of(Ec2ErrorCode.RBIN_VALIDATION,
          "rule identifier %s is malformed: 11 letters and digits", identifier);
    }
    return identifier;
  }
}
