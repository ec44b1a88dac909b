package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.DescribeSnapshotsRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.ManualClock;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.testing.cloud.Fixtures;
import org.amisdk.testing.cloud.LocalCloudTest;
import org.junit.jupiter.api.Test;

/** The cleanup job, tested the way the README shows: ami-testing in test scope, nothing hand-written. */
@LocalCloudTest
class JanitorTest {

  @Test
  void removesOldImages(Ec2 ec2, ManualClock clock, Fixtures images) {
    ImageId old = images.image("web-1").age(Duration.ofDays(40)).create();
    ImageId recent = images.image("web-2").age(Duration.ofDays(5)).create();
    assertEquals(List.of(old), new Janitor(ec2, clock).removeOldImages("web-", Duration.ofDays(30), 0));
  }

  @Test
  void removesOldImages_keepsNewOnesAndTheNewestFew_andDeletesTheirSnapshots(Ec2 ec2, ManualClock clock, Fixtures images) {
    ImageId oldest = images.image("web-1").age(Duration.ofDays(60)).create();
    ImageId old = images.image("web-2").age(Duration.ofDays(40)).create();
    ImageId recent = images.image("web-3").age(Duration.ofDays(5)).create();
    ImageId other = images.image("db-1").create();

    List<ImageId> removed = new Janitor(ec2, clock).removeOldImages("web-", Duration.ofDays(30), 1);

    assertEquals(List.of(old, oldest), removed);
    assertEquals(Set.of(recent, other), ec2.describeImages(DescribeImagesRequest.builder().addOwners("self").build())
        .images().stream().map(Image::imageId).collect(Collectors.toSet()));
    assertEquals(2, ec2.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots().size(),
        "DeleteAssociatedSnapshots removed the two old images' snapshots");
  }
}
