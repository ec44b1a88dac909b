/**
 * The immutable domain model of images and snapshots, with EC2's rules: a value that breaks a
 * rule cannot be built.
 *
 * <p>Start with {@link org.amisdk.model.Image} and {@link org.amisdk.model.Snapshot} (built with
 * {@code Image.builder()} and {@code Snapshot.builder()}), the typed identifiers ({@link
 * org.amisdk.model.ImageId}, {@link org.amisdk.model.SnapshotId}, ...), the sealed {@link
 * org.amisdk.model.BlockDeviceMapping} and {@link org.amisdk.model.LaunchPermission}, and the
 * enums carrying EC2's wire values. Every refusal is an {@link org.amisdk.model.Ec2Exception}
 * with EC2's error code. The model carries no JSON annotations; the AWS CLI JSON lives in
 * {@code org.amisdk.json}.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    defaults = @Value.Immutable(copy = false))
package org.amisdk.model;

import org.immutables.value.Value;
