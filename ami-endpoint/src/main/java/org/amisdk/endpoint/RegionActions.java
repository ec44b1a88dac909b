package org.amisdk.endpoint;

import java.util.List;
import org.amisdk.model.Region;

/**
 * DescribeRegions and DescribeAvailabilityZones, the calls tooling makes first: the Regions this
 * version knows, each with the zones {@link Zones} names. Pure data: a local cloud has every
 * Region and every one is opted in.
 */
final class RegionActions {
  private RegionActions() {}

  /** Adds the two actions to {@code table}. */
  static void addTo(ActionTable table) {
    table.add("DescribeRegions", RegionActions::describeRegions)
        .add("DescribeAvailabilityZones", RegionActions::describeAvailabilityZones);
  }

  private static void describeRegions(Call call) {
    Ec2Params.unsupported(call.form(), "Filter.1.Name");
    List<String> names = call.form().list("RegionName");
    XmlWriter out = call.out().start("regionInfo");
    for (Region region : Region.known()) {
      if (names.isEmpty() || names.contains(region.code())) {
        out.start("item")
            .text("regionName", region.code())
            .text("regionEndpoint", "ec2." + region.code() + ".amazonaws.com")
            .text("optInStatus", "opt-in-not-required")
            .end("item");
      }
    }
    out.end("regionInfo");
  }

  private static void describeAvailabilityZones(Call call) {
    Ec2Params.unsupported(call.form(), "Filter.1.Name", "ZoneId.1");
    List<String> names = call.form().list("ZoneName");
    Region region = call.caller().region();
    XmlWriter out = call.out().start("availabilityZoneInfo");
    int number = 1;
    for (String zone : Zones.of(region)) {
      if (names.isEmpty() || names.contains(zone)) {
        out.start("item")
            .text("zoneName", zone)
            .text("zoneId", region.code().replace("-", "") + "-az" + number)
            .text("zoneState", "available")
            .text("regionName", region.code())
            .text("groupName", region.code())
            .text("networkBorderGroup", region.code())
            .text("optInStatus", "opt-in-not-required")
            .text("zoneType", "availability-zone")
            .start("messageSet").end("messageSet")
            .end("item");
      }
      number++;
    }
    out.end("availabilityZoneInfo");
  }
}
