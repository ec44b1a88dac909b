package org.amisdk.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The entry point: the AWS SDK's own {@link Ec2Client} and {@link EbsClient} talking to a local
 * cloud in-process, and the same cloud served over HTTP for the AWS CLI, boto3 and Terraform.
 *
 * <pre>{@code
 * Ec2Client ec2 = LocalEndpoint.ec2Client(cloud, account, region);   // no socket
 * try (EndpointServer server = LocalEndpoint.serve(cloud, 4566)) {    // http://127.0.0.1:4566
 *   ...
 * }
 * }</pre>
 */
public final class LocalEndpoint {
  /** The host name in-process clients address; no name is resolved and no socket is opened. */
  static final URI IN_PROCESS = URI.create("http://amisdk.in-process");

  private LocalEndpoint() {}

  /** An {@link Ec2Client} acting as {@code account} in {@code region} of {@code cloud}, with no socket between them. */
  public static Ec2Client ec2Client(LocalCloud cloud, AccountId account, Region region) {
    return Ec2Client.builder()
        .httpClient(httpClient(cloud))
        .endpointOverride(IN_PROCESS)
        .region(software.amazon.awssdk.regions.Region.of(region.code()))
        .credentialsProvider(credentials(account))
        .build();
  }

  /** An {@link EbsClient} (EBS direct APIs) acting as {@code account} in {@code region} of {@code cloud}, in-process. */
  public static EbsClient ebsClient(LocalCloud cloud, AccountId account, Region region) {
    return EbsClient.builder()
        .httpClient(httpClient(cloud))
        .endpointOverride(IN_PROCESS)
        .region(software.amazon.awssdk.regions.Region.of(region.code()))
        .credentialsProvider(credentials(account))
        .build();
  }

  /** The in-process transport, for callers who build their own SDK clients; give it to {@code .httpClient(...)}. */
  public static SdkHttpClient httpClient(LocalCloud cloud) {
    return new InProcessHttpClient(new Endpoint(cloud));
  }

  /** Serves {@code cloud} over HTTP on 127.0.0.1 at {@code port} (0 for one the system picks). */
  public static EndpointServer serve(LocalCloud cloud, int port) {
    return serve(cloud, InetAddress.getLoopbackAddress(), port);
  }

  /**
   * Serves {@code cloud} over HTTP on 127.0.0.1 at {@code port} with test control on: unsigned
   * requests under {@code /_amisdk/} reset the cloud, seed it and advance its manual clock (see
   * docs/endpoint-ebs.md). For test servers only.
   */
  public static EndpointServer serveWithTestControl(LocalCloud cloud, int port) {
    try {
      return new EndpointServer(new Endpoint(cloud, true), InetAddress.getLoopbackAddress(), port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve on 127.0.0.1:" + port, e);
    }
  }

  /** Serves {@code cloud} over HTTP on {@code address}: pass a non-loopback address only to expose it on a network. */
  public static EndpointServer serve(LocalCloud cloud, InetAddress address, int port) {
    try {
      return new EndpointServer(new Endpoint(cloud), address, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve on " + address.getHostAddress() + ":" + port, e);
    }
  }

  /** Credentials whose access key id is the account itself, the convention this endpoint reads. */
  private static StaticCredentialsProvider credentials(AccountId account) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(account.toString(), "amisdk-local"));
  }
}
