package org.amisdk.json;

import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.BootMode;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Hypervisor;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.ImageType;
import org.amisdk.model.ImageWatermark;
import org.amisdk.model.ImdsSupport;
import org.amisdk.model.InstanceId;
import org.amisdk.model.KernelId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Platform;
import org.amisdk.model.ProductCode;
import org.amisdk.model.ProductCodeType;
import org.amisdk.model.RamdiskId;
import org.amisdk.model.Region;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.SseType;
import org.amisdk.model.StateReason;
import org.amisdk.model.StorageTier;
import org.amisdk.model.Tag;
import org.amisdk.model.TpmSupport;
import org.amisdk.model.TransferType;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.VolumeId;
import org.amisdk.model.VolumeType;

/** Reads model values from AWS CLI JSON objects, key by key. */
final class ModelReader {
  private ModelReader() {}

  static Image image(In in) {
    Image.Builder image = Image.builder()
        .imageId(in.required("ImageId", ImageId::parse))
        .imageLocation(in.string("ImageLocation"))
        .state(in.requiredWire("State", ImageState.class))
        .ownerId(in.required("OwnerId", AccountId::parse))
        .creationDate(in.time("CreationDate"))
        .isPublic(in.bool("Public").orElseThrow(() -> in.missing("Public")))
        .productCodes(in.list("ProductCodes", ModelReader::productCode))
        .architecture(in.requiredWire("Architecture", Architecture.class))
        .imageType(in.requiredWire("ImageType", ImageType.class))
        .kernelId(in.string("KernelId", KernelId::parse))
        .ramdiskId(in.string("RamdiskId", RamdiskId::parse))
        .platform(in.wire("Platform", Platform.class))
        .platformDetails(in.string("PlatformDetails"))
        .usageOperation(in.string("UsageOperation"))
        .blockDeviceMappings(in.list("BlockDeviceMappings", ModelReader::mapping))
        .description(in.string("Description"))
        .enaSupport(in.bool("EnaSupport"))
        .hypervisor(in.requiredWire("Hypervisor", Hypervisor.class))
        .imageOwnerAlias(in.string("ImageOwnerAlias"))
        .name(in.string("Name"))
        .rootDeviceName(in.string("RootDeviceName"))
        .rootDeviceType(in.requiredWire("RootDeviceType", RootDeviceType.class))
        .sriovNetSupport(in.string("SriovNetSupport"))
        .tags(in.list("Tags", ModelReader::tag))
        .virtualizationType(in.requiredWire("VirtualizationType", VirtualizationType.class))
        .bootMode(in.wire("BootMode", BootMode.class))
        .tpmSupport(in.wire("TpmSupport", TpmSupport.class))
        .deprecationTime(in.time("DeprecationTime"))
        .imdsSupport(in.wire("ImdsSupport", ImdsSupport.class))
        .sourceInstanceId(in.string("SourceInstanceId", InstanceId::parse))
        .deregistrationProtection(in.string("DeregistrationProtection"))
        .lastLaunchedTime(in.time("LastLaunchedTime"))
        .imageAllowed(in.bool("ImageAllowed"))
        .sourceImageId(in.string("SourceImageId", ImageId::parse))
        .sourceImageRegion(in.string("SourceImageRegion", Region::of))
        .freeTierEligible(in.bool("FreeTierEligible"))
        .publicSsmParameterName(in.string("PublicSsmParameterName"))
        .imageWatermarks(in.list("ImageWatermarks", ModelReader::watermark));
    if (in.has("StateReason")) {
      In reason = in.child("StateReason");
      image.stateReason(reason.build(() -> StateReason.of(
          reason.string("Code").orElse(""), reason.string("Message").orElse(""))));
    }
    return in.build(image::build);
  }

