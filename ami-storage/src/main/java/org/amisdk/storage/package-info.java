/**
 * The data plane: bytes, not concepts. Start with {@link org.amisdk.storage.block} for the
 * EBS-like block store, {@link org.amisdk.storage.object} for the S3-like object store and
 * {@link org.amisdk.storage.bundle} for instance-store bundles. Nothing here knows of images,
 * accounts or regions; that is {@code ami-core}'s business.
 *
 * <p>This package holds what every store shares: {@link org.amisdk.storage.ProgressListener}
 * for long operations and {@link org.amisdk.storage.OperationCancelledException}.
 */
package org.amisdk.storage;
