package org.amisdk.testing.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.ImageId;
import org.amisdk.model.SnapshotId;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * The AWS SDK clients the extension injects when ami-endpoint is on the classpath (it is on this
 * module's test classpath): bound to the test's cloud, account and region, and to another account
 * with {@code @Account}, which sees none of the first one's private images.
 */
@LocalCloudTest
class SdkClientInjectionTest {

  @Test
  void ec2AndEbsClients_seeTheSameCloudAccountAndRegion(Ec2Client ec2, EbsClient ebs, Ec2 local, Fixtures fixtures) {
    byte[] root = new byte[512 * 1024];
    root[0] = 42;
    ImageId image = fixtures.image("seen-through-the-sdk").bytes(root).create();
    List<Image> images = ec2.describeImages(r -> r.owners("self")).images();
    assertEquals(List.of(image.toString()), images.stream().map(Image::imageId).toList());
    org.amisdk.model.Image described = local.describeImages(DescribeImagesRequest.builder().addImageIds(image).build())
        .images().get(0);
    SnapshotId snapshot = ((BlockDeviceMapping.Ebs) described.rootMapping().orElseThrow()).ebs().snapshotId().orElseThrow();
    List<Block> blocks = ebs.listSnapshotBlocks(r -> r.snapshotId(snapshot.toString())).blocks();
    assertEquals(0, blocks.get(0).blockIndex(), "the root's first block is stored and listed through the EBS client");
  }

  @Test
  void aSecondAccountsClient_seesNoneOfTheFirstsPrivateImages(Fixtures fixtures,
      @Account("444455556666") Ec2Client other) {
    ImageId image = fixtures.availableImage("private");
    Ec2Exception refusal = assertThrows(Ec2Exception.class, () -> other.describeImages(r -> r.imageIds(image.toString())));
    assertEquals("InvalidAMIID.NotFound", refusal.awsErrorDetails().errorCode());
    assertTrue(other.describeImages(r -> r.owners("self")).images().isEmpty());
  }
}
