package org.amisdk.endpoint;

import java.time.Instant;
import java.util.List;
import org.amisdk.cloud.CopySnapshotRequest;
import org.amisdk.cloud.CreateSnapshotRequest;
import org.amisdk.cloud.DescribeSnapshotsRequest;
import org.amisdk.cloud.DescribeSnapshotsResponse;
import org.amisdk.cloud.ModifySnapshotAttributeRequest;
import org.amisdk.cloud.SnapshotTierRestore;
import org.amisdk.cloud.SnapshotTierStatus;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VolumeId;

/** The snapshot actions: create, describe, delete, copy, createVolumePermission, archive tier. */
final class SnapshotActions {
  private SnapshotActions() {}

  /** Adds the snapshot actions to {@code table}. */
  static void addTo(ActionTable table) {
    table.add("CreateSnapshot", SnapshotActions::createSnapshot)
        .add("DescribeSnapshots", SnapshotActions::describeSnapshots)
        .add("DeleteSnapshot", call -> {
          call.ec2().deleteSnapshot(snapshotId(call));
          call.out().text("return", "true");
        })
        .add("CopySnapshot", SnapshotActions::copySnapshot)
        .add("DescribeSnapshotAttribute", SnapshotActions::describeSnapshotAttribute)
        .add("ModifySnapshotAttribute", SnapshotActions::modifySnapshotAttribute)
        .add("ResetSnapshotAttribute", SnapshotActions::resetSnapshotAttribute)
        .add("ModifySnapshotTier", SnapshotActions::modifySnapshotTier)
        .add("RestoreSnapshotTier", SnapshotActions::restoreSnapshotTier)
        .add("DescribeSnapshotTierStatus", SnapshotActions::describeSnapshotTierStatus);
  }

  private static SnapshotId snapshotId(Call call) {
    return SnapshotId.parse(call.form().required("SnapshotId"));
  }

  private static void createSnapshot(Call call) {
    QueryForm form = call.form();
    Ec2Params.unsupported(form, "Location", "OutpostArn");
    CreateSnapshotRequest.Builder request = CreateSnapshotRequest.builder()
        .volumeId(VolumeId.parse(form.required("VolumeId")))
        .tags(Ec2Params.tagsFor(form, "snapshot"));
    form.get("Description").ifPresent(request::description);
    Ec2Xml.snapshotMembers(call.out(), call.ec2().createSnapshot(request.build()));
  }

  private static void describeSnapshots(Call call) {
    QueryForm form = call.form();
    DescribeSnapshotsRequest.Builder request = DescribeSnapshotsRequest.builder()
        .snapshotIds(form.list("SnapshotId").stream().map(SnapshotId::parse).toList())
        .ownerIds(form.list("Owner"))
        .restorableByUserIds(form.list("RestorableBy"))
        .filters(Ec2Params.filters(form));
    form.integer("MaxResults").ifPresent(request::maxResults);
    form.get("NextToken").filter(token -> !token.isEmpty()).ifPresent(request::nextToken);
    DescribeSnapshotsResponse page = call.ec2().describeSnapshots(request.build());
    XmlWriter out = call.out().start("snapshotSet");
    for (Snapshot snapshot : page.snapshots()) {
      out.start("item");
      Ec2Xml.snapshotMembers(out, snapshot);
      out.end("item");
    }
    out.end("snapshotSet").optional("nextToken", page.nextToken());
  }

  private static void copySnapshot(Call call) {
    QueryForm form = call.form();
    Ec2Params.unsupported(form, "TagSpecification.1.ResourceType", "DestinationOutpostArn", "CompletionDurationMinutes");
    CopySnapshotRequest.Builder request = CopySnapshotRequest.builder()
        .sourceSnapshotId(SnapshotId.parse(form.required("SourceSnapshotId")))
        .sourceRegion(Region.of(form.required("SourceRegion")))
        .encrypted(form.flag("Encrypted"));
    form.get("Description").ifPresent(request::description);
    form.get("KmsKeyId").ifPresent(request::kmsKeyId);
    call.out().value("snapshotId", call.ec2().copySnapshot(request.build()));
  }

