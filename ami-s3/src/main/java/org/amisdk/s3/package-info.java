/**
 * An {@link org.amisdk.storage.object.ObjectStore} on Amazon S3 or any S3-compatible service,
 * through the AWS SDK for Java v2. Start at {@link org.amisdk.s3.S3ObjectStore#builder()}.
 */
package org.amisdk.s3;
