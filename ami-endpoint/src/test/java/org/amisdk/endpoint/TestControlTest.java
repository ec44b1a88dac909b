package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.model.AccountId;
import org.amisdk.model.Image;
import org.amisdk.model.Region;
import org.junit.jupiter.api.Test;

/** Test control over HTTP: reset, seed and clock requests under /_amisdk/, only when the server was started with it. */
class TestControlTest {
  static final String ONE_IMAGE = """
      {"Images": [{"VirtualizationType": "hvm", "Hypervisor": "xen", "Name": "seeded", "ImageId": "ami-5731123e", "RootDeviceType": "ebs",
        "State": "available", "Architecture": "x86_64", "OwnerId": "123456789012", "RootDeviceName": "/dev/xvda",
        "Public": false, "ImageType": "machine",
        "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-1234567890abcdef0", "VolumeSize": 8}}]}]}
      """;
  private static final AccountId ALICE = AccountId.parse("111111111111");
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(EndpointServer server, String method, String pathAndQuery, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void reset_seed_andAdvance_driveTheCloudOverHttp() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (LocalCloud cloud = LocalCloud.builder().clock(clock).build();
        EndpointServer server = LocalEndpoint.serveWithTestControl(cloud, 0)) {
      Ec2 alice = cloud.client(ALICE, Region.US_EAST_1);
      alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());

      HttpResponse<String> seeded = send(server, "POST", "/_amisdk/seed?region=us-east-1&account=" + ALICE, ONE_IMAGE);
      assertEquals(200, seeded.statusCode(), seeded.body());
      List<Image> images = alice.describeImages(DescribeImagesRequest.builder().addOwners("self").build()).images();
      assertEquals(List.of("ami-5731123e"), images.stream().map(i -> i.imageId().toString()).toList(), "seeded for alice");

      HttpResponse<String> advanced = send(server, "POST", "/_amisdk/clock/advance?seconds=90.5", null);
      assertEquals(200, advanced.statusCode(), advanced.body());
      assertEquals(Instant.parse("2026-01-01T00:01:30.500Z"), clock.instant());
      assertTrue(advanced.body().contains("2026-01-01T00:01:30.500Z"), advanced.body());
      assertTrue(send(server, "GET", "/_amisdk/clock", null).body().contains("2026-01-01T00:01:30.500Z"));

      HttpResponse<String> reset = send(server, "POST", "/_amisdk/reset", null);
      assertEquals(200, reset.statusCode(), reset.body());
      assertEquals(List.of(), alice.describeImages(DescribeImagesRequest.builder().build()).images());
      assertEquals(List.of(), alice.describeVolumes(List.of()));
      assertEquals(Instant.parse("2026-01-01T00:01:30.500Z"), clock.instant(), "a reset keeps the clock");
    }
  }

  @Test
  void badControlRequests_refusedAsJson_andChangeNothing() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (LocalCloud cloud = LocalCloud.builder().clock(clock).build();
        EndpointServer server = LocalEndpoint.serveWithTestControl(cloud, 0)) {
      assertEquals(400, send(server, "POST", "/_amisdk/clock/advance?seconds=-1", null).statusCode());
      assertEquals(400, send(server, "POST", "/_amisdk/clock/advance?seconds=lots", null).statusCode());
      assertEquals(400, send(server, "POST", "/_amisdk/clock/advance", null).statusCode());
      assertEquals(Instant.parse("2026-01-01T00:00:00Z"), clock.instant());
      assertEquals(400, send(server, "POST", "/_amisdk/seed?region=us-east-1", "{\"Images\": [{\"ImageId\": 5}]}").statusCode());
      assertEquals(400, send(server, "POST", "/_amisdk/seed?region=moon", ONE_IMAGE).statusCode());
      assertEquals(400, send(server, "POST", "/_amisdk/seed?region=us-east-1&account=alice", ONE_IMAGE).statusCode());
      assertEquals(404, send(server, "POST", "/_amisdk/explode", null).statusCode());
      assertEquals(List.of(), cloud.client(ALICE, Region.US_EAST_1).describeImages(DescribeImagesRequest.builder().build()).images());
    }
  }

  @Test
  void advance_ofASystemClock_isRefused() throws Exception {
    try (LocalCloud cloud = LocalCloud.inMemory(); EndpointServer server = LocalEndpoint.serveWithTestControl(cloud, 0)) {
      HttpResponse<String> refused = send(server, "POST", "/_amisdk/clock/advance?seconds=1", null);
      assertEquals(409, refused.statusCode());
      assertTrue(refused.body().contains("ClockNotManual"), refused.body());
    }
  }

  @Test
  void withoutTestControl_theReservedPathsAreNotAnswered() throws Exception {
    try (LocalCloud cloud = LocalCloud.inMemory(); EndpointServer server = LocalEndpoint.serve(cloud, 0)) {
      cloud.client(ALICE, Region.US_EAST_1).createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
      HttpResponse<String> refused = send(server, "POST", "/_amisdk/reset", null);
      assertEquals(401, refused.statusCode(), "an unsigned request is refused like any other");
      assertEquals(1, cloud.client(ALICE, Region.US_EAST_1).describeVolumes(List.of()).size(), "nothing was reset");
    }
  }
}
