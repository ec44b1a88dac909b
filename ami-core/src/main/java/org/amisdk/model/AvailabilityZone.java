package org.amisdk.model;

/**
 * An Availability Zone of a Region as DescribeAvailabilityZones reports it: its name ({@code
 * us-east-1a}), its id ({@code use1-az1}) and its Region. A local cloud has Availability Zones
 * only (no Local or Wavelength Zones), and every one is available and needs no opt-in.
 */
public record AvailabilityZone(String zoneName, String zoneId, Region region) {
  /** The zone's state: always {@code available}. */
  public String state() {
    return "available";
  }

  /** The opt-in status: {@code opt-in-not-required}, as for every Availability Zone. */
  public String optInStatus() {
    return "opt-in-not-required";
  }

  /** The type of zone: {@code availability-zone}. */
  public String zoneType() {
    return "availability-zone";
  }

  /** The zone group: the Region's name, as for every Availability Zone. */
  public String groupName() {
    return region.code();
  }

  /** The network border group: the Region's name, as for every Availability Zone. */
  public String networkBorderGroup() {
    return region.code();
  }
}
