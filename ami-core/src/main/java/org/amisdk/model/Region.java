package org.amisdk.model;

import com.google.common.collect.ImmutableList;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An AWS Region code such as {@code us-east-1}. The real codes are constants; {@link #of} names
 * any other code of the same form (two letters, one or more words, a number: {@code xx-west-9}).
 */
public final class Region {
  private static final Pattern CODE = Pattern.compile("[a-z]{2}(-[a-z]{2,12}){1,3}-[1-9][0-9]?");

  public static final Region US_EAST_1 = new Region("us-east-1");
  public static final Region US_EAST_2 = new Region("us-east-2");
  public static final Region US_WEST_1 = new Region("us-west-1");
  public static final Region US_WEST_2 = new Region("us-west-2");
  public static final Region AF_SOUTH_1 = new Region("af-south-1");
  public static final Region AP_EAST_1 = new Region("ap-east-1");
  public static final Region AP_EAST_2 = new Region("ap-east-2");
  public static final Region AP_SOUTH_1 = new Region("ap-south-1");
  public static final Region AP_SOUTH_2 = new Region("ap-south-2");
  public static final Region AP_NORTHEAST_1 = new Region("ap-northeast-1");
  public static final Region AP_NORTHEAST_2 = new Region("ap-northeast-2");
  public static final Region AP_NORTHEAST_3 = new Region("ap-northeast-3");
  public static final Region AP_SOUTHEAST_1 = new Region("ap-southeast-1");
  public static final Region AP_SOUTHEAST_2 = new Region("ap-southeast-2");
  public static final Region AP_SOUTHEAST_3 = new Region("ap-southeast-3");
  public static final Region AP_SOUTHEAST_4 = new Region("ap-southeast-4");
  public static final Region AP_SOUTHEAST_5 = new Region("ap-southeast-5");
  public static final Region AP_SOUTHEAST_7 = new Region("ap-southeast-7");
  public static final Region CA_CENTRAL_1 = new Region("ca-central-1");
  public static final Region CA_WEST_1 = new Region("ca-west-1");
  public static final Region EU_CENTRAL_1 = new Region("eu-central-1");
  public static final Region EU_CENTRAL_2 = new Region("eu-central-2");
  public static final Region EU_WEST_1 = new Region("eu-west-1");
  public static final Region EU_WEST_2 = new Region("eu-west-2");
  public static final Region EU_WEST_3 = new Region("eu-west-3");
  public static final Region EU_SOUTH_1 = new Region("eu-south-1");
  public static final Region EU_SOUTH_2 = new Region("eu-south-2");
  public static final Region EU_NORTH_1 = new Region("eu-north-1");
  public static final Region IL_CENTRAL_1 = new Region("il-central-1");
  public static final Region ME_SOUTH_1 = new Region("me-south-1");
  public static final Region ME_CENTRAL_1 = new Region("me-central-1");
  public static final Region MX_CENTRAL_1 = new Region("mx-central-1");
  public static final Region SA_EAST_1 = new Region("sa-east-1");
  public static final Region US_GOV_EAST_1 = new Region("us-gov-east-1");
  public static final Region US_GOV_WEST_1 = new Region("us-gov-west-1");
  public static final Region CN_NORTH_1 = new Region("cn-north-1");
  public static final Region CN_NORTHWEST_1 = new Region("cn-northwest-1");

  private static final ImmutableList<Region> KNOWN = ImmutableList.of(
      US_EAST_1, US_EAST_2, US_WEST_1, US_WEST_2, AF_SOUTH_1, AP_EAST_1, AP_EAST_2, AP_SOUTH_1,
      AP_SOUTH_2, AP_NORTHEAST_1, AP_NORTHEAST_2, AP_NORTHEAST_3, AP_SOUTHEAST_1, AP_SOUTHEAST_2,
      AP_SOUTHEAST_3, AP_SOUTHEAST_4, AP_SOUTHEAST_5, AP_SOUTHEAST_7, CA_CENTRAL_1, CA_WEST_1,
      EU_CENTRAL_1, EU_CENTRAL_2, EU_WEST_1, EU_WEST_2, EU_WEST_3, EU_SOUTH_1, EU_SOUTH_2,
      EU_NORTH_1, IL_CENTRAL_1, ME_SOUTH_1, ME_CENTRAL_1, MX_CENTRAL_1, SA_EAST_1, US_GOV_EAST_1,
      US_GOV_WEST_1, CN_NORTH_1, CN_NORTHWEST_1);

  private final String code;

  private Region(String code) {
    this.code = code;
  }

  /**
   * The Region with this code: a known constant, or any code of EC2's form.
   *
   * @throws Ec2Exception {@code InvalidRegion} when {@code code} is not of that form
   */
  public static Region of(String code) {
    Objects.requireNonNull(code, "region");
    for (Region known : KNOWN) {
      if (known.code.equals(code)) {
        return known;
      }
    }
    if (!CODE.matcher(code).matches()) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_REGION, String.format(
          "region \"%s\" is malformed: a region code is like us-east-1 (letters, words, a number)",
          Text.shorten(code)));
    }
    return new Region(code);
  }

  /** Same as {@link #of}; the name that pairs with {@link #toString()}. */
  public static Region parse(String code) {
    return of(code);
  }

  /** The real Region codes known to this version, in a stable order. */
  public static ImmutableList<Region> known() {
    return KNOWN;
  }

  /** The code, e.g. {@code us-east-1}. */
  public String code() {
    return code;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Region that && that.code.equals(code);
  }

  @Override
  public int hashCode() {
    return code.hashCode();
  }

  @Override
  public String toString() {
    return code;
  }
}
