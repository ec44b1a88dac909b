package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.ResourceId;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeId;

/** Tags: CreateTags and DeleteTags on any resource the caller may see; each account sees only its own tags. */
final class Tags extends SessionArea {
  Tags(Session session) {
    super(session);
  }

  void createTags(List<? extends ResourceId> resources, List<Tag> tags) {
    for (Tag tag : tags) {
      if (tag.isReserved()) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_TAG_KEY_MALFORMED,
            "tag key \"%s\" is reserved: keys starting with aws: are set by AWS only", tag.key());
      }
    }
    retag(resources, existing -> {
      Map<String, Tag> byKey = new LinkedHashMap<>();
      existing.forEach(t -> byKey.put(t.key(), t));
      tags.forEach(t -> byKey.put(t.key(), t));
      long user = byKey.values().stream().filter(t -> !t.isReserved()).count();
      if (user > Session.MAX_TAGS) {
        throw Ec2Exception.of(Ec2ErrorCode.TAG_LIMIT_EXCEEDED, "resource would have %d tags: at most 50 user tags per resource", user);
      }
      return ImmutableList.copyOf(byKey.values());
    });
  }

  void deleteTags(List<? extends ResourceId> resources, List<String> keys) {
    for (String key : keys) {
      if (key.startsWith(Tag.RESERVED_PREFIX)) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_TAG_KEY_MALFORMED,
            "tag key \"%s\" is reserved: keys starting with aws: are set by AWS only", key);
      }
    }
    retag(resources, existing -> ImmutableList.copyOf(existing.stream().filter(t -> !keys.contains(t.key())).toList()));
  }

  /** Applies {@code change} to the caller's tags on every resource, after checking all of them exist and are visible. */
  private void retag(List<? extends ResourceId> resources, java.util.function.Function<List<Tag>, ImmutableList<Tag>> change) {
    cloud.write(region, state -> {
      List<Runnable> updates = new ArrayList<>();
      for (ResourceId resource : resources) {
        if (resource instanceof ImageId image) {
          RegionState.ImageEntry entry = session.visibleImage(state, image);
          ImmutableMap<AccountId, ImmutableList<Tag>> tags = retagged(entry.tags(), change);
          updates.add(() -> state.put(entry.withTags(tags)));
        } else if (resource instanceof SnapshotId snapshot) {
          RegionState.SnapshotEntry entry = session.restorableSnapshot(state, snapshot);
          ImmutableMap<AccountId, ImmutableList<Tag>> tags = retagged(entry.tags(), change);
          updates.add(() -> state.put(entry.withTags(tags)));
        } else if (resource instanceof VolumeId volume) {
          RegionState.VolumeEntry entry = session.ownedVolume(state, volume);
          ImmutableList<Tag> tags = change.apply(entry.tags());
          updates.add(() -> state.put(entry.withTags(tags)));
        } else if (resource instanceof InstanceId instance) {
          RegionState.InstanceEntry entry = session.ownedInstance(state, instance);
          ImmutableList<Tag> tags = change.apply(entry.tags());
          updates.add(() -> state.put(entry.withTags(tags)));
        } else {
          throw Ec2Exception.of(Ec2ErrorCode.INVALID_ID, "The ID '%s' is not valid", resource);
        }
      }
      session.beforeChange();
      updates.forEach(Runnable::run);
      return null;
    });
  }

  private ImmutableMap<AccountId, ImmutableList<Tag>> retagged(
      ImmutableMap<AccountId, ImmutableList<Tag>> all, java.util.function.Function<List<Tag>, ImmutableList<Tag>> change) {
    ImmutableList<Tag> mine = change.apply(all.getOrDefault(caller, ImmutableList.of()));
    Map<AccountId, ImmutableList<Tag>> next = new LinkedHashMap<>(all);
    if (mine.isEmpty()) {
      next.remove(caller);
    } else {
      next.put(caller, mine);
    }
    return ImmutableMap.copyOf(next);
  }

  /**
   * DescribeTags: the caller's tags on the images it sees, the snapshots it may restore, and its
   * volumes and instances, filtered and paged by resource id then key.
   */
  DescribeTagsResponse describeTags(DescribeTagsRequest request) {
    int pageSize = Paging.pageSize("describe tags", request.maxResults(), false);
    Views.Matcher<DescribeTagsResponse.TagDescription> matcher = Views.tagMatcher(request.filters());
    String after = request.nextToken().map(Tags::afterToken).orElse("");
    return cloud.read(region, state -> {
      List<DescribeTagsResponse.TagDescription> found = new ArrayList<>();
      java.util.function.BiConsumer<ResourceId, List<Tag>> add = (id, tags) -> {
        String type = resourceType(id);
        for (Tag tag : tags) {
          DescribeTagsResponse.TagDescription described = new DescribeTagsResponse.TagDescription(id, type, tag);
          if (sortKey(described).compareTo(after) > 0 && matcher.matches(described)) {
            found.add(described);
          }
        }
      };
      state.images().stream().filter(session::visible)
          .forEach(e -> add.accept(e.image().imageId(), e.tags().getOrDefault(caller, ImmutableList.of())));
      state.snapshots().stream().filter(e -> Views.mayRestore(caller, session.principals, e))
          .forEach(e -> add.accept(e.snapshot().snapshotId(), e.tags().getOrDefault(caller, ImmutableList.of())));
      Instant now = session.now(); // a deleted volume whose deleting period passed is gone, though its entry awaits a purge
      state.volumes().stream().filter(e -> e.owner().equals(caller) && !e.gone(now)).forEach(e -> add.accept(e.id(), e.tags()));
      state.instances().stream().filter(e -> e.owner().equals(caller)).forEach(e -> add.accept(e.id(), e.tags()));
      return Paging.page(found, pageSize, Tags::sortKey, DescribeTagsResponse::new);
    });
  }

  /** EC2's resource type name of an id's kind. */
  static String resourceType(ResourceId id) {
    return id instanceof ImageId ? "image" : id instanceof SnapshotId ? "snapshot" : id instanceof VolumeId ? "volume" : "instance";
  }

  /** The order of tags in pages: resource id, a space (no id has one), then key. */
  private static String sortKey(DescribeTagsResponse.TagDescription tag) {
    return tag.resourceId() + " " + tag.tag().key();
  }

  private static String afterToken(String token) {
    try {
      String after = new String(java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8);
      int space = after.indexOf(' ');
      if (space < 0) {
        throw new IllegalArgumentException(after);
      }
      ResourceId.parse(after.substring(0, space));
      return after;
    } catch (IllegalArgumentException | Ec2Exception e) {
      throw Views.invalidToken(token);
    }
  }
}
