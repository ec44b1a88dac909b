package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.amisdk.cloud.BlockPage;
import org.junit.jupiter.api.Test;

/**
 * EBS direct requests no SDK would send, over a real socket: each gets EBS's JSON error with the
 * right code in {@code x-amzn-ErrorType}, and changes nothing.
 */
class EbsWireTest {
  private static final String AUTHORIZATION =
      "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/ebs/aws4_request, SignedHeaders=host, Signature=00";

  private static HttpResponse<String> send(EbsWorld world, String method, String path, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(world.server.url() + path))
        .header("Authorization", AUTHORIZATION)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> response, int status, String code, String reason) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(code, response.headers().firstValue("x-amzn-ErrorType").orElse(""), response.body());
    if (reason != null) {
      assertTrue(response.body().contains("\"Reason\":\"" + reason + "\""), response.body());
    }
  }

  @Test
  void malformedRequests_getEbsErrors_andStartNothing() throws Exception {
    try (EbsWorld world = new EbsWorld(EbsWorld.Transport.HTTP)) {
      assertError(send(world, "POST", "/snapshots", "{\"VolumeSize\": ".getBytes(StandardCharsets.UTF_8)),
          400, "ValidationException", "INVALID_PARAMETER_VALUE");
      assertError(send(world, "POST", "/snapshots", "[1, 2]".getBytes(StandardCharsets.UTF_8)),
          400, "ValidationException", "INVALID_PARAMETER_VALUE");
      assertError(send(world, "POST", "/snapshots", "{\"VolumeSize\": \"big\"}".getBytes(StandardCharsets.UTF_8)),
          400, "ValidationException", "INVALID_PARAMETER_VALUE");
      assertError(send(world, "POST", "/snapshots", "{\"VolumeSize\": 1, \"Tags\": [{\"Key\": \"aws:x\", \"Value\": \"v\"}]}"
          .getBytes(StandardCharsets.UTF_8)), 400, "ValidationException", "INVALID_TAG");
      assertError(send(world, "POST", "/snapshots", "{\"VolumeSize\": 1, \"Timeout\": 5}".getBytes(StandardCharsets.UTF_8)),
          400, "ValidationException", "INVALID_PARAMETER_VALUE");
      assertError(send(world, "DELETE", "/snapshots/snap-0123456789abcdef0", null), 404, "UnknownOperationException", null);
      assertEquals(List.of(), world.nativeAlice.describeSnapshots(org.amisdk.cloud.DescribeSnapshotsRequest.builder().build())
          .snapshots(), "no snapshot was started");
    }
  }

  @Test
  void badBlockHeaders_andIndexes_refused() throws Exception {
    try (EbsWorld world = new EbsWorld(EbsWorld.Transport.HTTP)) {
      String id = world.alice.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
      byte[] data = EbsWorld.block(1);
      String sum = EbsWorld.checksum(data);
      String path = "/snapshots/" + id + "/blocks/";
      assertError(send(world, "PUT", path + "0", data, "x-amz-Checksum", sum, "x-amz-Checksum-Algorithm", "SHA256"),
          400, "ValidationException", "INVALID_PARAMETER_VALUE");
      assertError(send(world, "PUT", path + "0", data, "x-amz-Data-Length", "524288", "x-amz-Checksum", sum,
          "x-amz-Checksum-Algorithm", "MD5"), 400, "ValidationException", "INVALID_PARAMETER_VALUE");
      assertError(send(world, "PUT", path + "99999999999999999999999", data, "x-amz-Data-Length", "524288",
          "x-amz-Checksum", sum, "x-amz-Checksum-Algorithm", "SHA256"), 400, "ValidationException", "INVALID_BLOCK");
      assertError(send(world, "PUT", path + "-1", data, "x-amz-Data-Length", "524288",
          "x-amz-Checksum", sum, "x-amz-Checksum-Algorithm", "SHA256"), 400, "ValidationException", "INVALID_BLOCK");
      assertError(send(world, "PUT", path + "0", data, "x-amz-Data-Length", "lots",
          "x-amz-Checksum", sum, "x-amz-Checksum-Algorithm", "SHA256"), 400, "ValidationException", "INVALID_PARAMETER_VALUE");
      assertError(send(world, "GET", "/snapshots/" + id + "/blocks?maxResults=many", null), 400, "ValidationException",
          "INVALID_PARAMETER_VALUE");
      world.nativeAlice.completeSnapshot(id, 0);
      assertEquals(List.of(), world.nativeAlice.listSnapshotBlocks(id, BlockPage.first()).blocks(), "no block was written");
    }
  }

  @Test
  void aBodyCutShort_byTheClientClosing_isRefused_andWritesNothing() throws Exception {
    try (EbsWorld world = new EbsWorld(EbsWorld.Transport.HTTP)) {
      String id = world.alice.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
      byte[] data = EbsWorld.block(2);
      String head = "PUT /snapshots/" + id + "/blocks/0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTHORIZATION
          + "\r\nx-amz-Data-Length: 524288\r\nx-amz-Checksum: " + EbsWorld.checksum(data)
          + "\r\nx-amz-Checksum-Algorithm: SHA256\r\nContent-Length: 524288\r\nConnection: close\r\n\r\n";
      String answer;
      try (Socket socket = new Socket(world.server.url().getHost(), world.server.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(data, 0, 1000);
        out.flush();
        socket.shutdownOutput();
        InputStream in = socket.getInputStream();
        answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
      assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("x-amzn-errortype: validationexception"), answer);
      assertTrue(answer.contains("\"Reason\":\"INVALID_BLOCK\""), answer);
      world.nativeAlice.completeSnapshot(id, 0);
      assertEquals(List.of(), world.nativeAlice.listSnapshotBlocks(id, BlockPage.first()).blocks(), "no block was written");
    }
  }
}
