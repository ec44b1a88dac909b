package org.amisdk.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.amisdk.json.AwsJson;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeId;
import org.amisdk.model.VolumeType;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockVolumeId;
/**
 * A region's catalog as one JSON document: images and snapshots in the AWS CLI shape (through
 * {@link AwsJson#module()}), plus what the control plane keeps beside them (permissions, each
 * account's tags, clock-driven completion times, volumes, instances). Reading is strict: a file
 * that does not read back whole is refused, never half-loaded.
 */
final class Catalog {
  private static final int VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(AwsJson.module());

  private Catalog() {}

  static byte[] write(RegionState state) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("Version", VERSION);
    ArrayNode blocked = root.putArray("BlockPublicAccess");
    state.blockPublicAccess().forEach(a -> blocked.add(a.toString()));
    ArrayNode images = root.putArray("Images");
    for (RegionState.ImageEntry e : state.images()) {
      ObjectNode node = images.addObject();
      node.set("Image", MAPPER.valueToTree(e.image()));
      node.set("Permissions", permissions(e.permissions()));
      node.set("Tags", tagsByAccount(e.tags()));
      node.put("AvailableAt", e.availableAt().toString());
      ObjectNode protection = node.putObject("Protection");
      protection.put("Enabled", e.protection().enabled());
      protection.put("Cooldown", e.protection().cooldown());
      e.protection().until().ifPresent(t -> protection.put("Until", t.toString()));
    }
    ArrayNode snapshots = root.putArray("Snapshots");
    for (RegionState.SnapshotEntry e : state.snapshots()) {
      ObjectNode node = snapshots.addObject();
      node.set("Snapshot", MAPPER.valueToTree(e.snapshot()));
      node.put("CompleteAt", e.completeAt().toString());
      e.data().ifPresent(d -> node.put("Data", d.toString()));
      node.set("Permissions", permissions(e.permissions()));
      node.set("Tags", tagsByAccount(e.tags()));
      ObjectNode tier = node.putObject("Tier");
      tier.put("Operation", e.tier().lastOperation());
      e.tier().started().ifPresent(t -> tier.put("Started", t.toString()));
      e.tier().completes().ifPresent(t -> tier.put("Completes", t.toString()));
      e.tier().restoreExpiry().ifPresent(t -> tier.put("RestoreExpiry", t.toString()));
    }
    ArrayNode volumes = root.putArray("Volumes");
    for (RegionState.VolumeEntry e : state.volumes()) {
      ObjectNode node = volumes.addObject();
      node.put("VolumeId", e.id().toString());
      node.put("Owner", e.owner().toString());
      node.put("Size", e.size());
      e.snapshotId().ifPresent(s -> node.put("SnapshotId", s.toString()));
      node.put("Type", e.type().wireValue());
      node.put("Encrypted", e.encrypted());
      node.put("Created", e.created().toString());
      node.put("Data", e.data().toString());
      e.attachedTo().ifPresent(i -> node.put("AttachedTo", i.toString()));
      node.set("Tags", tags(e.tags()));
    }
    ArrayNode instances = root.putArray("Instances");
    for (RegionState.InstanceEntry e : state.instances()) {
      ObjectNode node = instances.addObject();
      node.put("InstanceId", e.id().toString());
      node.put("Owner", e.owner().toString());
      node.put("ImageId", e.imageId().toString());
      node.put("Type", e.type());
      node.put("Architecture", e.architecture().wireValue());
      node.put("RootDeviceType", e.rootDeviceType().wireValue());
      e.rootDeviceName().ifPresent(n -> node.put("RootDeviceName", n));
      ArrayNode devices = node.putArray("Devices");
      for (Instance.Attachment a : e.devices()) {
        devices.addObject().put("DeviceName", a.deviceName()).put("VolumeId", a.volumeId().toString())
            .put("DeleteOnTermination", a.deleteOnTermination());
      }
      node.put("LaunchTime", e.launchTime().toString());
      node.put("Phase", e.phase().name());
      node.put("PhaseEnds", e.phaseEnds().toString());
      node.set("Tags", tags(e.tags()));
      e.instanceStore().ifPresent(v -> node.put("InstanceStore", v.toString()));
    }
    return MAPPER.writeValueAsBytes(root);
  }

  /** Reads a catalog into an empty region state; refuses the file whole when any part is bad. */
  static void read(String json, RegionState state) throws IOException {
    RegionState loaded = new RegionState(state.region);
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || root.path("Version").asInt() != VERSION) {
        throw new IOException("catalog of region " + state.region + " has version " + (root == null ? "none" : root.path("Version"))
            + ": this version reads " + VERSION);
      }
      for (JsonNode a : root.path("BlockPublicAccess")) {
        loaded.blockPublicAccess(AccountId.parse(a.asText()), true);
      }
      for (JsonNode node : root.path("Images")) {
        Image image = MAPPER.treeToValue(node.get("Image"), Image.class);
        JsonNode p = node.path("Protection");
        loaded.put(new RegionState.ImageEntry(image, permissions(node.path("Permissions")), tagsByAccount(node.path("Tags")),
            Instant.parse(text(node, "AvailableAt")),
            new RegionState.Protection(p.path("Enabled").asBoolean(), p.path("Cooldown").asBoolean(), instant(p, "Until"))));
      }
      for (JsonNode node : root.path("Snapshots")) {
        Snapshot snapshot = MAPPER.treeToValue(node.get("Snapshot"), Snapshot.class);
        JsonNode t = node.path("Tier");
        loaded.put(new RegionState.SnapshotEntry(snapshot, Instant.parse(text(node, "CompleteAt")),
            optional(node, "Data").map(BlockSnapshotId::parse), permissions(node.path("Permissions")),
            tagsByAccount(node.path("Tags")),
            new RegionState.Tier(t.path("Operation").asText(""), instant(t, "Started"), instant(t, "Completes"), instant(t, "RestoreExpiry"))));
      }
      for (JsonNode node : root.path("Volumes")) {
        VolumeId id = VolumeId.parse(text(node, "VolumeId"));
        loaded.put(new RegionState.VolumeEntry(id, AccountId.parse(text(node, "Owner")), node.path("Size").asInt(),
            optional(node, "SnapshotId").map(SnapshotId::parse), VolumeType.fromWireValue(text(node, "Type")),
            node.path("Encrypted").asBoolean(), Instant.parse(text(node, "Created")),
            BlockVolumeId.parse(text(node, "Data")), optional(node, "AttachedTo").map(InstanceId::parse),
            tags(node.path("Tags"))));
      }
      for (JsonNode node : root.path("Instances")) {
        InstanceId id = InstanceId.parse(text(node, "InstanceId"));
        ImmutableList.Builder<Instance.Attachment> devices = ImmutableList.builder();
        for (JsonNode d : node.path("Devices")) {
          devices.add(new Instance.Attachment(text(d, "DeviceName"), VolumeId.parse(text(d, "VolumeId")),
              d.path("DeleteOnTermination").asBoolean()));
        }
        loaded.put(new RegionState.InstanceEntry(id, AccountId.parse(text(node, "Owner")),
            ImageId.parse(text(node, "ImageId")), text(node, "Type"), Architecture.fromWireValue(text(node, "Architecture")),
            RootDeviceType.fromWireValue(text(node, "RootDeviceType")), optional(node, "RootDeviceName"), devices.build(),
            Instant.parse(text(node, "LaunchTime")), RegionState.Phase.valueOf(text(node, "Phase")),
            Instant.parse(text(node, "PhaseEnds")), tags(node.path("Tags")),
            optional(node, "InstanceStore").map(BlockVolumeId::parse)));
      }
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IOException("catalog of region " + state.region + " is corrupt: " + e.getMessage(), e);
    }
    loaded.images().forEach(state::put);
    loaded.snapshots().forEach(state::put);
    loaded.volumes().forEach(state::put);
    loaded.instances().forEach(state::put);
    loaded.blockPublicAccess().forEach(account -> state.blockPublicAccess(account, true));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field " + field + " is missing or not text");
    }
    return value.asText();
  }

  private static Optional<String> optional(JsonNode node, String field) {
    return node.has(field) ? Optional.of(text(node, field)) : Optional.empty();
  }

  private static Optional<Instant> instant(JsonNode node, String field) {
    return optional(node, field).map(Instant::parse);
  }

  private static ArrayNode permissions(ImmutableSet<LaunchPermission> permissions) {
    ArrayNode out = MAPPER.createArrayNode();
    for (LaunchPermission p : permissions) {
      out.add(p instanceof LaunchPermission.Account a ? a.accountId().toString()
          : p instanceof LaunchPermission.Organization o ? o.arn()
          : p instanceof LaunchPermission.OrganizationalUnit u ? u.arn()
          : LaunchPermission.Everyone.GROUP);
    }
    return out;
  }

  private static ImmutableSet<LaunchPermission> permissions(JsonNode node) {
    ImmutableSet.Builder<LaunchPermission> out = ImmutableSet.builder();
    for (JsonNode p : node) {
      String text = p.asText();
      out.add(text.equals(LaunchPermission.Everyone.GROUP) ? LaunchPermission.EVERYONE
          : text.contains(":organization/") ? new LaunchPermission.Organization(text)
          : text.contains(":ou/") ? new LaunchPermission.OrganizationalUnit(text)
          : new LaunchPermission.Account(AccountId.parse(text)));
    }
    return out.build();
  }

  private static ArrayNode tags(List<Tag> tags) {
    ArrayNode out = MAPPER.createArrayNode();
    tags.forEach(t -> out.addObject().put("Key", t.key()).put("Value", t.value()));
    return out;
  }

  private static ImmutableList<Tag> tags(JsonNode node) {
    List<Tag> out = new ArrayList<>();
    node.forEach(t -> out.add(Tag.reported(text(t, "Key"), text(t, "Value"))));
    return ImmutableList.copyOf(out);
  }

  private static ObjectNode tagsByAccount(ImmutableMap<AccountId, ImmutableList<Tag>> tags) {
    ObjectNode out = MAPPER.createObjectNode();
    tags.forEach((account, list) -> out.set(account.toString(), tags(list)));
    return out;
  }

  private static ImmutableMap<AccountId, ImmutableList<Tag>> tagsByAccount(JsonNode node) {
    Map<AccountId, ImmutableList<Tag>> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(AccountId.parse(e.getKey()), tags(e.getValue())));
    return ImmutableMap.copyOf(out);
  }
}
