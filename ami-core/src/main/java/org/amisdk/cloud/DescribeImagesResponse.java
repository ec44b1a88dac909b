package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.Image;

/** A page of DescribeImages: the images the caller may see, as the caller sees them, and the next page's token. */
public record DescribeImagesResponse(List<Image> images, Optional<String> nextToken) {
  /** Copies the list. */
  public DescribeImagesResponse {
    images = List.copyOf(images);
  }
}
