package org.amisdk.s3;

import java.net.URI;
import java.util.Objects;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds an {@link ObjectStore} on one S3 bucket, optionally under a key prefix:
 *
 * <pre>{@code
 * ObjectStore store = S3ObjectStore.builder().client(s3).bucket("images").prefix("amisdk/").build();
 * ObjectStore local = S3ObjectStore.builder()
 *     .endpoint(URI.create("http://127.0.0.1:9000"), "access", "secret", "us-east-1")
 *     .bucket("images").build();
 * }</pre>
 *
 * <p>Objects up to the multipart threshold (16 MiB by default) go in one PutObject, with their
 * SHA-256 in the object's metadata, so {@code head} reports {@code sha256:<hex>}; larger ones
 * go in a multipart upload of {@code partSize} parts (8 MiB by default, one in memory at a time)
 * and report their ETag. Listing reports ETags (S3 lists no metadata). Retries on throttling and
 * transient errors are the SDK's standard ones. Errors become {@code IOException}s naming the key;
 * a missing object is a {@link org.amisdk.storage.object.NoSuchObjectException}.
 */
public final class S3ObjectStore {
  private S3ObjectStore() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client for an S3-compatible service at {@code endpoint} with static credentials, as
   * {@link Builder#endpoint} makes: path-style access, the JDK's HTTP client, and checksums sent
   * and validated only when required ({@code checksumsWhenRequired}) or whenever supported (the
   * SDK's default). For callers that also manage buckets; the caller closes it.
   */
  public static S3Client compatibleClient(URI endpoint, String accessKey, String secretKey, String region,
      boolean checksumsWhenRequired) {
    return S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .forcePathStyle(true)
        .requestChecksumCalculation(checksumsWhenRequired
            ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
        .responseChecksumValidation(checksumsWhenRequired
            ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED)
        .build();
  }

  /** Configures an S3 object store; {@link #bucket} and a client (or endpoint) are required. */
  public static final class Builder {
    /** The smallest part S3 accepts (for every part but the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private S3Client client;
    private boolean ownsClient;
    private String bucket;
    private String prefix = "";
    private int partSize = 8 * 1024 * 1024;
    private long multipartThreshold = 16L * 1024 * 1024;

    private Builder() {}

    /** Uses {@code client}, which the caller configured and will close. */
    public Builder client(S3Client client) {
      this.client = Objects.requireNonNull(client, "client");
      this.ownsClient = false;
      return this;
    }

    /**
     * Builds a client for an S3-compatible service at {@code endpoint} with static credentials:
     * path-style access, the JDK's HTTP client, and checksums only when required (many
     * S3-compatible services do not accept the SDK's default CRC32 trailers). The store closes it.
     */
    public Builder endpoint(URI endpoint, String accessKey, String secretKey, String region) {
      return client(endpoint, accessKey, secretKey, region, true);
    }

    /**
     * As {@link #endpoint(URI, String, String, String)}, choosing whether checksums are sent and
     * validated only when required ({@code true}) or whenever supported (the SDK's default).
     */
    public Builder endpoint(URI endpoint, String accessKey, String secretKey, String region,
        boolean checksumsWhenRequired) {
      return client(endpoint, accessKey, secretKey, region, checksumsWhenRequired);
    }

    private Builder client(URI endpoint, String accessKey, String secretKey, String region, boolean whenRequired) {
      this.client = compatibleClient(endpoint, accessKey, secretKey, region, whenRequired);
      this.ownsClient = true;
      return this;
    }

    /** The bucket holding the objects; it must exist. */
    public Builder bucket(String bucket) {
      this.bucket = Objects.requireNonNull(bucket, "bucket");
      return this;
    }

    /** A prefix put before every key, empty or ending with {@code /} (default empty). */
    public Builder prefix(String prefix) {
      if (!prefix.isEmpty()) {
        ObjectKey.of(prefix.substring(0, prefix.length() - 1)); // checks it is a key
        if (!prefix.endsWith("/")) {
          throw new IllegalArgumentException("S3 store prefix '" + prefix + "' must be empty or end with '/'");
        }
      }
      this.prefix = prefix;
      return this;
    }

    /** The part size of multipart uploads, 5 MiB to 512 MiB (default 8 MiB). */
    public Builder partSize(int partSize) {
      if (partSize < MIN_PART_SIZE || partSize > S3Store.MAX_BUFFERED_PART) {
        throw new IllegalArgumentException("S3 part size " + partSize + " is not 5 MiB to 512 MiB");
      }
      this.partSize = partSize;
      return this;
    }

    /** Objects longer than this go in multipart uploads (default 16 MiB, at most 512 MiB). */
    public Builder multipartThreshold(long multipartThreshold) {
      if (multipartThreshold < 0 || multipartThreshold > S3Store.MAX_BUFFERED_PART) {
        throw new IllegalArgumentException("S3 multipart threshold " + multipartThreshold + " is not 0 to 512 MiB");
      }
      this.multipartThreshold = multipartThreshold;
      return this;
    }

    /**
     * The store.
     *
     * @throws IllegalStateException if no client or bucket was given
     */
    public ObjectStore build() {
      if (client == null || bucket == null) {
        throw new IllegalStateException("an S3 object store needs a client (or an endpoint) and a bucket");
      }
      return new S3Store(client, ownsClient, bucket, prefix, partSize, multipartThreshold);
    }
  }
}