  static Snapshot snapshot(In in) {
    Snapshot.Builder snapshot = Snapshot.builder()
        .snapshotId(in.required("SnapshotId", SnapshotId::parse))
        .volumeId(in.string("VolumeId", VolumeId::parse))
        .state(in.requiredWire("State", SnapshotState.class))
        .stateMessage(in.string("StateMessage"))
        .startTime(in.time("StartTime").orElseThrow(() -> in.missing("StartTime")))
        .progress(in.string("Progress").map(text -> progress(in, text)))
        .ownerId(in.required("OwnerId", AccountId::parse))
        .ownerAlias(in.string("OwnerAlias"))
        .description(in.string("Description"))
        .volumeSize(in.int32("VolumeSize").orElseThrow(() -> in.missing("VolumeSize")))
        .tags(in.list("Tags", ModelReader::tag))
        .encrypted(in.bool("Encrypted"))
        .kmsKeyId(in.string("KmsKeyId"))
        .dataEncryptionKeyId(in.string("DataEncryptionKeyId"))
        .sseType(in.wire("SseType", SseType.class))
        .outpostArn(in.string("OutpostArn"))
        .availabilityZone(in.string("AvailabilityZone"))
        .storageTier(in.wire("StorageTier", StorageTier.class))
        .restoreExpiryTime(in.time("RestoreExpiryTime"))
        .transferType(in.wire("TransferType", TransferType.class))
        .completionDurationMinutes(in.int32("CompletionDurationMinutes"))
        .completionTime(in.time("CompletionTime"))
        .fullSnapshotSizeInBytes(in.integer("FullSnapshotSizeInBytes", 0, Long.MAX_VALUE));
    return in.build(snapshot::build);
  }

  /** {@code "87%"} to 87. */
  private static int progress(In in, String text) {
    if (text.matches("[0-9]{1,3}%")) {
      int percent = Integer.parseInt(text.substring(0, text.length() - 1));
      if (percent <= 100) {
        return percent;
      }
    }
    throw new AwsJsonException(in.path() + ".Progress", In.quote(text) + " is not a percentage from 0% to 100%");
  }

  static BlockDeviceMapping mapping(In in) {
    String device = in.requiredString("DeviceName");
    EbsBlockDevice ebs = in.has("Ebs") ? ebs(in.child("Ebs")) : null;
    String virtualName = in.string("VirtualName").orElse(null);
    String noDevice = in.string("NoDevice").orElse(null);
    return in.build(() -> BlockDeviceMapping.fromWireFields(device, ebs, virtualName, noDevice));
  }

  private static EbsBlockDevice ebs(In in) {
    EbsBlockDevice.Builder ebs = EbsBlockDevice.builder()
        .snapshotId(in.string("SnapshotId", SnapshotId::parse))
        .volumeSize(in.int32("VolumeSize"))
        .volumeType(in.wire("VolumeType", VolumeType.class))
        .iops(in.int32("Iops"))
        .throughput(in.int32("Throughput"))
        .encrypted(in.bool("Encrypted"))
        .kmsKeyId(in.string("KmsKeyId"))
        .deleteOnTermination(in.bool("DeleteOnTermination"));
    return in.build(ebs::build);
  }

  static Tag tag(In in) {
    String key = in.requiredString("Key");
    String value = in.requiredString("Value");
    return in.build(() -> Tag.reported(key, value));
  }

  private static ProductCode productCode(In in) {
    String id = in.requiredString("ProductCodeId");
    ProductCodeType type = in.requiredWire("ProductCodeType", ProductCodeType.class);
    return in.build(() -> ProductCode.of(id, type));
  }

  private static ImageWatermark watermark(In in) {
    ImageWatermark.Builder watermark = ImageWatermark.builder()
        .watermarkKey(in.requiredString("WatermarkKey"))
        .sourceImageRegion(in.string("SourceImageRegion", Region::of))
        .sourceImageId(in.string("SourceImageId", ImageId::parse))
        .sourceImageCreationTime(in.time("SourceImageCreationTime"))
        .watermarkCreationTime(in.time("WatermarkCreationTime"));
    return in.build(watermark::build);
  }

  static LaunchPermission permission(In in) {
    String userId = in.string("UserId").orElse(null);
    String group = in.string("Group").orElse(null);
    String organizationArn = in.string("OrganizationArn").orElse(null);
    String unitArn = in.string("OrganizationalUnitArn").orElse(null);
    return in.build(() -> LaunchPermission.fromWireFields(userId, group, organizationArn, unitArn));
  }
}
