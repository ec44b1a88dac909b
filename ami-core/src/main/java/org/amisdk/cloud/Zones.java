package org.amisdk.cloud;

import java.util.ArrayList;
import java.util.List;
import org.amisdk.model.AvailabilityZone;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Region;

/**
 * The Availability Zones of a region: {@code <region>a}, {@code b} and {@code c}, with ids in
 * EC2's form, {@code use1-az1} to {@code use1-az3} for us-east-1 (the region's area, the initials
 * of its direction words, its number). The first is where a launch without a placement puts its
 * instances.
 */
final class Zones {
  private static final String LETTERS = "abc";

  private Zones() {}

  /** The zones of {@code region}, in order. */
  static List<AvailabilityZone> of(Region region) {
    List<AvailabilityZone> zones = new ArrayList<>(LETTERS.length());
    for (int i = 0; i < LETTERS.length(); i++) {
      zones.add(new AvailabilityZone(region.code() + LETTERS.charAt(i), idPrefix(region) + "-az" + (i + 1), region));
    }
    return zones;
  }

  /**
   * The zone id prefix EC2 gives a region: {@code use1} for us-east-1, {@code apne1} for
   * ap-northeast-1, {@code euc1} for eu-central-1, {@code usgw1} for us-gov-west-1.
   */
  static String idPrefix(Region region) {
    String[] parts = region.code().split("-");
    StringBuilder prefix = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length - 1; i++) {
      String word = parts[i];
      for (String direction : DIRECTIONS) {
        word = word.replace(direction, direction.substring(0, 1));
      }
      prefix.append(word.length() <= 2 ? word : word.substring(0, 1));
    }
    return prefix.append(parts[parts.length - 1]).toString();
  }

  private static final List<String> DIRECTIONS = List.of("north", "south", "east", "west", "central");

  /**
   * DescribeAvailabilityZones: the zones of {@code region} the request names and its filters match, in order.
   *
   * @throws Ec2Exception {@code InvalidParameterValue} for a zone name or id the region does not
   *     have, and for a filter the API reference does not list
   */
  static List<AvailabilityZone> describe(Region region, DescribeAvailabilityZonesRequest request) {
    Views.Matcher<AvailabilityZone> matcher = Views.zoneMatcher(request.filters());
    List<AvailabilityZone> zones = of(region);
    for (String name : request.zoneNames()) {
      if (zones.stream().noneMatch(z -> z.zoneName().equals(name))) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "Invalid availability zone: [%s]", name);
      }
    }
    for (String id : request.zoneIds()) {
      if (zones.stream().noneMatch(z -> z.zoneId().equals(id))) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "Invalid availability zone ID: [%s]", id);
      }
    }
    return zones.stream()
        .filter(z -> request.zoneNames().isEmpty() || request.zoneNames().contains(z.zoneName()))
        .filter(z -> request.zoneIds().isEmpty() || request.zoneIds().contains(z.zoneId()))
        .filter(matcher::matches)
        .toList();
  }

  /** The zone a launch without placement uses. */
  static String first(Region region) {
    return region.code() + LETTERS.charAt(0);
  }

  /**
   * {@code name}, once checked to be a zone of {@code region}.
   *
   * @throws Ec2Exception {@code InvalidZone.NotFound} for any other name
   */
  static String check(Region region, String name) {
    for (AvailabilityZone zone : of(region)) {
      if (zone.zoneName().equals(name)) {
        return name;
      }
    }
    throw Ec2Exception.of(Ec2ErrorCode.INVALID_ZONE_NOT_FOUND, "The zone '%s' does not exist.", name);
  }
}