  private static void describeSnapshotAttribute(Call call) {
    SnapshotId snapshotId = snapshotId(call);
    String attribute = call.form().required("Attribute");
    XmlWriter out = call.out().text("snapshotId", snapshotId.toString());
    switch (attribute) {
      case "createVolumePermission" -> Ec2Xml.permissions(out, "createVolumePermission",
          call.ec2().describeSnapshotCreateVolumePermissions(snapshotId));
      case "productCodes" -> {
        call.ec2().describeSnapshotCreateVolumePermissions(snapshotId); // the same owner check
        out.start("productCodes").end("productCodes");
      }
      default -> throw call.form().invalid("Attribute", attribute, "createVolumePermission or productCodes");
    }
  }

  private static void modifySnapshotAttribute(Call call) {
    QueryForm form = call.form();
    form.get("Attribute").filter(name -> !name.equals("createVolumePermission"))
        .ifPresent(name -> {
          throw form.invalid("Attribute", name, "createVolumePermission");
        });
    ModifySnapshotAttributeRequest.Builder request = ModifySnapshotAttributeRequest.builder().snapshotId(snapshotId(call));
    Ec2Params.PermissionChange change = Ec2Params.permissionChange(form, "CreateVolumePermission");
    request.add(change.add()).remove(change.remove());
    call.ec2().modifySnapshotAttribute(request.build());
    call.out().text("return", "true");
  }

  /** ResetSnapshotAttribute createVolumePermission: removes every permission the snapshot has. */
  private static void resetSnapshotAttribute(Call call) {
    SnapshotId snapshotId = snapshotId(call);
    String attribute = call.form().required("Attribute");
    if (!attribute.equals("createVolumePermission")) {
      throw call.form().invalid("Attribute", attribute, "createVolumePermission");
    }
    List<LaunchPermission> current = call.ec2().describeSnapshotCreateVolumePermissions(snapshotId);
    if (!current.isEmpty()) {
      call.ec2().modifySnapshotAttribute(
          ModifySnapshotAttributeRequest.builder().snapshotId(snapshotId).remove(current).build());
    }
    call.out().text("return", "true");
  }

  private static void modifySnapshotTier(Call call) {
    SnapshotId snapshotId = snapshotId(call);
    String tier = call.form().get("StorageTier").orElse("archive");
    if (!tier.equals("archive")) {
      throw call.form().invalid("StorageTier", tier, "archive");
    }
    Instant started = call.ec2().modifySnapshotTier(snapshotId);
    call.out().text("snapshotId", snapshotId.toString()).time("tieringStartTime", started);
  }

  private static void restoreSnapshotTier(Call call) {
    SnapshotTierRestore restore = call.ec2().restoreSnapshotTier(snapshotId(call),
        call.form().integer("TemporaryRestoreDays"), call.form().flag("PermanentRestore"));
    call.out().value("snapshotId", restore.snapshotId())
        .time("restoreStartTime", restore.restoreStartTime())
        .optional("restoreDuration", restore.restoreDuration())
        .value("isPermanentRestore", restore.isPermanentRestore());
  }

  private static void describeSnapshotTierStatus(Call call) {
    Ec2Params.unsupported(call.form(), "Filter.1.Name", "MaxResults", "NextToken");
    List<SnapshotTierStatus> statuses = call.ec2().describeSnapshotTierStatus();
    XmlWriter out = call.out().start("snapshotTierStatusSet");
    for (SnapshotTierStatus status : statuses) {
      out.start("item")
          .value("snapshotId", status.snapshotId())
          .value("ownerId", call.caller().account())
          .value("storageTier", status.storageTier())
          .optional("lastTieringStartTime", status.lastTieringStartTime())
          .optional("lastTieringOperationStatus", status.lastTieringOperationStatus())
          .optional("archivalCompleteTime", status.archivalCompleteTime())
          .optional("restoreExpiryTime", status.restoreExpiryTime())
          .end("item");
    }
    out.end("snapshotTierStatusSet");
  }
}
