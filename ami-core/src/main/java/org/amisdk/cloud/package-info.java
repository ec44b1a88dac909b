/**
 * The control plane: a local cloud that keeps EC2's rules for images, snapshots, volumes and
 * instances, for a calling account in a region.
 *
 * <p>Start with {@link LocalCloud}: {@code LocalCloud.inMemory()} for tests,
 * {@code LocalCloud.open(directory)} for a durable cloud, or {@code LocalCloud.builder()} to pass
 * the parts (block store, clock, id source, {@link LifecycleTimings}) yourself.
 * {@code cloud.client(account, region)} gives an {@link Ec2} client whose
 * operations are named and shaped like the AWS SDK's {@code Ec2Client}; requests are built with
 * {@code XxxRequest.builder()}. Every refusal is an {@link Ec2Exception} with
 * EC2's code, one of {@link org.amisdk.model.Ec2ErrorCode}'s constants. {@link Waiters} waits for
 * asynchronous states on any clock. The EBS direct APIs ({@code startSnapshot} ... {@code
 * getSnapshotBlock}) write and read snapshots block by block through the same catalog; their
 * refusals are {@link DirectApiException}s.
 *
 * <p>Inside, {@code LocalEc2} only delegates to one class per resource area ({@code Images},
 * {@code ImageAttributes}, {@code Bundles}, {@code Snapshots}, {@code Volumes}, {@code Instances},
 * {@code Tags}, {@code DirectApi}, and {@code LocalRecycleBin} behind {@link Ec2#recycleBin()});
 * each owns its state changes and refusals over a region's {@code RegionState}. The repository's {@code docs/ec2-coverage.md} lists what is modelled and
 * what is not.
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

import org.amisdk.model.Ec2Exception;
import org.immutables.value.Value;
