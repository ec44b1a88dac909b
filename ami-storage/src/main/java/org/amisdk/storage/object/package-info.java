/**
 * An S3-like object store: {@link org.amisdk.storage.object.ObjectStore} (start there) with
 * put, get (whole or a range), head, paged listing by prefix, delete and multipart upload, under
 * typed keys ({@link org.amisdk.storage.object.ObjectKey}).
 *
 * <p>Backends here: {@link org.amisdk.storage.object.ObjectStore#inMemory()} and the durable
 * {@link org.amisdk.storage.object.ObjectStore#directory(java.nio.file.Path)}; the S3 backend
 * lives in the ami-s3 module. Every backend passes the contract suite
 * {@code org.amisdk.testing.storage.ObjectStoreContract}, shipped in the ami-testing artifact.
 */
package org.amisdk.storage.object;
