package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.ResourceId;
import org.amisdk.model.Tag;

/** A page of DescribeTags, sorted by resource id then key, and the token of the next page if any. */
public record DescribeTagsResponse(List<TagDescription> tags, Optional<String> nextToken) {
  /** Copies the list. */
  public DescribeTagsResponse {
    tags = List.copyOf(tags);
  }

  /** One tag the caller set on one resource; {@code resourceType} is EC2's name of its kind ({@code image}, {@code instance}, ...). */
  public record TagDescription(ResourceId resourceId, String resourceType, Tag tag) {}
}
