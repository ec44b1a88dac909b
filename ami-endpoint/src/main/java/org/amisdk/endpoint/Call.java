package org.amisdk.endpoint;

import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.Region;

/**
 * One EC2 action being answered: its parameters, who sent it and the cloud it acts on.
 *
 * @param form the request's parameters
 * @param caller the signed identity
 * @param cloud the cloud
 * @param out the answer being written, after its {@code requestId}
 */
record Call(QueryForm form, Caller caller, LocalCloud cloud, XmlWriter out) {

  /** The control plane as the caller, in the caller's region. */
  Ec2 ec2() {
    return cloud.client(caller.account(), caller.region());
  }

  /** The control plane as the caller, in {@code region} (the source region of a copy). */
  Ec2 ec2In(Region region) {
    return cloud.client(caller.account(), region);
  }
}
