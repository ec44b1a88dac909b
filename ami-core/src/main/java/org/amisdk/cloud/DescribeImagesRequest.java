package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.ImageId;
import org.immutables.value.Value;
/** DescribeImages: ids, owners, executable users and filters, all applied together. */
@Value.Immutable
public abstract class DescribeImagesRequest {
  DescribeImagesRequest() {}

  /** Image ids, as text so a malformed one is reported with EC2's error. */
  public abstract List<ImageId> imageIds();

  /** Account ids, {@code self}, {@code amazon}, {@code aws-marketplace} or {@code aws-backup-vault}. */
  public abstract List<String> owners();

  /** Account ids, {@code self} or {@code all}. */
  public abstract List<String> executableUsers();

  /** Filters (see the repository's docs/ec2-coverage.md). */
  public abstract List<Filter> filters();

  /** Whether other owners' deprecated images are listed. */
  @Value.Default
  public boolean includeDeprecated() {
    return false;
  }

  /** Whether disabled images are listed. */
  @Value.Default
  public boolean includeDisabled() {
    return false;
  }

  /** Page size, 1–1000; not with image ids. */
  public abstract Optional<Integer> maxResults();

  /** The token of the page to read. */
  public abstract Optional<String> nextToken();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DescribeImagesRequest}. */
  public static final class Builder extends ImmutableDescribeImagesRequest.Builder {
    Builder() {}
  }
}
