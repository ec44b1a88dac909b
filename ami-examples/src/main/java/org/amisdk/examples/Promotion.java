package org.amisdk.examples;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.Filter;
import org.amisdk.cloud.ModifyImageAttributeRequest;
import org.amisdk.model.AccountId;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Tag;

/**
 * A small golden-image promotion job: tag a tested candidate {@code stage=golden}, share it with
 * the production account, and retire the previous golden image (tagged {@code stage=retired},
 * deprecated after a grace period). Its test, {@code PromotionTest}, uses only ami-testing.
 */
public final class Promotion {
  /** How long a retired golden image stays undeprecated, so running pipelines can finish. */
  public static final Duration GRACE = Duration.ofDays(14);

  private final Ec2 ec2;
  private final Clock clock;

  /** A promotion acting through {@code ec2}, dating deprecations by {@code clock}. */
  public Promotion(Ec2 ec2, Clock clock) {
    this.ec2 = ec2;
    this.clock = clock;
  }

  /** Promotes {@code candidate} for {@code production}; returns the images it retired. */
  public List<ImageId> promote(ImageId candidate, AccountId production) {
    List<ImageId> previous = ec2.describeImages(DescribeImagesRequest.builder().addOwners("self")
        .addFilters(Filter.of("tag:stage", "golden")).build()).images().stream().map(Image::imageId)
        .filter(id -> !id.equals(candidate)).toList();
    ec2.createTags(List.of(candidate), List.of(Tag.of("stage", "golden")));
    ec2.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(candidate)
        .addLaunchPermissionAdd(new LaunchPermission.Account(production)).build());
    for (ImageId old : previous) {
      ec2.createTags(List.of(old), List.of(Tag.of("stage", "retired")));
      ec2.enableImageDeprecation(old, clock.instant().plus(GRACE));
    }
    return previous;
  }
}
