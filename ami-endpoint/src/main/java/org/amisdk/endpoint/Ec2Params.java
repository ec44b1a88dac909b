package org.amisdk.endpoint;

import org.amisdk.model.Ec2ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.amisdk.cloud.Filter;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeType;

/** The request shapes several EC2 actions share: filters, tags, block device mappings, permissions. */
final class Ec2Params {
  private Ec2Params() {}

  /** {@code Filter.N.Name} and {@code Filter.N.Value.M}; a filter without a name is {@code InvalidParameterValue}. */
  static List<Filter> filters(QueryForm form) {
    List<Filter> filters = new ArrayList<>();
    int position = 0;
    for (QueryForm filter : form.structures("Filter")) {
      position++;
      String name = filter.get("Name").orElse("");
      if (name.isEmpty()) {
        throw new Ec2Exception(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            "filter " + position + " has no name: each Filter.N needs Filter.N.Name");
      }
      filters.add(Filter.builder().name(name).values(filter.list("Value")).build());
    }
    return filters;
  }

  /** {@code TagSpecification.N.ResourceType} and {@code .Tag.M.Key/Value}: the tags for each resource type, in order. */
  static Map<String, List<Tag>> tagSpecifications(QueryForm form) {
    Map<String, List<Tag>> byType = new LinkedHashMap<>();
    for (QueryForm specification : form.structures("TagSpecification")) {
      String type = specification.required("ResourceType");
      byType.computeIfAbsent(type, t -> new ArrayList<>()).addAll(tags(specification));
    }
    return byType;
  }

  /** The tags of one resource type from TagSpecifications; {@code InvalidParameterValue} for any other type. */
  static List<Tag> tagsFor(QueryForm form, String... allowedTypes) {
    Map<String, List<Tag>> byType = tagSpecifications(form);
    checkTypes(byType, allowedTypes);
    return byType.getOrDefault(allowedTypes[0], List.of());
  }

  /** {@code Tag.N.Key} and {@code Tag.N.Value} (an absent value is empty). */
  static List<Tag> tags(QueryForm form) {
    List<Tag> tags = new ArrayList<>();
    for (QueryForm tag : form.structures("Tag")) {
      tags.add(Tag.of(tag.required("Key"), tag.get("Value").orElse("")));
    }
    return tags;
  }

  /** {@code BlockDeviceMapping.N.*}: exactly one of {@code Ebs}, {@code VirtualName}, {@code NoDevice} each. */
  static List<BlockDeviceMapping> blockDeviceMappings(QueryForm form) {
    List<BlockDeviceMapping> mappings = new ArrayList<>();
    for (QueryForm mapping : form.structures("BlockDeviceMapping")) {
      EbsBlockDevice ebs = mapping.structure("Ebs").map(Ec2Params::ebs).orElse(null);
      mappings.add(BlockDeviceMapping.fromWireFields(mapping.required("DeviceName"), ebs,
          mapping.get("VirtualName").orElse(null), mapping.get("NoDevice").orElse(null)));
    }
    return mappings;
  }

  private static EbsBlockDevice ebs(QueryForm ebs) {
    EbsBlockDevice.Builder builder = EbsBlockDevice.builder();
    ebs.get("SnapshotId").map(SnapshotId::parse).ifPresent(builder::snapshotId);
    ebs.integer("VolumeSize").ifPresent(builder::volumeSize);
    ebs.get("VolumeType").map(VolumeType::fromWireValue).ifPresent(builder::volumeType);
    ebs.integer("Iops").ifPresent(builder::iops);
    ebs.integer("Throughput").ifPresent(builder::throughput);
    ebs.bool("Encrypted").ifPresent(builder::encrypted);
    ebs.get("KmsKeyId").ifPresent(builder::kmsKeyId);
    ebs.bool("DeleteOnTermination").ifPresent(builder::deleteOnTermination);
    return builder.build();
  }

  /** {@code <name>.N.UserId / Group / OrganizationArn / OrganizationalUnitArn}. */
  static List<LaunchPermission> permissions(QueryForm form, String name) {
    List<LaunchPermission> permissions = new ArrayList<>();
    for (QueryForm permission : form.structures(name)) {
      permissions.add(LaunchPermission.fromWireFields(permission.get("UserId").orElse(null),
          permission.get("Group").orElse(null), permission.get("OrganizationArn").orElse(null),
          permission.get("OrganizationalUnitArn").orElse(null)));
    }
    return permissions;
  }

  /**
   * The older flat form of a permission change: {@code OperationType} ({@code add} or {@code
   * remove}) with {@code UserId.N}, {@code UserGroup.N}, {@code OrganizationArn.N}, {@code
   * OrganizationalUnitArn.N}. Returns the permissions named; {@code add} tells which list they go to.
   */
  private static List<LaunchPermission> flatPermissions(QueryForm form) {
    List<LaunchPermission> permissions = new ArrayList<>();
    form.list("UserId").forEach(user -> permissions.add(LaunchPermission.fromWireFields(user, null, null, null)));
    form.list("UserGroup").forEach(group -> permissions.add(LaunchPermission.fromWireFields(null, group, null, null)));
    form.list("OrganizationArn").forEach(arn -> permissions.add(LaunchPermission.fromWireFields(null, null, arn, null)));
    form.list("OrganizationalUnitArn").forEach(arn -> permissions.add(LaunchPermission.fromWireFields(null, null, null, arn)));
    return permissions;
  }

  /** The permissions a Modify*Attribute call adds and removes. */
  record PermissionChange(List<LaunchPermission> add, List<LaunchPermission> remove) {}

  /**
   * The permission change of a Modify*Attribute call, in either form EC2 takes: {@code
   * <structure>.Add.N.*} and {@code <structure>.Remove.N.*}, or the flat {@code OperationType}
   * with {@code UserId.N}, {@code UserGroup.N}, ...
   */
  static PermissionChange permissionChange(QueryForm form, String structure) {
    List<LaunchPermission> add = new ArrayList<>();
    List<LaunchPermission> remove = new ArrayList<>();
    List<LaunchPermission> flat = flatPermissions(form);
    if (!flat.isEmpty()) {
      (addOperation(form) ? add : remove).addAll(flat);
    }
    form.structure(structure).ifPresent(permission -> {
      add.addAll(permissions(permission, "Add"));
      remove.addAll(permissions(permission, "Remove"));
    });
    return new PermissionChange(add, remove);
  }

  /** Whether {@code OperationType} says add ({@code true}) or remove; {@code MissingParameter} when flat permissions lack it. */
  private static boolean addOperation(QueryForm form) {
    String operation = form.required("OperationType");
    return switch (operation) {
      case "add" -> true;
      case "remove" -> false;
      default -> throw form.invalid("OperationType", operation, "add or remove");
    };
  }

  /** Refuses TagSpecifications for resource types the action does not tag. */
  static void checkTypes(Map<String, List<Tag>> tags, String... allowed) {
    for (String type : tags.keySet()) {
      if (!List.of(allowed).contains(type)) {
        throw new Ec2Exception(Ec2ErrorCode.INVALID_PARAMETER_VALUE, String.format(
            "tag specification resource type \"%s\" is not valid here: it must be one of %s", type, List.of(allowed)));
      }
    }
  }

  /** Refuses parameters this local cloud does not model, rather than ignoring them. */
  static void unsupported(QueryForm form, String... names) {
    for (String name : names) {
      if (form.get(name).isPresent()) {
        throw new Ec2Exception(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            "parameter " + name.replace(".1", ".N") + " is not supported by this local cloud (see docs/endpoint.md)");
      }
    }
  }
}
