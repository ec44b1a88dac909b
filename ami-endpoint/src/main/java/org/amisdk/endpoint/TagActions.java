package org.amisdk.endpoint;

import org.amisdk.model.Ec2ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.DescribeSnapshotsRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.Filter;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.Snapshot;
import org.amisdk.model.ResourceId;
import org.amisdk.model.Tag;

/** The tag actions: CreateTags, DeleteTags and DescribeTags. */
final class TagActions {
  private TagActions() {}

  /** Adds the tag actions to {@code table}. */
  static void addTo(ActionTable table) {
    table.add("CreateTags", call -> {
          call.ec2().createTags(resources(call), Ec2Params.tags(call.form()));
          call.out().text("return", "true");
        })
        .add("DeleteTags", call -> {
          List<String> keys = new ArrayList<>();
          call.form().structures("Tag").forEach(tag -> keys.add(tag.required("Key")));
          call.ec2().deleteTags(resources(call), keys);
          call.out().text("return", "true");
        })
        .add("DescribeTags", TagActions::describeTags);
  }

  private static List<ResourceId> resources(Call call) {
    List<String> resources = call.form().list("ResourceId");
    if (resources.isEmpty()) {
      throw new Ec2Exception(Ec2ErrorCode.MISSING_PARAMETER, "The request must contain the parameter ResourceId");
    }
    return resources.stream().map(ResourceId::parse).toList();
  }

  /** One tag of one resource. */
  private record ResourceTag(String resourceId, String resourceType, Tag tag) {}

  /**
   * DescribeTags over the caller's view: the tags the caller set on its images and snapshots,
   * those shared with it explicitly, and its volumes and instances. The control plane has no
   * DescribeTags of its own; filters {@code key}, {@code value}, {@code resource-id} and {@code
   * resource-type} are matched exactly (no wildcards), and the answer is one page.
   */
  private static void describeTags(Call call) {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    for (Filter filter : Ec2Params.filters(call.form())) {
      if (!List.of("key", "value", "resource-id", "resource-type").contains(filter.name())) {
        throw new Ec2Exception("InvalidFilter", "The filter '" + filter.name() + "' is invalid");
      }
      filters.put(filter.name(), filter.values());
    }
    Ec2 ec2 = call.ec2();
    Map<String, ResourceTag> found = new LinkedHashMap<>();
    List<Image> images = new ArrayList<>(ec2.describeImages(DescribeImagesRequest.builder().addOwners("self").build()).images());
    images.addAll(ec2.describeImages(DescribeImagesRequest.builder().addExecutableUsers("self").build()).images());
    images.forEach(image -> image.tags().forEach(tag -> add(found, image.imageId().toString(), "image", tag)));
    List<Snapshot> snapshots = new ArrayList<>(
        ec2.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots());
    snapshots.addAll(ec2.describeSnapshots(DescribeSnapshotsRequest.builder().addRestorableByUserIds("self").build()).snapshots());
    snapshots.forEach(snapshot -> snapshot.tags().forEach(tag -> add(found, snapshot.snapshotId().toString(), "snapshot", tag)));
    ec2.describeVolumes(List.of()).forEach(volume -> volume.tags().forEach(tag -> add(found, volume.volumeId().toString(), "volume", tag)));
    ec2.describeInstances(List.of()).forEach(instance -> instance.tags().forEach(
        tag -> add(found, instance.instanceId().toString(), "instance", tag)));
    XmlWriter out = call.out().start("tagSet");
    for (ResourceTag tag : found.values()) {
      if (matches(filters.get("key"), tag.tag().key()) && matches(filters.get("value"), tag.tag().value())
          && matches(filters.get("resource-id"), tag.resourceId()) && matches(filters.get("resource-type"), tag.resourceType())) {
        out.start("item").text("resourceId", tag.resourceId()).text("resourceType", tag.resourceType())
            .text("key", tag.tag().key()).text("value", tag.tag().value()).end("item");
      }
    }
    out.end("tagSet");
  }

  private static void add(Map<String, ResourceTag> found, String resourceId, String type, Tag tag) {
    found.putIfAbsent(resourceId + "\u0000" + tag.key(), new ResourceTag(resourceId, type, tag));
  }

  private static boolean matches(List<String> wanted, String value) {
    return wanted == null || wanted.contains(value);
  }
}
