package org.amisdk.endpoint;

import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The wire contract through the in-process transport: {@link LocalEndpoint#ec2Client}, no socket. */
class InProcessEc2WireTest extends Ec2WireContract {
  @Override
  Ec2Client client(AccountId account, Region region) {
    return LocalEndpoint.ec2Client(cloud, account, region);
  }
}
