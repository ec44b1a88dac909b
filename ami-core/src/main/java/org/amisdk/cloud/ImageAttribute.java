package org.amisdk.cloud;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImdsSupport;
import org.amisdk.model.LaunchPermission;

/** DescribeImageAttribute's answer: the asked attribute is filled, the others are empty. */
public record ImageAttribute(
    ImageId imageId,
    List<LaunchPermission> launchPermissions,
    Optional<String> description,
    Optional<ImdsSupport> imdsSupport,
    Optional<Instant> lastLaunchedTime,
    Optional<String> deregistrationProtection) {
  /** Copies the list. */
  public ImageAttribute {
    launchPermissions = List.copyOf(launchPermissions);
  }
}
