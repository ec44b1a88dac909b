package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * Bad input through the wire, as raw HTTP on 127.0.0.1: each gets EC2's error document with
 * EC2's code, the server holds at most its body limit, and the cloud is unchanged.
 */
class WireInputTest {
  private static final AccountId ACCOUNT = AccountId.parse("111111111111");
  private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
  /** A SigV4 header the convention identity reads (it checks no signature without a credentials table). */
  private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=111111111111/20260301/us-east-1/ec2/aws4_request, "
      + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);

  private LocalCloud cloud;
  private EndpointServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    cloud = LocalCloud.inMemory();
    server = LocalEndpoint.serve(cloud, 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    cloud.close();
  }

  private HttpResponse<String> post(byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(server.url().resolve("/"))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .header("Authorization", AUTHORIZATION)
        .header("X-Amz-Date", "20260301T100000Z")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String code(String form) throws Exception {
    return code(form.getBytes(StandardCharsets.UTF_8));
  }

  private String code(byte[] body) throws Exception {
    HttpResponse<String> response = post(body);
    Matcher code = CODE.matcher(response.body());
    assertTrue(code.find(), "an EC2 error document: " + response.body());
    assertTrue(response.body().contains("<RequestID>"), response.body());
    assertTrue(response.statusCode() >= 400, "status " + response.statusCode());
    return code.group(1);
  }

  private int resources() {
    Ec2 ec2 = cloud.client(ACCOUNT, Region.US_EAST_1);
    return ec2.describeImages(DescribeImagesRequest.builder().addOwners("self").build()).images().size()
        + ec2.describeVolumes(List.of()).size();
  }

  @Test
  void unknownAction_isInvalidAction_andMissingAction_isMissingAction() throws Exception {
    assertEquals("InvalidAction", code("Action=DescribeVpcs&Version=2016-11-15"));
    assertEquals("MissingAction", code("Version=2016-11-15"));
  }

  @Test
  void wrongVersion_isNoSuchVersion_andMissingVersion_isMissingParameter() throws Exception {
    assertEquals("NoSuchVersion", code("Action=DescribeImages&Version=2099-01-01"));
    assertEquals("MissingParameter", code("Action=DescribeImages"));
  }

  @Test
  void nonUtf8Body_isMalformedQueryString_andChangesNothing() throws Exception {
    byte[] body = "Action=CreateVolume&Version=2016-11-15&AvailabilityZone=us-east-1a&Size=1&TagSpecification.1.ResourceType=volume&TagSpecification.1.Tag.1.Key=k&TagSpecification.1.Tag.1.Value=%FF%FE"
        .getBytes(StandardCharsets.US_ASCII);
    assertEquals("MalformedQueryString", code(body));
    byte[] raw = "Action=DescribeImages&Version=2016-11-15&Owner.1=\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("MalformedQueryString", code(raw));
    assertEquals(0, resources());
  }

  @Test
  void truncatedBody_isEc2sError_andChangesNothing() throws Exception {
    assertEquals("MalformedQueryString", code("Action=CreateVolume&Version=2016-11-15&Size=1&Description=%4"));
    assertEquals("MissingParameter", code("Action=RegisterImage&Version=2016-11-15&Na"));
    assertEquals("InvalidAMIID.Malformed", code("Action=DescribeImages&Version=2016-11-15&ImageId.1=ami-01"));
    assertEquals(0, resources());
  }

  @Test
  void absurdListIndex_isInvalidParameterValue() throws Exception {
    assertEquals("InvalidParameterValue", code("Action=DescribeImages&Version=2016-11-15&ImageId.999999999=ami-0123456789abcdef0"));
    assertEquals("InvalidParameterValue", code("Action=DescribeImages&Version=2016-11-15&ImageId.0=ami-0123456789abcdef0"));
    assertEquals("InvalidParameterValue", code("Action=DescribeImages&Version=2016-11-15&ImageId.99999999999999999999999=x"));
  }

  @Test
  void hundredThousandParameters_isInvalidQueryParameter_andChangesNothing() throws Exception {
    StringBuilder form = new StringBuilder("Action=CreateVolume&Version=2016-11-15&Size=1");
    for (int i = 0; i < 100_000; i++) {
      form.append("&p").append(i).append('=');
    }
    assertEquals("InvalidQueryParameter", code(form.toString()));
    assertEquals(0, resources());
  }

  @Test
  void hundredMebibyteBody_isRefusedWithoutBeingHeld() throws Exception {
    long size = 100L * 1024 * 1024;
    HttpRequest.BodyPublisher endless = new HttpRequest.BodyPublisher() {
      @Override
      public long contentLength() {
        return size;
      }

      @Override
      public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        new Chunks(size).subscribe(subscriber);
      }
    };
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(server.url().resolve("/"))
          .header("Authorization", AUTHORIZATION).POST(endless).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException closedWhileSending) {
      // the server answered and closed the connection before taking the whole body: refused, nothing held
      assertEquals(0, resources());
      return;
    }
    assertEquals(413, response.statusCode(), response.body());
    assertTrue(response.body().contains("<Code>RequestEntityTooLarge</Code>"), response.body());
    assertTrue(response.body().contains("request body of " + size + " bytes is over the limit of 2097152 bytes"),
        "the message gives the size the client sent: " + response.body());
    assertEquals(0, resources());
  }

  /** A publisher of {@code size} bytes of {@code a} in 64 KiB chunks, made as they are asked for. */
  private static final class Chunks implements Flow.Publisher<ByteBuffer> {
    private final long size;

    Chunks(long size) {
      this.size = size;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'a');
      subscriber.onSubscribe(new Flow.Subscription() {
        private long sent;
        private boolean done;

        @Override
        public synchronized void request(long n) {
          for (long i = 0; i < n && !done; i++) {
            if (sent >= size) {
              done = true;
              subscriber.onComplete();
              return;
            }
            sent += chunk.length;
            subscriber.onNext(ByteBuffer.wrap(chunk));
          }
        }

        @Override
        public synchronized void cancel() {
          done = true;
        }
      });
    }
  }

  @Test
  void randomBodies_alwaysGetAnEc2Error_neverAnInternalOne() {
    Property.check("random form bodies get EC2's error document", 200, random -> {
      byte[] body = randomForm(random);
      HttpResponse<String> response = post(body);
      assertTrue(response.statusCode() == 200 || response.body().contains("<Code>"), response.body());
      assertTrue(response.statusCode() < 500, "no internal error for " + new String(body, StandardCharsets.ISO_8859_1)
          + ": " + response.body());
    });
    assertEquals(0, cloud.client(ACCOUNT, Region.US_EAST_1).describeImages(
        DescribeImagesRequest.builder().addOwners("self").build()).images().size());
  }

  private static byte[] randomForm(SplittableRandom random) {
    String[] actions = {"DescribeImages", "RegisterImage", "DeregisterImage", "CopyImage", "ModifyImageAttribute",
        "DescribeSnapshots", "CreateTags", "RunInstances", "DescribeInstances", "DeleteSnapshot"};
    String[] names = {"ImageId.1", "Name", "Filter.1.Name", "Filter.1.Value.1", "Owner.1", "MaxResults", "NextToken",
        "BlockDeviceMapping.1.DeviceName", "BlockDeviceMapping.1.Ebs.VolumeSize", "LaunchPermission.Add.1.UserId",
        "ResourceId.1", "Tag.1.Key", "MinCount", "MaxCount", "SourceRegion", "DryRun", "Attribute", "OperationType"};
    StringBuilder form = new StringBuilder("Action=").append(actions[random.nextInt(actions.length)]).append("&Version=2016-11-15");
    int count = random.nextInt(6);
    for (int i = 0; i < count; i++) {
      form.append('&').append(names[random.nextInt(names.length)]).append('=');
      int length = random.nextInt(12);
      for (int j = 0; j < length; j++) {
        form.append("abc019-%*.:/ &=+xyzZ".charAt(random.nextInt(20)));
      }
    }
    return form.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void credentialsTable_unknownKeyIsAuthFailure_wrongSecretIsSignatureDoesNotMatch() throws IOException {
    try (EndpointServer strict = LocalEndpoint.builder(cloud).credential("AKIAKNOWN", "right", ACCOUNT).build().serve(0)) {
      assertEquals("SignatureDoesNotMatch", sdkCode(strict.url(), "AKIAKNOWN", "wrong"));
      assertEquals(1, sdkClient(strict.url(), "AKIAKNOWN", "right").describeRegions(b -> b.regionNames("us-east-1")).regions().size());
      HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(strict.url().resolve("/"))
          .header("Authorization", AUTHORIZATION.replace("111111111111/", "AKIAUNKNOWN/"))
          .header("X-Amz-Date", "20260301T100000Z")
          .POST(HttpRequest.BodyPublishers.ofString("Action=CreateVolume&Version=2016-11-15&Size=1")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, unknown.statusCode());
      assertTrue(unknown.body().contains("<Code>AuthFailure</Code>"), unknown.body());
      assertEquals(0, resources());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static Ec2Client sdkClient(URI url, String key, String secret) {
    return Ec2Client.builder().endpointOverride(url).region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))).build();
  }

  private String sdkCode(URI url, String key, String secret) {
    try (Ec2Client client = sdkClient(url, key, secret)) {
      client.createVolume(b -> b.availabilityZone("us-east-1a").size(1));
      throw new AssertionError("a wrong signature was accepted");
    } catch (Ec2Exception refused) {
      assertEquals(0, resources());
      return refused.awsErrorDetails().errorCode();
    }
  }
}
