package org.amisdk.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.amisdk.cloud.DeregisterImageRequest;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.Filter;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;

/**
 * A small AMI cleanup job, as a team would write one: deregister this account's images whose
 * name starts with a prefix and that are older than a maximum age, deleting their snapshots, but
 * keep the newest few whatever their age. Its test, {@code JanitorTest}, uses only ami-testing.
 */
public final class Janitor {
  private final Ec2 ec2;
  private final Clock clock;

  /** A janitor acting through {@code ec2}, telling ages by {@code clock}. */
  public Janitor(Ec2 ec2, Clock clock) {
    this.ec2 = ec2;
    this.clock = clock;
  }

  /** Deregisters images named {@code prefix*} older than {@code maxAge}, sparing the newest {@code keep}; returns them. */
  public List<ImageId> removeOldImages(String prefix, Duration maxAge, int keep) {
    List<Image> images = new ArrayList<>(ec2.describeImages(DescribeImagesRequest.builder().addOwners("self")
        .addFilters(Filter.of("name", prefix + "*")).build()).images());
    images.sort((a, b) -> b.creationDate().orElse(Instant.EPOCH).compareTo(a.creationDate().orElse(Instant.EPOCH)));
    Instant cutoff = clock.instant().minus(maxAge);
    List<ImageId> removed = new ArrayList<>();
    for (Image image : images.subList(Math.min(keep, images.size()), images.size())) {
      if (image.creationDate().orElse(Instant.EPOCH).isBefore(cutoff)) {
        ec2.deregisterImage(DeregisterImageRequest.builder().imageId(image.imageId())
            .deleteAssociatedSnapshots(true).build());
        removed.add(image.imageId());
      }
    }
    return removed;
  }
}
