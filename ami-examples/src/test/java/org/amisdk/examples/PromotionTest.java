package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.model.InstanceState;
import org.amisdk.cloud.ManualClock;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ImageId;
import org.amisdk.testing.cloud.Account;
import org.amisdk.testing.cloud.Fixtures;
import org.amisdk.testing.cloud.LocalCloudTest;
import org.junit.jupiter.api.Test;

/** The promotion job, tested with ami-testing: production can launch the new golden image, the old one is retired. */
@LocalCloudTest
class PromotionTest {
  private static final String PRODUCTION = "444455556666";

  @Test
  void promote_sharesTheCandidateWithProduction_andRetiresThePreviousGoldenImage(Ec2 ec2, ManualClock clock,
      Fixtures images, @Account(PRODUCTION) Ec2 production) {
    Promotion promotion = new Promotion(ec2, clock);
    ImageId v1 = images.availableImage("golden-v1");
    promotion.promote(v1, AccountId.parse(PRODUCTION));
    ImageId v2 = images.availableImage("golden-v2");
    assertThrows(Ec2Exception.class, () -> images.as(production).runningInstance(v2), "not shared yet: AuthFailure");

    assertEquals(List.of(v1), promotion.promote(v2, AccountId.parse(PRODUCTION)));

    assertEquals(InstanceState.RUNNING, images.as(production).runningInstance(v2).state());
    assertEquals(clock.instant().plus(Promotion.GRACE), ec2.describeImages(DescribeImagesRequest.builder()
        .addImageIds(v1).build()).images().get(0).deprecationTime().orElseThrow());
  }
}
