/**
 * The control plane: a local cloud that keeps EC2's rules for images, snapshots, volumes and
 * instances, for a calling account in a region.
 *
 * <p>Start with {@link org.amisdk.cloud.LocalCloud}: {@code LocalCloud.inMemory()} for tests,
 * {@code LocalCloud.open(directory)} for a durable cloud, or {@code LocalCloud.builder()} to pass
 * the parts (block store, clock, id source, {@link org.amisdk.cloud.LifecycleTimings}) yourself.
 * {@code cloud.client(account, region)} gives an {@link org.amisdk.cloud.Ec2} client whose
 * operations are named and shaped like the AWS SDK's {@code Ec2Client}; requests are built with
 * {@code XxxRequest.builder()}. Every refusal is an {@link org.amisdk.model.Ec2Exception} with
 * EC2's code. {@link org.amisdk.cloud.Waiters} waits for asynchronous states on any clock.
 *
 * <p>A durable cloud's catalog persists through {@code Journal} (one self-checking record per
 * commit, group commit, background checkpoints) over a {@code CatalogStore} (a directory or any
 * object store); {@code Catalog} is the byte form of a region's entries.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    defaults = @Value.Immutable(copy = false))
package org.amisdk.cloud;

import org.immutables.value.Value;
