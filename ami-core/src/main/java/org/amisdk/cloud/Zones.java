package org.amisdk.cloud;

import java.util.ArrayList;
import java.util.List;
import org.amisdk.model.AvailabilityZone;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Region;

/**
 * The Availability Zones of a region: {@code <region>a}, {@code b} and {@code c}, with ids
 * {@code <region without dashes>-az1} to {@code -az3}. The first is where a launch without a
 * placement puts its instances.
 */
final class Zones {
  private static final String LETTERS = "abc";

  private Zones() {}

  /** The zones of {@code region}, in order. */
  static List<AvailabilityZone> of(Region region) {
    List<AvailabilityZone> zones = new ArrayList<>(LETTERS.length());
    for (int i = 0; i < LETTERS.length(); i++) {
      zones.add(new AvailabilityZone(region.code() + LETTERS.charAt(i), region.code().replace("-", "") + "-az" + (i + 1), region));
    }
    return zones;
  }

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
