package org.amisdk.endpoint;

import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The wire contract over HTTP on 127.0.0.1 with the SDK's url-connection client, each account
 * signing with its own key and secret, verified by the server.
 */
class HttpEc2WireTest extends Ec2WireContract {
  private EndpointServer server;

  @Override
  void open() {
    server = LocalEndpoint.builder(cloud)
        .credential("AKIAALICE", "alice-secret", ALICE)
        .credential("AKIABOB", "bob-secret", BOB)
        .build().serve(0);
  }

  @Override
  String presignedUrl() {
    return "ignored-by-a-local-endpoint";
  }

  @Override
  void close() {
    server.close();
  }

  @Override
  Ec2Client client(AccountId account, Region region) {
    String key = account.equals(ALICE) ? "AKIAALICE" : "AKIABOB";
    String secret = account.equals(ALICE) ? "alice-secret" : "bob-secret";
    Ec2Client client = Ec2Client.builder()
        .endpointOverride(server.url())
        .region(software.amazon.awssdk.regions.Region.of(region.code()))
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .build();
    // the same waiter hook LocalEndpoint gives in-process clients on a manual clock
    return ManualClockWaiters.wrap(client, clock);
  }
}
