package org.amisdk.endpoint;

import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.DescribeVolumesRequest;
import org.amisdk.cloud.DescribeVolumesResponse;
import org.amisdk.cloud.DetachVolumeRequest;
import org.amisdk.model.AvailabilityZone;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.InstanceId;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeId;
import org.amisdk.model.VolumeType;

/** The volume actions: CreateVolume, DescribeVolumes (filtered and paged), AttachVolume, DetachVolume, DeleteVolume. */
final class VolumeActions {
  private VolumeActions() {}

  /** Adds the volume actions to {@code table}. */
  static void addTo(ActionTable table) {
    table.add("CreateVolume", VolumeActions::createVolume)
        .add("DescribeVolumes", VolumeActions::describeVolumes)
        .add("AttachVolume", call -> Ec2Xml.attachmentMembers(call.out(), call.ec2().attachVolume(volumeId(call),
            InstanceId.parse(call.form().required("InstanceId")), call.form().required("Device"))))
        .add("DetachVolume", VolumeActions::detachVolume)
        .add("DeleteVolume", call -> {
          call.ec2().deleteVolume(volumeId(call));
          call.out().text("return", "true");
        });
  }

  private static VolumeId volumeId(Call call) {
    return VolumeId.parse(call.form().required("VolumeId"));
  }

  private static void createVolume(Call call) {
    QueryForm form = call.form();
    Ec2Params.unsupported(form, "OutpostArn");
    if (form.bool("MultiAttachEnabled").orElse(false)) {
      throw new Ec2Exception(Ec2ErrorCode.UNSUPPORTED_OPERATION, "MultiAttachEnabled true is not supported by this local cloud");
    }
    CreateVolumeRequest.Builder request = CreateVolumeRequest.builder().tags(Ec2Params.tagsFor(form, "volume"));
    form.get("AvailabilityZone").ifPresent(request::availabilityZone);
    form.get("AvailabilityZoneId").ifPresent(id -> request.availabilityZone(zoneNamed(call, id)));
    form.integer("Size").ifPresent(request::size);
    form.get("SnapshotId").map(SnapshotId::parse).ifPresent(request::snapshotId);
    form.get("VolumeType").map(VolumeType::fromWireValue).ifPresent(request::volumeType);
    form.integer("Iops").ifPresent(request::iops);
    form.integer("Throughput").ifPresent(request::throughput);
    form.bool("Encrypted").ifPresent(request::encrypted);
    form.get("KmsKeyId").ifPresent(request::kmsKeyId);
    form.get("ClientToken").ifPresent(request::clientToken);
    Ec2Xml.volumeMembers(call.out(), call.ec2().createVolume(request.build()));
  }

  /** The zone name of zone id {@code id} in the caller's region. */
  private static String zoneNamed(Call call, String id) {
    return call.ec2().describeAvailabilityZones().stream().filter(z -> z.zoneId().equals(id)).map(AvailabilityZone::zoneName)
        .findFirst().orElseThrow(() -> new Ec2Exception(Ec2ErrorCode.INVALID_ZONE_NOT_FOUND, "The zone ID '" + id + "' does not exist."));
  }

  private static void describeVolumes(Call call) {
    QueryForm form = call.form();
    DescribeVolumesRequest.Builder request = DescribeVolumesRequest.builder()
        .volumeIds(form.list("VolumeId").stream().map(VolumeId::parse).toList())
        .filters(Ec2Params.filters(form));
    form.integer("MaxResults").ifPresent(request::maxResults);
    form.get("NextToken").filter(token -> !token.isEmpty()).ifPresent(request::nextToken);
    DescribeVolumesResponse page = call.ec2().describeVolumes(request.build());
    XmlWriter out = call.out().start("volumeSet");
    for (Volume volume : page.volumes()) {
      out.start("item");
      Ec2Xml.volumeMembers(out, volume);
      out.end("item");
    }
    out.end("volumeSet").optional("nextToken", page.nextToken());
  }

  private static void detachVolume(Call call) {
    QueryForm form = call.form();
    DetachVolumeRequest.Builder request = DetachVolumeRequest.builder().volumeId(volumeId(call));
    form.get("InstanceId").map(InstanceId::parse).ifPresent(request::instanceId);
    form.get("Device").ifPresent(request::device);
    form.bool("Force").ifPresent(request::force);
    Ec2Xml.attachmentMembers(call.out(), call.ec2().detachVolume(request.build()));
  }
}
