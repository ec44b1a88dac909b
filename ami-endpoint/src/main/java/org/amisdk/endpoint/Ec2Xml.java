package org.amisdk.endpoint;

import java.util.List;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceState;
import org.amisdk.cloud.InstanceStateChange;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeAttachment;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Image;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.ProductCode;
import org.amisdk.model.Snapshot;
import org.amisdk.model.Tag;

/** The control plane's values written as EC2's XML elements, with EC2's element names. */
final class Ec2Xml {
  private Ec2Xml() {}

  /** One {@code <item>} of {@code imagesSet}. */
  static void image(XmlWriter out, Image image) {
    out.start("item")
        .value("imageId", image.imageId())
        .optional("imageLocation", image.imageLocation())
        .value("imageState", image.state())
        .value("imageOwnerId", image.ownerId())
        .optional("creationDate", image.creationDate())
        .value("isPublic", image.isPublic());
    productCodes(out, image.productCodes());
    out.value("architecture", image.architecture())
        .value("imageType", image.imageType())
        .optional("kernelId", image.kernelId())
        .optional("ramdiskId", image.ramdiskId())
        .optional("platform", image.platform())
        .optional("platformDetails", image.platformDetails())
        .optional("usageOperation", image.usageOperation())
        .optional("imageOwnerAlias", image.imageOwnerAlias())
        .optional("name", image.name())
        .optional("description", image.description())
        .value("rootDeviceType", image.rootDeviceType())
        .optional("rootDeviceName", image.rootDeviceName());
    mappings(out, "blockDeviceMapping", image.blockDeviceMappings());
    out.value("virtualizationType", image.virtualizationType());
    tags(out, image.tags());
    out.value("hypervisor", image.hypervisor())
        .optional("enaSupport", image.enaSupport())
        .optional("sriovNetSupport", image.sriovNetSupport());
    image.stateReason().ifPresent(reason -> out.start("stateReason")
        .text("code", reason.code()).text("message", reason.message()).end("stateReason"));
    out.optional("bootMode", image.bootMode())
        .optional("tpmSupport", image.tpmSupport())
        .optional("deprecationTime", image.deprecationTime())
        .optional("imdsSupport", image.imdsSupport())
        .optional("sourceInstanceId", image.sourceInstanceId())
        .optional("deregistrationProtection", image.deregistrationProtection())
        .optional("lastLaunchedTime", image.lastLaunchedTime())
        .optional("imageAllowed", image.imageAllowed())
        .optional("sourceImageId", image.sourceImageId())
        .optional("sourceImageRegion", image.sourceImageRegion())
        .optional("freeTierEligible", image.freeTierEligible())
        .optional("publicSsmParameterName", image.publicSsmParameterName());
    if (!image.imageWatermarks().isEmpty()) {
      out.start("imageWatermarkSet");
      image.imageWatermarks().forEach(mark -> out.start("item")
          .text("watermarkKey", mark.watermarkKey())
          .optional("sourceImageRegion", mark.sourceImageRegion())
          .optional("sourceImageId", mark.sourceImageId())
          .optional("sourceImageCreationTime", mark.sourceImageCreationTime())
          .optional("watermarkCreationTime", mark.watermarkCreationTime())
          .end("item"));
      out.end("imageWatermarkSet");
    }
    out.end("item");
  }

  /** The snapshot's members (inside an {@code <item>} of {@code snapshotSet}, or a CreateSnapshot answer). */
  static void snapshotMembers(XmlWriter out, Snapshot snapshot) {
    out.value("snapshotId", snapshot.snapshotId())
        .optional("volumeId", snapshot.volumeId())
        .value("status", snapshot.state())
        .optional("statusMessage", snapshot.stateMessage())
        .time("startTime", snapshot.startTime())
        .optional("progress", snapshot.progress().map(p -> p + "%"))
        .value("ownerId", snapshot.ownerId())
        .optional("ownerAlias", snapshot.ownerAlias())
        .optional("description", snapshot.description())
        .value("volumeSize", snapshot.volumeSize())
        .value("encrypted", snapshot.isEncrypted())
        .optional("kmsKeyId", snapshot.kmsKeyId())
        .optional("dataEncryptionKeyId", snapshot.dataEncryptionKeyId())
        .optional("sseType", snapshot.sseType())
        .optional("outpostArn", snapshot.outpostArn())
        .optional("availabilityZone", snapshot.availabilityZone())
        .optional("storageTier", snapshot.storageTier())
        .optional("restoreExpiryTime", snapshot.restoreExpiryTime())
        .optional("transferType", snapshot.transferType())
        .optional("completionDurationMinutes", snapshot.completionDurationMinutes())
        .optional("completionTime", snapshot.completionTime())
        .optional("fullSnapshotSizeInBytes", snapshot.fullSnapshotSizeInBytes());
    tags(out, snapshot.tags());
  }

  /** The volume's members (inside an {@code <item>} of {@code volumeSet}, or a CreateVolume answer), as EC2 writes them. */
  static void volumeMembers(XmlWriter out, Volume volume) {
    out.value("volumeId", volume.volumeId())
        .value("size", volume.size())
        .text("snapshotId", volume.snapshotId().map(Object::toString).orElse(""))
        .text("availabilityZone", volume.availabilityZone())
        .value("status", volume.state())
        .time("createTime", volume.createTime());
    out.start("attachmentSet");
    for (VolumeAttachment attachment : volume.attachments()) {
      out.start("item");
      attachmentMembers(out, attachment);
      out.end("item");
    }
    out.end("attachmentSet");
    out.value("volumeType", volume.volumeType())
        .optional("iops", volume.iops())
        .optional("throughput", volume.throughput())
        .value("encrypted", volume.encrypted())
        .optional("kmsKeyId", volume.kmsKeyId())
        .value("ownerId", volume.ownerId())
        .value("multiAttachEnabled", false);
    tags(out, volume.tags());
  }

