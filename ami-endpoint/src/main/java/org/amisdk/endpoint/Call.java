package org.amisdk.endpoint;

import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LocalCloud;

/**
 * One EC2 action being answered: its parameters, who sent it and the cloud it acts on.
 *
 * @param form the request's parameters
 * @param caller the signed identity
 * @param cloud the cloud
 * @param out the answer being written, after its {@code requestId}
 * @param dryRun whether the request sets {@code DryRun}: the control plane is then its dry-run client
 */
record Call(QueryForm form, Caller caller, LocalCloud cloud, XmlWriter out, boolean dryRun) {

  /** The control plane as the caller, in the caller's region; its dry run ({@link Ec2#dryRun()}) for a DryRun request. */
  Ec2 ec2() {
    Ec2 ec2 = cloud.client(caller.account(), caller.region());
    return dryRun ? ec2.dryRun() : ec2;
  }
}
