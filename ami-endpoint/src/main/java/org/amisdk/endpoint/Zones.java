package org.amisdk.endpoint;

import java.util.List;
import org.amisdk.model.Region;

/** The Availability Zone names this endpoint reports for a Region: {@code <region>a}, {@code b}, {@code c}. */
final class Zones {
  private Zones() {}

  /** The zones of {@code region}, first the one volumes and instances are placed in. */
  static List<String> of(Region region) {
    return List.of(region.code() + "a", region.code() + "b", region.code() + "c");
  }
}
