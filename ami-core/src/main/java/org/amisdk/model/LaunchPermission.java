package org.amisdk.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who may launch an image (or create volumes from a snapshot) besides its owner: exactly one of
 * an account ({@link Account}), everyone ({@link Everyone}, wire group {@code all}), an
 * organization ({@link Organization}) or an organizational unit ({@link OrganizationalUnit}).
 * {@link #fromWireFields} takes EC2's four optional fields and refuses any other count than one.
 */
public sealed interface LaunchPermission {

  /** Everyone: the public group {@code all}. */
  LaunchPermission EVERYONE = new Everyone();

  /** One account. */
  record Account(AccountId accountId) implements LaunchPermission {
    public Account {
      Objects.requireNonNull(accountId, "accountId");
    }
  }

  /** Everyone (wire: {@code Group: "all"}); granting it makes an image public. */
  record Everyone() implements LaunchPermission {
    /** EC2's only group name. */
    public static final String GROUP = "all";
  }

  /** The accounts of an organization, by ARN {@code arn:aws:organizations::<account>:organization/o-...}. */
  record Organization(String arn) implements LaunchPermission {
    /** @throws Ec2Exception {@code InvalidAMIAttributeItemValue} for a malformed ARN */
    public Organization {
      Permissions.check(Permissions.ORGANIZATION, "organization ARN", arn,
          "arn:aws:organizations::<account-id>:organization/o-<id>");
    }
  }

  /** The accounts of an organizational unit, by ARN {@code arn:aws:organizations::<account>:ou/o-.../ou-...}. */
  record OrganizationalUnit(String arn) implements LaunchPermission {
    /** @throws Ec2Exception {@code InvalidAMIAttributeItemValue} for a malformed ARN */
    public OrganizationalUnit {
      Permissions.check(Permissions.UNIT, "organizational unit ARN", arn,
          "arn:aws:organizations::<account-id>:ou/o-<id>/ou-<id>");
    }
  }

  /**
   * A permission from EC2's wire fields ({@code UserId}, {@code Group}, {@code OrganizationArn},
   * {@code OrganizationalUnitArn}), each {@code null} when absent.
   *
   * @throws Ec2Exception {@code InvalidParameterCombination} unless exactly one is given; {@code
   *     InvalidAMIAttributeItemValue} for a group other than {@code all}, a malformed ARN, or a user
   *     id that is not 12 digits (as ModifyImageAttribute refuses it)
   */
  public static LaunchPermission fromWireFields(String userId, String group, String organizationArn, String organizationalUnitArn) {
    int given = (userId != null ? 1 : 0) + (group != null ? 1 : 0) + (organizationArn != null ? 1 : 0)
        + (organizationalUnitArn != null ? 1 : 0);
    if (given != 1) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION, String.format(
          "launch permission names %d principals: it names exactly one of UserId, Group, OrganizationArn and OrganizationalUnitArn",
          given));
    }
    if (userId != null) {
      if (!userId.matches("[0-9]{12}")) {
        throw new Ec2Exception(Ec2ErrorCode.INVALID_AMI_ATTRIBUTE_ITEM_VALUE, String.format(
            "launch permission user id \"%s\" is not an account id: it is 12 digits", Text.shorten(userId)));
      }
      return new Account(AccountId.parse(userId));
    }
    if (group != null) {
      if (!group.equals(Everyone.GROUP)) {
        throw new Ec2Exception(Ec2ErrorCode.INVALID_AMI_ATTRIBUTE_ITEM_VALUE, String.format(
            "launch permission group \"%s\" is unknown: the only group is all", Text.shorten(group)));
      }
      return EVERYONE;
    }
    return organizationArn != null ? new Organization(organizationArn) : new OrganizationalUnit(organizationalUnitArn);
  }
}

/** ARN checks for the permission variants. */
final class Permissions {
  private static final String PREFIX = "arn:aws(-cn|-us-gov)?:organizations::[0-9]{12}:";
  static final Pattern ORGANIZATION = Pattern.compile(PREFIX + "organization/o-[a-z0-9]{10,32}");
  static final Pattern UNIT = Pattern.compile(PREFIX + "ou/o-[a-z0-9]{10,32}/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}");

  private Permissions() {}

  static void check(Pattern pattern, String field, String arn, String form) {
    Objects.requireNonNull(arn, field);
    if (!pattern.matcher(arn).matches()) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_AMI_ATTRIBUTE_ITEM_VALUE, String.format(
          "%s \"%s\" is malformed: it must be of the form %s", field, Text.shorten(arn), form));
    }
  }
}
