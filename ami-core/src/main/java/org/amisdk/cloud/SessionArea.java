package org.amisdk.cloud;

import java.util.Set;
import org.amisdk.model.AccountId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;

/**
 * A part of the control plane acting for one {@link Session} (images, snapshots, volumes,
 * instances, tags, the Recycle Bin, the EBS direct APIs): the session and what every part reads
 * from it, named once.
 */
abstract class SessionArea {
  final Session session;
  final CloudImpl cloud;
  /** The account acting. */
  final AccountId caller;
  /** The region acted in. */
  final Region region;
  /** What launch and create-volume permissions cover the caller. */
  final Set<LaunchPermission> principals;

  SessionArea(Session session) {
    this.session = session;
    this.cloud = session.cloud;
    this.caller = session.caller;
    this.region = session.region;
    this.principals = session.principals;
  }
}
