package org.amisdk.endpoint;

import java.time.Instant;
import java.util.SplittableRandom;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LifecycleTimings;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import org.amisdk.storage.block.BlockAddress;
import org.amisdk.storage.block.BlockStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ebs.EbsClient;

/**
 * A fresh in-memory cloud on a manual clock, seen by two accounts through the real SDK's {@link
 * EbsClient} over one transport (in-process, or HTTP on 127.0.0.1), and through the native API.
 */
final class EbsWorld implements AutoCloseable {
  static final AccountId ALICE = AccountId.parse("111111111111");
  static final AccountId BOB = AccountId.parse("222222222222");
  static final Region REGION = Region.US_EAST_1;
  static final int BLOCK = BlockStore.BLOCK_SIZE;

  /** How the SDK reaches the cloud. */
  enum Transport { IN_PROCESS, HTTP }

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final LocalCloud cloud;
  final EndpointServer server;
  final EbsClient alice;
  final EbsClient bob;
  final Ec2 nativeAlice;

  EbsWorld(Transport transport) {
    this.cloud = LocalCloud.builder().clock(clock).ids(new SplittableRandom(3)).timings(LifecycleTimings.realistic()).build();
    this.server = transport == Transport.HTTP ? LocalEndpoint.serve(cloud, 0) : null;
    this.alice = client(ALICE);
    this.bob = client(BOB);
    this.nativeAlice = cloud.client(ALICE, REGION);
  }

  EbsClient client(AccountId account) {
    if (server == null) {
      return LocalEndpoint.ebsClient(cloud, account, REGION);
    }
    return EbsClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(server.url())
        .region(software.amazon.awssdk.regions.Region.of(REGION.code()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(account.toString(), "secret")))
        .build();
  }

  static byte[] block(int seed) {
    byte[] data = new byte[BLOCK];
    new SplittableRandom(seed).nextBytes(data);
    return data;
  }

  static String checksum(byte[] data) {
    return BlockAddress.of(data, 0, data.length).toBase64();
  }

  @Override
  public void close() throws Exception {
    alice.close();
    bob.close();
    if (server != null) {
      server.close();
    }
    cloud.close();
  }
}
