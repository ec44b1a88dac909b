package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.EbsException;

class TransportTest {

  @Test
  void httpServer_bindsLoopback_andRefusesUnsignedRequests() throws Exception {
    try (LocalCloud cloud = LocalCloud.inMemory(); EndpointServer server = LocalEndpoint.serve(cloud, 0)) {
      assertEquals("127.0.0.1", server.url().getHost());
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(server.url().resolve("/"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeImages&Version=2016-11-15"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, response.statusCode());
      assertTrue(response.body().contains("<Code>AuthFailure</Code>"), response.body());
    }
  }

  @Test
  void inProcessEbsClient_runsOnThisSdkCore_andGetsErrorsInEbsShape() throws Exception {
    try (LocalCloud cloud = LocalCloud.inMemory();
        EbsClient ebs = LocalEndpoint.ebsClient(cloud, AccountId.parse("111122223333"), Region.US_EAST_1)) {
      EbsException refused = assertThrows(EbsException.class,
          () -> ebs.listSnapshotBlocks(b -> b.snapshotId("snap-0123456789abcdef0")));
      assertTrue(refused.statusCode() >= 400, "status " + refused.statusCode());
    }
  }

  @Test
  void queryString_decodesEscapes_andKeepsMalformedOnesAsText() {
    assertEquals(java.util.List.of("a b/c"), HttpRequestReader.query("x=a%20b%2Fc").get("x"));
    assertEquals(java.util.List.of("%zz"), HttpRequestReader.query("x=%zz").get("x"));
  }
}
