package org.amisdk.endpoint;

import java.util.List;
import org.amisdk.cloud.DescribeAvailabilityZonesRequest;
import org.amisdk.model.AvailabilityZone;
import org.amisdk.model.Region;

/**
 * DescribeRegions and DescribeAvailabilityZones, the calls tooling makes first: the Regions this
 * version knows, and the caller's region's zones as the control plane lists them
 * ({@code Ec2.describeAvailabilityZones}, with its ZoneName, ZoneId, AllAvailabilityZones and
 * filters). A local cloud has every Region and every one is opted in.
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
    QueryForm form = call.form();
    DescribeAvailabilityZonesRequest.Builder request = DescribeAvailabilityZonesRequest.builder()
        .zoneNames(form.list("ZoneName")).zoneIds(form.list("ZoneId")).filters(Ec2Params.filters(form));
    form.bool("AllAvailabilityZones").ifPresent(request::allAvailabilityZones);
    XmlWriter out = call.out().start("availabilityZoneInfo");
    for (AvailabilityZone zone : call.ec2().describeAvailabilityZones(request.build())) {
      out.start("item")
          .text("zoneName", zone.zoneName())
          .text("zoneId", zone.zoneId())
          .text("zoneState", zone.state())
          .text("regionName", zone.region().code())
          .text("groupName", zone.groupName())
          .text("networkBorderGroup", zone.networkBorderGroup())
          .text("optInStatus", zone.optInStatus())
          .text("zoneType", zone.zoneType())
          .start("messageSet").end("messageSet")
          .end("item");
    }
    out.end("availabilityZoneInfo");
  }
}
