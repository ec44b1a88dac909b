package org.amisdk.testing.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceState;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.Region;
import org.amisdk.storage.block.BlockStore;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** What {@link LocalCloudTest} injects, and that each test gets a cloud of its own. */
@LocalCloudTest(account = "111122223333", region = "eu-west-1", clock = "2025-06-01T12:00:00Z")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalCloudExtensionTest {
  private static ImageId madeByTheFirstTest;

  @Test
  @Order(1)
  void everyParameterType_isInjected_andBoundToTheAnnotatedAccountRegionAndClock(LocalCloud cloud, Ec2 ec2,
      @Account("444455556666") Ec2 other, @Account(value = "777788889999", region = "us-west-2") Ec2 elsewhere,
      ManualClock clock, BlockStore blocks, TestCloud test, Fixtures fixtures) throws java.io.IOException {
    assertEquals(AccountId.parse("111122223333"), ec2.account());
    assertEquals(Region.EU_WEST_1, ec2.region());
    assertEquals(AccountId.parse("444455556666"), other.account());
    assertEquals(Region.EU_WEST_1, other.region());
    assertEquals(Region.US_WEST_2, elsewhere.region());
    assertEquals(Instant.parse("2025-06-01T12:00:00Z"), clock.instant());
    assertSame(cloud, test.cloud());
    assertSame(clock, cloud.clock());
    assertSame(blocks, test.blockStore());

    madeByTheFirstTest = fixtures.availableImage("first");
    assertTrue(blocks.addresses().size() > 0, "the image's root bytes are in the injected block store");
    assertEquals(List.of(madeByTheFirstTest), ids(ec2, DescribeImagesRequest.builder().addOwners("self").build()));
    // a private image is invisible to another account until shared
    assertEquals(List.of(), ids(other, DescribeImagesRequest.builder().addOwners("111122223333").build()));
  }

  @Test
  @Order(2)
  void eachTest_getsAFreshCloud_withNothingTheLastTestMade(Ec2 ec2, ManualClock clock) {
    assertTrue(madeByTheFirstTest != null, "the first test ran first");
    assertEquals(List.of(), ids(ec2, DescribeImagesRequest.builder().addOwners("self").build()));
    Ec2Exception e = assertThrows(Ec2Exception.class,
        () -> ec2.describeImages(DescribeImagesRequest.builder().addImageIds(madeByTheFirstTest).build()));
    assertEquals("InvalidAMIID.NotFound", e.errorCode());
    assertEquals(Instant.parse("2025-06-01T12:00:00Z"), clock.instant(), "a fresh clock too");
  }

  @Test
  @Order(3)
  void fixtures_makeAnAgedImage_aRunningInstance_andAShare(Ec2 ec2, @Account("444455556666") Ec2 other,
      ManualClock clock, Fixtures fixtures) {
    byte[] root = "a root disk".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Instant before = clock.instant();
    ImageId old = fixtures.image("old-arm").bytes(root).architecture(Architecture.ARM64).age(Duration.ofDays(90)).create();
    Image image = ec2.describeImages(DescribeImagesRequest.builder().addImageIds(old).build()).images().get(0);
    assertEquals(Architecture.ARM64, image.architecture());
    assertEquals(before, image.creationDate().orElseThrow());
    assertEquals(before.plus(Duration.ofDays(90)), clock.instant(), "the age passed on the clock");

    Instance instance = fixtures.runningInstance(old);
    assertEquals(InstanceState.RUNNING, instance.state());
    byte[] read = new byte[root.length];
    ec2.readVolume(instance.blockDeviceMappings().get(0).volumeId(), 0, read, 0, read.length);
    assertArrayEquals(root, read, "the instance boots from the given bytes");

    assertThrows(Ec2Exception.class, () -> fixtures.as(other).runningInstance(old));
    fixtures.shareWith(old, other.account());
    assertEquals(InstanceState.RUNNING, fixtures.as(other).runningInstance(old).state());
  }

  @Test
  void aSecondInjectionInOneTest_isTheSameCloud(LocalCloud first, TestCloud test) {
    assertSame(first, test.cloud());
    assertNotSame(null, test.fixtures());
    assertThrows(IllegalStateException.class, test::reopen, "an in-memory cloud cannot be reopened");
  }

  static List<ImageId> ids(Ec2 client, DescribeImagesRequest request) {
    return client.describeImages(request).images().stream().map(Image::imageId).toList();
  }
}
