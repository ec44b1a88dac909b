package org.amisdk.testing.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.util.List;
import org.amisdk.model.ImageId;
import org.junit.jupiter.api.Test;

/**
 * The AWS SDK clients of ami-endpoint, bound to the test's cloud: skipped, saying why, while
 * ami-endpoint is not on this module's test classpath. Written against the SDK by reflection so
 * that it compiles without it; with the endpoint present, an image a fixture made is what the
 * SDK's DescribeImages returns.
 */
@LocalCloudTest
class SdkClientInjectionTest {

  @Test
  void ec2Client_seesTheImagesOfTheSameCloudAccountAndRegion_whenAmiEndpointIsPresent(TestCloud cloud) throws Exception {
    assumeTrue(SdkClients.endpoint().isPresent(),
        "ami-endpoint is not on the test classpath (class " + SdkClients.ENDPOINT + " is absent): SDK client injection not tested");
    ImageId image = cloud.fixtures().availableImage("seen-through-the-sdk");
    Class<?> type = Class.forName(SdkClients.EC2_CLIENT);
    Object client = cloud.sdkClient(type, cloud.account());
    Object response = type.getMethod("describeImages").invoke(client);
    List<?> images = (List<?>) response.getClass().getMethod("images").invoke(response);
    Method imageId = images.get(0).getClass().getMethod("imageId");
    assertEquals(List.of(image.toString()), images.stream().map(i -> {
      try {
        return imageId.invoke(i);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }).toList());
  }

  @Test
  void sdkClient_withoutAmiEndpoint_isRefusedNamingWhatIsMissing(TestCloud cloud) {
    assumeTrue(SdkClients.endpoint().isEmpty(), "ami-endpoint is present: the refusal does not apply");
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> SdkClients.client(Object.class, cloud.cloud(), cloud.account(), cloud.region()));
    assertTrue(e.getMessage().contains("needs ami-endpoint on the test classpath"), e.getMessage());
  }
}
