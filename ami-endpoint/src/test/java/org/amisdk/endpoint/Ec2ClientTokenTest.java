package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.LifecycleTimings;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * EC2 client tokens through the real SDK's {@link Ec2Client}, in-process ("Ensuring idempotency in
 * Amazon EC2 API requests"): RunInstances, CreateVolume and CopyImage retried with the same
 * {@code ClientToken} return the first result and change nothing, other parameters get {@code
 * IdempotentParameterMismatch}; the SDK fills a fresh token into each RunInstances and CreateVolume
 * it is not given one for, so two calls are two launches.
 */
class Ec2ClientTokenTest {
  private static final AccountId ALICE = AccountId.parse("111111111111");
  private static final Region REGION = Region.US_EAST_1;

  private ManualClock clock;
  private LocalCloud cloud;
  private Ec2Client ec2;
  private String imageId;

  @BeforeEach
  void makeCloud() {
    clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    cloud = LocalCloud.builder().clock(clock).ids(new SplittableRandom(11)).timings(LifecycleTimings.realistic()).build();
    ec2 = LocalEndpoint.ec2Client(cloud, ALICE, REGION);
    String volume = cloud.client(ALICE, REGION).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(8)
        .build()).volumeId().toString();
    String snapshot = ec2.createSnapshot(b -> b.volumeId(volume)).snapshotId();
    ec2.waiter().waitUntilSnapshotCompleted(b -> b.snapshotIds(snapshot));
    imageId = ec2.registerImage(b -> b.name("tokens").architecture("x86_64").virtualizationType("hvm").rootDeviceName("/dev/xvda")
        .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshot)))).imageId();
    ec2.waiter().waitUntilImageAvailable(b -> b.imageIds(imageId));
  }

  @AfterEach
  void closeCloud() throws Exception {
    ec2.close();
    cloud.close();
  }

  private static String code(Runnable call) {
    return assertThrows(Ec2Exception.class, call::run).awsErrorDetails().errorCode();
  }

  private static List<String> ids(RunInstancesResponse run) {
    return run.instances().stream().map(Instance::instanceId).toList();
  }

  private int instances() {
    return ec2.describeInstances(b -> {}).reservations().stream().mapToInt(r -> r.instances().size()).sum();
  }

  @Test
  void runInstances_sameClientToken_sameReservation_otherParametersMismatch() {
    RunInstancesResponse first = ec2.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(2).maxCount(2)
        .clientToken("launch-1"));
    RunInstancesResponse retry = ec2.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(2).maxCount(2)
        .clientToken("launch-1"));
    assertEquals(first.reservationId(), retry.reservationId());
    assertEquals(ids(first), ids(retry));
    assertEquals(2, instances(), "the retry launched nothing");
    assertEquals("IdempotentParameterMismatch", code(() -> ec2.runInstances(b -> b.imageId(imageId).instanceType("t3.small")
        .minCount(2).maxCount(2).clientToken("launch-1"))));
    assertEquals(2, instances());
  }

  @Test
  void runInstancesAndCreateVolume_withoutAToken_theSdkFillsAFreshOne_eachCallMakesNew() {
    RunInstancesResponse one = ec2.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1));
    RunInstancesResponse two = ec2.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1));
    assertNotEquals(one.reservationId(), two.reservationId());
    assertEquals(2, instances());
    String a = ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(2)).volumeId();
    String b2 = ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(2)).volumeId();
    assertNotEquals(a, b2);
  }

  @Test
  void createVolume_sameClientToken_sameVolume_otherParametersMismatch() {
    String first = ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(3).clientToken("vol-token")).volumeId();
    assertEquals(first, ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(3).clientToken("vol-token")).volumeId());
    assertEquals("IdempotentParameterMismatch", code(() -> ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(4)
        .clientToken("vol-token"))));
    assertEquals(1, ec2.describeVolumes(b -> b.filters(f -> f.name("size").values("3"))).volumes().size());
    assertEquals("InvalidParameterValue", code(() -> ec2.createVolume(b -> b.availabilityZone("us-east-1a").size(3)
        .clientToken("t".repeat(65)))));
  }

  @Test
  void copyImage_sameClientToken_sameImage_otherParametersMismatch() {
    try (Ec2Client west = LocalEndpoint.ec2Client(cloud, ALICE, Region.EU_WEST_1)) {
      String copy = west.copyImage(b -> b.sourceImageId(imageId).sourceRegion("us-east-1").name("copy").clientToken("c-1")).imageId();
      assertEquals(copy, west.copyImage(b -> b.sourceImageId(imageId).sourceRegion("us-east-1").name("copy").clientToken("c-1"))
          .imageId());
      assertEquals("IdempotentParameterMismatch", code(() -> west.copyImage(b -> b.sourceImageId(imageId).sourceRegion("us-east-1")
          .name("other").clientToken("c-1"))));
      assertEquals(List.of(copy), west.describeImages(b -> b.owners("self")).images().stream().map(i -> i.imageId()).toList());
    }
  }
}
