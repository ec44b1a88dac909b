package org.amisdk.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Compares what was read with what was written back, as JSON trees: keys the model does not know
 * may be dropped, timestamps compare as instants (the CLI prints the same time in several forms),
 * everything else must be equal.
 */
final class JsonTrees {
  static final ObjectMapper PLAIN = new ObjectMapper();

  /** Every key the model reads and writes. */
  static final Set<String> KNOWN_KEYS = Set.of(
      "Images", "Snapshots", "CreateVolumePermissions",
      "Architecture", "CreationDate", "ImageId", "ImageLocation", "ImageType", "Public", "KernelId",
      "RamdiskId", "OwnerId", "Platform", "PlatformDetails", "UsageOperation", "ProductCodes",
      "ProductCodeId", "ProductCodeType", "State", "StateReason", "Code", "Message",
      "BlockDeviceMappings", "DeviceName", "VirtualName", "NoDevice", "Ebs", "DeleteOnTermination",
      "Iops", "SnapshotId", "VolumeSize", "VolumeType", "KmsKeyId", "Throughput", "Encrypted",
      "Description", "EnaSupport", "Hypervisor", "ImageOwnerAlias", "Name", "RootDeviceName",
      "RootDeviceType", "SriovNetSupport", "Tags", "Key", "Value", "VirtualizationType", "BootMode",
      "TpmSupport", "DeprecationTime", "ImdsSupport", "SourceInstanceId", "DeregistrationProtection",
      "LastLaunchedTime", "ImageAllowed", "SourceImageId", "SourceImageRegion", "FreeTierEligible",
      "PublicSsmParameterName", "ImageWatermarks", "WatermarkKey", "SourceImageCreationTime",
      "WatermarkCreationTime", "VolumeId", "StateMessage", "StartTime", "Progress", "OwnerAlias",
      "DataEncryptionKeyId", "SseType", "OutpostArn", "AvailabilityZone", "StorageTier",
      "RestoreExpiryTime", "TransferType", "CompletionDurationMinutes", "CompletionTime",
      "FullSnapshotSizeInBytes", "UserId", "Group", "OrganizationArn", "OrganizationalUnitArn");

  private JsonTrees() {}

  static JsonNode parse(String json) {
    try {
      return PLAIN.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + e.getMessage(), e);
    }
  }

  /** Asserts {@code written} equals {@code original}, up to unknown keys and timestamp forms. */
  static void assertSameKnown(JsonNode original, JsonNode written, String path) {
    if (original.isObject() && written.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = original.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String at = path + "." + field.getKey();
        if (written.has(field.getKey())) {
          assertSameKnown(field.getValue(), written.get(field.getKey()), at);
        } else {
          assertTrue(!KNOWN_KEYS.contains(field.getKey()), at + " is known to the model but was not written back");
        }
      }
      for (Iterator<String> it = written.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        assertTrue(original.has(key), path + "." + key + " was written but not read");
      }
    } else if (original.isArray() && written.isArray()) {
      assertEquals(original.size(), written.size(), path + " length");
      for (int i = 0; i < original.size(); i++) {
        assertSameKnown(original.get(i), written.get(i), path + "[" + i + "]");
      }
    } else if (original.isTextual() && written.isTextual() && !original.equals(written)) {
      Instant before = Times.parse(original.textValue());
      Instant after = Times.parse(written.textValue());
      if (before == null || !before.equals(after)) {
        fail(path + ": read " + original + " but wrote " + written);
      }
    } else {
      assertEquals(original, written, path);
    }
  }
}
