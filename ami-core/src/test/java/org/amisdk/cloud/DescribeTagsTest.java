package org.amisdk.cloud;

import static org.amisdk.cloud.World.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeId;
import org.junit.jupiter.api.Test;

/**
 * DescribeTags (EC2 API reference, "DescribeTags": filters key, value, resource-id, resource-type
 * and tag:key; MaxResults and NextToken): the caller's own tags only, on what it may see.
 */
class DescribeTagsTest {
  private static List<String> described(Ec2 ec2, Filter... filters) {
    return ec2.describeTags(DescribeTagsRequest.builder().addFilters(filters).build()).tags().stream()
        .map(t -> t.resourceType() + ":" + t.resourceId() + ":" + t.tag().key() + "=" + t.tag().value()).toList();
  }

  @Test
  void describeTags_filtersByKeyValueResourceAndType_onlyTheCallersTags() throws Exception {
    try (World world = new World()) {
      ImageId image = world.image(world.alice, "web");
      VolumeId volume = world.alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build()).volumeId();
      InstanceId instance = world.alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
          .build()).get(0).instanceId();
      world.alice.createTags(List.of(image, volume, instance), List.of(Tag.of("Stage", "prod"), Tag.of("Team", "web")));
      world.alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
          .addLaunchPermissionAdd(new LaunchPermission.Account(World.BOB)).build());
      world.bob.createTags(List.of(image), List.of(Tag.of("Seen", "by-bob")));
      assertEquals(6, described(world.alice).size());
      assertEquals(List.of("image:" + image + ":Seen=by-bob"), described(world.bob));
      assertEquals(List.of("volume:" + volume + ":Stage=prod"),
          described(world.alice, Filter.of("resource-type", "volume"), Filter.of("key", "Stage")));
      assertEquals(List.of("instance:" + instance + ":Team=web"),
          described(world.alice, Filter.of("resource-id", instance.toString()), Filter.of("value", "w*")));
      assertEquals(3, described(world.alice, Filter.of("tag:Stage", "prod")).size());
      assertEquals(List.of(), described(world.alice, Filter.of("tag:Stage", "dev")));
      refused(Ec2ErrorCode.INVALID_PARAMETER_VALUE, () -> described(world.alice, Filter.of("owner-id", "x")));
    }
  }

  @Test
  void describeTags_pages_everyTagOnce() throws Exception {
    try (World world = new World()) {
      List<Tag> tags = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        tags.add(Tag.of("k" + i, "v"));
      }
      VolumeId volume = world.alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build()).volumeId();
      world.alice.createTags(List.of(volume), tags);
      List<String> seen = new ArrayList<>();
      Optional<String> token = Optional.empty();
      do {
        DescribeTagsResponse page = world.alice.describeTags(DescribeTagsRequest.builder().maxResults(5).nextToken(token).build());
        page.tags().forEach(t -> seen.add(t.tag().key()));
        token = page.nextToken();
      } while (token.isPresent());
      assertEquals(12, seen.size());
      assertEquals(12, Set.copyOf(seen).size());
      refused(Ec2ErrorCode.INVALID_NEXT_TOKEN, () -> world.alice.describeTags(DescribeTagsRequest.builder().nextToken("bogus").build()));
    }
  }
}