  /** A volume attachment's members (an {@code attachmentSet} item, or an AttachVolume/DetachVolume answer). */
  static void attachmentMembers(XmlWriter out, VolumeAttachment attachment) {
    out.value("volumeId", attachment.volumeId())
        .value("instanceId", attachment.instanceId())
        .text("device", attachment.device())
        .value("status", attachment.state())
        .time("attachTime", attachment.attachTime())
        .value("deleteOnTermination", attachment.deleteOnTermination());
  }

  /** One {@code <item>} of an {@code instancesSet}. */
  static void instance(XmlWriter out, Instance instance) {
    out.start("item")
        .value("instanceId", instance.instanceId())
        .value("imageId", instance.imageId());
    state(out, "instanceState", instance.state());
    out.text("instanceType", instance.instanceType())
        .time("launchTime", instance.launchTime())
        .start("placement").text("availabilityZone", instance.availabilityZone()).text("tenancy", "default").end("placement")
        .value("architecture", instance.architecture())
        .value("rootDeviceType", instance.rootDeviceType())
        .optional("rootDeviceName", instance.rootDeviceName());
    out.start("blockDeviceMapping");
    for (Instance.Attachment attachment : instance.blockDeviceMappings()) {
      out.start("item").text("deviceName", attachment.deviceName())
          .start("ebs")
          .value("volumeId", attachment.volumeId())
          .text("status", "attached")
          .time("attachTime", instance.launchTime())
          .value("deleteOnTermination", attachment.deleteOnTermination())
          .end("ebs").end("item");
    }
    out.end("blockDeviceMapping");
    tags(out, instance.tags());
    out.end("item");
  }

  /** The {@code instancesSet} of a Start/Stop/TerminateInstances answer. */
  static void stateChanges(XmlWriter out, List<InstanceStateChange> changes) {
    out.start("instancesSet");
    for (InstanceStateChange change : changes) {
      out.start("item").value("instanceId", change.instanceId());
      state(out, "currentState", change.currentState());
      state(out, "previousState", change.previousState());
      out.end("item");
    }
    out.end("instancesSet");
  }

  /** {@code <name><code>16</code><name>running</name></name>}: EC2's state codes. */
  static void state(XmlWriter out, String element, InstanceState state) {
    int code = switch (state) {
      case PENDING -> 0;
      case RUNNING -> 16;
      case SHUTTING_DOWN -> 32;
      case TERMINATED -> 48;
      case STOPPING -> 64;
      case STOPPED -> 80;
    };
    out.start(element).value("code", code).text("name", state.wireValue()).end(element);
  }

  /** {@code <name>} with one {@code <item>} per mapping. */
  static void mappings(XmlWriter out, String element, List<BlockDeviceMapping> mappings) {
    out.start(element);
    for (BlockDeviceMapping mapping : mappings) {
      out.start("item").text("deviceName", mapping.deviceName());
      if (mapping instanceof BlockDeviceMapping.Ebs ebs) {
        ebs(out, ebs.ebs());
      } else if (mapping instanceof BlockDeviceMapping.Ephemeral ephemeral) {
        out.text("virtualName", ephemeral.virtualName());
      } else {
        out.text("noDevice", "");
      }
      out.end("item");
    }
    out.end(element);
  }

  private static void ebs(XmlWriter out, EbsBlockDevice ebs) {
    out.start("ebs")
        .optional("snapshotId", ebs.snapshotId())
        .optional("volumeSize", ebs.volumeSize())
        .optional("deleteOnTermination", ebs.deleteOnTermination())
        .optional("volumeType", ebs.volumeType())
        .optional("iops", ebs.iops())
        .optional("throughput", ebs.throughput())
        .optional("kmsKeyId", ebs.kmsKeyId())
        .optional("encrypted", ebs.encrypted())
        .end("ebs");
  }

  /** {@code <tagSet>}, left out when there is no tag. */
  static void tags(XmlWriter out, List<Tag> tags) {
    if (tags.isEmpty()) {
      return;
    }
    out.start("tagSet");
    tags.forEach(tag -> out.start("item").text("key", tag.key()).text("value", tag.value()).end("item"));
    out.end("tagSet");
  }

  /** {@code <productCodes>}, left out when there is none. */
  static void productCodes(XmlWriter out, List<ProductCode> codes) {
    if (codes.isEmpty()) {
      return;
    }
    out.start("productCodes");
    codes.forEach(code -> out.start("item").text("productCode", code.productCodeId()).value("type", code.type()).end("item"));
    out.end("productCodes");
  }

  /** {@code <name>} with one {@code <item>} per permission ({@code userId}, {@code group}, or an organization ARN). */
  static void permissions(XmlWriter out, String element, List<LaunchPermission> permissions) {
    out.start(element);
    for (LaunchPermission permission : permissions) {
      out.start("item");
      if (permission instanceof LaunchPermission.Account account) {
        out.value("userId", account.accountId());
      } else if (permission instanceof LaunchPermission.Organization organization) {
        out.text("organizationArn", organization.arn());
      } else if (permission instanceof LaunchPermission.OrganizationalUnit unit) {
        out.text("organizationalUnitArn", unit.arn());
      } else {
        out.text("group", LaunchPermission.Everyone.GROUP);
      }
      out.end("item");
    }
    out.end(element);
  }
}
