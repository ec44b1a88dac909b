package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.Volume;

/** A page of DescribeVolumes, sorted by volume id, and the token of the next page if any. */
public record DescribeVolumesResponse(List<Volume> volumes, Optional<String> nextToken) {
  /** Copies the list. */
  public DescribeVolumesResponse {
    volumes = List.copyOf(volumes);
  }
}
