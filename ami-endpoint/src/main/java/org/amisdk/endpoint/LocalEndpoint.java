package org.amisdk.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
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
 * LocalEndpoint endpoint = LocalEndpoint.builder(cloud)               // signatures verified
 *     .credential("AKIAEXAMPLE", "secret", account).build();
 * }</pre>
 *
 * <p>Identity: without credentials, a 12-digit access key id is that account and any other key
 * acts as {@code 000000000000}, signatures unchecked; with credentials, only their access keys are
 * accepted ({@code AuthFailure} otherwise) and each signature is verified ({@code
 * SignatureDoesNotMatch}). Unsigned requests are always refused.
 *
 * <p>Time: when the cloud's clock is a {@link ManualClock}, the clients made here have a {@code
 * waiter()} whose backoff advances that clock by the waiter's delay instead of sleeping, so {@code
 * ec2.waiter().waitUntilImageAvailable(...)} returns at once with the clock moved as far as AWS
 * would have taken. On any other clock the SDK's waiter sleeps for real, as against AWS.
 */
public final class LocalEndpoint {
  /** The host name in-process clients address; no name is resolved and no socket is opened. */
  static final URI IN_PROCESS = URI.create("http://amisdk.in-process");

  private final Endpoint endpoint;

  private LocalEndpoint(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** A builder of an endpoint in front of {@code cloud}. */
  public static Builder builder(LocalCloud cloud) {
    return new Builder(cloud);
  }

  /** An {@link Ec2Client} acting as {@code account} in {@code region} of {@code cloud}, with no socket between them. */
  public static Ec2Client ec2Client(LocalCloud cloud, AccountId account, Region region) {
    return builder(cloud).build().ec2Client(account, region);
  }

  /** An {@link EbsClient} (EBS direct APIs) acting as {@code account} in {@code region} of {@code cloud}, in-process. */
  public static EbsClient ebsClient(LocalCloud cloud, AccountId account, Region region) {
    return builder(cloud).build().ebsClient(account, region);
  }

  /** The in-process transport, for callers who build their own SDK clients; give it to {@code .httpClient(...)}. */
  public static SdkHttpClient httpClient(LocalCloud cloud) {
    return builder(cloud).build().httpClient();
  }

  /** Serves {@code cloud} over HTTP on 127.0.0.1 at {@code port} (0 for one the system picks). */
  public static EndpointServer serve(LocalCloud cloud, int port) {
    return builder(cloud).build().serve(port);
  }

  /** Serves {@code cloud} over HTTP on {@code address}: pass a non-loopback address only to expose it on a network. */
  public static EndpointServer serve(LocalCloud cloud, InetAddress address, int port) {
    return builder(cloud).build().serve(address, port);
  }

  /**
   * An {@link Ec2Client} acting as {@code account} in {@code region}, in-process, signing with
   * the account's access key (its first in the credentials, or the account id itself).
   */
  public Ec2Client ec2Client(AccountId account, Region region) {
    Ec2Client client = Ec2Client.builder()
        .httpClient(httpClient())
        .endpointOverride(ec2Host(region))
        .region(software.amazon.awssdk.regions.Region.of(region.code()))
        .credentialsProvider(credentials(account))
        .build();
    return endpoint.cloud().clock() instanceof ManualClock clock ? ManualClockWaiters.wrap(client, clock) : client;
  }

  /** An {@link EbsClient} acting as {@code account} in {@code region}, in-process. */
  public EbsClient ebsClient(AccountId account, Region region) {
    return EbsClient.builder()
        .httpClient(httpClient())
        .endpointOverride(IN_PROCESS)
        .region(software.amazon.awssdk.regions.Region.of(region.code()))
        .credentialsProvider(credentials(account))
        .build();
  }

  /** The in-process transport of this endpoint. */
  public SdkHttpClient httpClient() {
    return new InProcessHttpClient(endpoint);
  }

  /** Serves this endpoint over HTTP on 127.0.0.1 at {@code port} (0 for one the system picks). */
  public EndpointServer serve(int port) {
    return serve(InetAddress.getLoopbackAddress(), port);
  }

  /**
   * Serves {@code cloud} over HTTP on 127.0.0.1 at {@code port} with test control on: unsigned
   * requests under {@code /_amisdk/} reset the cloud, seed it and advance its manual clock (see
   * docs/endpoint-ebs.md). For test servers only.
   */
  public static EndpointServer serveWithTestControl(LocalCloud cloud, int port) {
    return builder(cloud).testControl(true).build().serve(port);
  }

  /** Serves this endpoint over HTTP on {@code address}. */
  public EndpointServer serve(InetAddress address, int port) {
    try {
      return new EndpointServer(endpoint, address, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve on " + address.getHostAddress() + ":" + port, e);
    }
  }

  /**
   * The in-process address of EC2 in {@code region}, {@code http://ec2.<region>.amisdk.in-process}:
   * the SDK's CopySnapshot reads the destination region from the host name to presign its source URL.
   */
  static URI ec2Host(Region region) {
    return URI.create("http://ec2." + region.code() + "." + IN_PROCESS.getHost());
  }

  /** The static credentials an in-process client of {@code account} signs with. */
  private StaticCredentialsProvider credentials(AccountId account) {
    Map.Entry<String, String> key = endpoint.identity().keyOf(account);
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.getKey(), key.getValue()));
  }

  /** Collects an endpoint's parts: the cloud, and optionally a table of credentials. */
  public static final class Builder {
    private final LocalCloud cloud;
    private final Map<String, Identity.Key> credentials = new LinkedHashMap<>();
    private boolean testControl;

    private Builder(LocalCloud cloud) {
      this.cloud = java.util.Objects.requireNonNull(cloud, "cloud");
    }

    /**
     * Accepts requests signed with {@code accessKeyId} and {@code secretKey}, acting as {@code
     * account}. Once any credential is given, only given keys are accepted and every signature is
     * verified.
     *
     * @throws IllegalStateException when {@code accessKeyId} was already given
     */
    public Builder credential(String accessKeyId, String secretKey, AccountId account) {
      if (accessKeyId.isEmpty() || secretKey.isEmpty()) {
        throw new IllegalArgumentException("access key id and secret key must not be empty");
      }
      if (credentials.putIfAbsent(accessKeyId, new Identity.Key(account, secretKey)) != null) {
        throw new IllegalStateException("access key id " + accessKeyId + " was already given");
      }
      return this;
    }

    /**
     * Answers test control requests (unsigned, under {@code /_amisdk/}: reset, seed, advance the
     * manual clock; see docs/endpoint-ebs.md) when {@code on}; off by default. For test servers only.
     */
    public Builder testControl(boolean on) {
      this.testControl = on;
      return this;
    }

    /** The endpoint. */
    public LocalEndpoint build() {
      return new LocalEndpoint(new Endpoint(cloud, new Identity(credentials), testControl));
    }
  }
}
