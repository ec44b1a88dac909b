/**
 * The control plane: a local cloud that keeps EC2's rules for images, snapshots, volumes and
 * instances, for a calling account in a region.
 */
package org.amisdk.cloud;
