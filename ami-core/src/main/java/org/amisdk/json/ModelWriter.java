package org.amisdk.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Image;
import org.amisdk.model.ImageWatermark;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.Tag;
import org.amisdk.model.WireValue;

/** Writes model values as AWS CLI JSON objects, keys in the CLI's classic order, absent values left out. */
final class ModelWriter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ModelWriter() {}

  static ObjectNode image(Image image) {
    ObjectNode out = NODES.objectNode();
    out.put("Architecture", image.architecture().wireValue());
    time(out, "CreationDate", image.creationDate(), Times::image);
    out.put("ImageId", image.imageId().toString());
    text(out, "ImageLocation", image.imageLocation());
    out.put("ImageType", image.imageType().wireValue());
    out.put("Public", image.isPublic());
    text(out, "KernelId", image.kernelId());
    text(out, "RamdiskId", image.ramdiskId());
    out.put("OwnerId", image.ownerId().toString());
    wire(out, "Platform", image.platform());
    text(out, "PlatformDetails", image.platformDetails());
    text(out, "UsageOperation", image.usageOperation());
    list(out, "ProductCodes", image.productCodes(), (code, o) -> {
      o.put("ProductCodeId", code.productCodeId());
      o.put("ProductCodeType", code.type().wireValue());
    });
    out.put("State", image.state().wireValue());
    image.stateReason().ifPresent(reason -> out.putObject("StateReason").put("Code", reason.code()).put("Message", reason.message()));
    ArrayNode mappings = out.putArray("BlockDeviceMappings");
    image.blockDeviceMappings().forEach(mapping -> mappings.add(mapping(mapping)));
    text(out, "Description", image.description());
    bool(out, "EnaSupport", image.enaSupport());
    out.put("Hypervisor", image.hypervisor().wireValue());
    text(out, "ImageOwnerAlias", image.imageOwnerAlias());
    text(out, "Name", image.name());
    text(out, "RootDeviceName", image.rootDeviceName());
    out.put("RootDeviceType", image.rootDeviceType().wireValue());
    text(out, "SriovNetSupport", image.sriovNetSupport());
    tags(out, image.tags());
    out.put("VirtualizationType", image.virtualizationType().wireValue());
    wire(out, "BootMode", image.bootMode());
    wire(out, "TpmSupport", image.tpmSupport());
    time(out, "DeprecationTime", image.deprecationTime(), Times::image);
    wire(out, "ImdsSupport", image.imdsSupport());
    text(out, "SourceInstanceId", image.sourceInstanceId());
    text(out, "DeregistrationProtection", image.deregistrationProtection());
    time(out, "LastLaunchedTime", image.lastLaunchedTime(), Times::lastLaunched);
    bool(out, "ImageAllowed", image.imageAllowed());
    text(out, "SourceImageId", image.sourceImageId());
    text(out, "SourceImageRegion", image.sourceImageRegion());
    bool(out, "FreeTierEligible", image.freeTierEligible());
    text(out, "PublicSsmParameterName", image.publicSsmParameterName());
    list(out, "ImageWatermarks", image.imageWatermarks(), ModelWriter::watermark);
    return out;
  }

  static ObjectNode snapshot(Snapshot snapshot) {
    ObjectNode out = NODES.objectNode();
    text(out, "Description", snapshot.description());
    bool(out, "Encrypted", snapshot.encrypted());
    text(out, "KmsKeyId", snapshot.kmsKeyId());
    text(out, "DataEncryptionKeyId", snapshot.dataEncryptionKeyId());
    out.put("OwnerId", snapshot.ownerId().toString());
    text(out, "OwnerAlias", snapshot.ownerAlias());
    snapshot.progress().ifPresent(p -> out.put("Progress", p + "%"));
    out.put("SnapshotId", snapshot.snapshotId().toString());
    out.put("StartTime", Times.snapshot(snapshot.startTime()));
    out.put("State", snapshot.state().wireValue());
    text(out, "StateMessage", snapshot.stateMessage());
    text(out, "VolumeId", snapshot.volumeId());
    out.put("VolumeSize", snapshot.volumeSize());
    tags(out, snapshot.tags());
    wire(out, "StorageTier", snapshot.storageTier());
    time(out, "RestoreExpiryTime", snapshot.restoreExpiryTime(), Times::snapshot);
    wire(out, "TransferType", snapshot.transferType());
    snapshot.completionDurationMinutes().ifPresent(m -> out.put("CompletionDurationMinutes", m));
    time(out, "CompletionTime", snapshot.completionTime(), Times::snapshot);
    snapshot.fullSnapshotSizeInBytes().ifPresent(b -> out.put("FullSnapshotSizeInBytes", b));
    wire(out, "SseType", snapshot.sseType());
    text(out, "OutpostArn", snapshot.outpostArn());
    text(out, "AvailabilityZone", snapshot.availabilityZone());
    return out;
  }

  static ObjectNode mapping(BlockDeviceMapping mapping) {
    ObjectNode out = NODES.objectNode();
    out.put("DeviceName", mapping.deviceName());
    if (mapping instanceof BlockDeviceMapping.Ebs ebs) {
      ebs(out.putObject("Ebs"), ebs.ebs());
    } else if (mapping instanceof BlockDeviceMapping.Ephemeral ephemeral) {
      out.put("VirtualName", ephemeral.virtualName());
    } else {
      out.put("NoDevice", "");
    }
    return out;
  }

  private static void ebs(ObjectNode out, EbsBlockDevice ebs) {
    bool(out, "DeleteOnTermination", ebs.deleteOnTermination());
    ebs.iops().ifPresent(iops -> out.put("Iops", iops));
    text(out, "SnapshotId", ebs.snapshotId());
    ebs.volumeSize().ifPresent(size -> out.put("VolumeSize", size));
    wire(out, "VolumeType", ebs.volumeType());
    text(out, "KmsKeyId", ebs.kmsKeyId());
    ebs.throughput().ifPresent(throughput -> out.put("Throughput", throughput));
    bool(out, "Encrypted", ebs.encrypted());
  }

  static ObjectNode permission(LaunchPermission permission) {
    ObjectNode out = NODES.objectNode();
    if (permission instanceof LaunchPermission.Account account) {
      out.put("UserId", account.accountId().toString());
    } else if (permission instanceof LaunchPermission.Organization organization) {
      out.put("OrganizationArn", organization.arn());
    } else if (permission instanceof LaunchPermission.OrganizationalUnit unit) {
      out.put("OrganizationalUnitArn", unit.arn());
    } else {
      out.put("Group", LaunchPermission.Everyone.GROUP);
    }
    return out;
  }

  private static void watermark(ImageWatermark watermark, ObjectNode out) {
    out.put("WatermarkKey", watermark.watermarkKey());
    text(out, "SourceImageRegion", watermark.sourceImageRegion());
    text(out, "SourceImageId", watermark.sourceImageId());
    time(out, "SourceImageCreationTime", watermark.sourceImageCreationTime(), Times::image);
    time(out, "WatermarkCreationTime", watermark.watermarkCreationTime(), Times::image);
  }

  private static void tags(ObjectNode out, List<Tag> tags) {
    list(out, "Tags", tags, (tag, o) -> o.put("Key", tag.key()).put("Value", tag.value()));
  }

  /** Writes a non-empty list of objects; an empty one is left out, as EC2 does. */
  private static <T> void list(ObjectNode out, String key, List<T> items, BiConsumer<T, ObjectNode> write) {
    if (!items.isEmpty()) {
      ArrayNode array = out.putArray(key);
      items.forEach(item -> write.accept(item, array.addObject()));
    }
  }

  private static void text(ObjectNode out, String key, Optional<?> value) {
    value.ifPresent(v -> out.put(key, v.toString()));
  }

  private static void wire(ObjectNode out, String key, Optional<? extends WireValue> value) {
    value.ifPresent(v -> out.put(key, v.wireValue()));
  }

  private static void bool(ObjectNode out, String key, Optional<Boolean> value) {
    value.ifPresent(v -> out.put(key, v));
  }

  private static void time(ObjectNode out, String key, Optional<Instant> value, Function<Instant, String> format) {
    value.ifPresent(v -> out.put(key, format.apply(v)));
  }
}
