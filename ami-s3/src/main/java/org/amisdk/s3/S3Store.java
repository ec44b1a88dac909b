package org.amisdk.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.amisdk.storage.object.MultipartUpload;
import org.amisdk.storage.object.NoSuchObjectException;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectPage;
import org.amisdk.storage.object.ObjectStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link S3ObjectStore}'s store: one bucket, keys under a prefix. */
final class S3Store implements ObjectStore {
  /** The largest object or part read into memory before it is sent. */
  static final int MAX_BUFFERED_PART = 512 * 1024 * 1024;
  private static final String SHA256_METADATA = "amisdk-sha256";

  private final S3Client s3;
  private final boolean ownsClient;
  private final String bucket;
  private final String prefix;
  private final int partSize;
  private final long multipartThreshold;

  S3Store(S3Client s3, boolean ownsClient, String bucket, String prefix, int partSize, long multipartThreshold) {
    this.s3 = s3;
    this.ownsClient = ownsClient;
    this.bucket = bucket;
    this.prefix = prefix;
    this.partSize = partSize;
    this.multipartThreshold = multipartThreshold;
  }

  private String s3Key(ObjectKey key) {
    return prefix + key.value();
  }

  /** Turns an SDK failure into the store's exceptions, naming the key. */
  IOException translate(String operation, String key, SdkException e) {
    boolean noSuchBucket = e instanceof S3Exception s && s.awsErrorDetails() != null
        && "NoSuchBucket".equals(s.awsErrorDetails().errorCode());
    if (e instanceof NoSuchKeyException
        || (e instanceof S3Exception s && s.statusCode() == 404 && isObjectCall(operation) && !noSuchBucket)) {
      return new NoSuchObjectException(key, "object " + key + " does not exist in S3 bucket " + bucket, e);
    }
    String detail = e instanceof S3Exception s && s.awsErrorDetails() != null
        ? s.statusCode() + " " + s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage()
        : e.getMessage();
    return new IOException("object " + key + ": S3 " + operation + " in bucket " + bucket + " failed: " + detail, e);
  }

  private static boolean isObjectCall(String operation) {
    return operation.equals("GetObject") || operation.equals("HeadObject");
  }

  @Override
  public ObjectInfo put(ObjectKey key, InputStream content, long length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("object " + key + " has a negative declared length " + length);
    }
    if (length > multipartThreshold) {
      return putMultipart(key, content, length);
    }
    byte[] bytes = readExactly(content, (int) length, "object " + key);
    if (content.read() != -1) {
      throw new IOException("object " + key + " is longer than declared: the stream holds more than " + length + " bytes");
    }
    String sha256 = HexFormat.of().formatHex(sha256().digest(bytes));
    try {
      s3.putObject(b -> b.bucket(bucket).key(s3Key(key)).contentLength(length)
          .metadata(Map.of(SHA256_METADATA, sha256)), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw translate("PutObject", key.value(), e);
    }
    return new ObjectInfo(key, length, ObjectInfo.sha256Digest(sha256), Instant.now());
  }

  private ObjectInfo putMultipart(ObjectKey key, InputStream content, long length) throws IOException {
    S3Multipart upload = startMultipart(key);
    boolean done = false;
    try {
      long sent = 0;
      int number = 0;
      while (sent < length) {
        int n = (int) Math.min(partSize, length - sent);
        byte[] part = readExactly(content, n, "object " + key + " (after " + sent + " of " + length + " bytes)");
        upload.putPart(++number, new ByteArrayInputStream(part), n);
        sent += n;
      }
      if (content.read() != -1) {
        throw new IOException("object " + key + " is longer than declared: the stream holds more than " + length + " bytes");
      }
      ObjectInfo info = upload.complete();
      done = true;
      return info;
    } finally {
      if (!done) {
        upload.abort();
      }
    }
  }

  static byte[] readExactly(InputStream in, int length, String what) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new IOException(what + " is shorter than declared: the stream ended after " + bytes.length + " of "
          + length + " bytes");
    }
    return bytes;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  @Override
  public InputStream get(ObjectKey key) throws IOException {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(s3Key(key)));
    } catch (SdkException e) {
      throw translate("GetObject", key.value(), e);
    }
  }

  @Override
  public InputStream get(ObjectKey key, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("range of object " + key + " has a negative offset or length: "
          + offset + ", " + length);
    }
    if (length == 0) {
      head(key);
      return InputStream.nullInputStream();
    }
    long last = offset + length - 1 < 0 ? Long.MAX_VALUE : offset + length - 1;
    try {
      return s3.getObject(b -> b.bucket(bucket).key(s3Key(key)).range("bytes=" + offset + "-" + last));
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        return InputStream.nullInputStream(); // the object exists and ends before offset
      }
      throw translate("GetObject", key.value(), e);
    } catch (SdkException e) {
      throw translate("GetObject", key.value(), e);
    }
  }

  @Override
  public ObjectInfo head(ObjectKey key) throws IOException {
    HeadObjectResponse head;
    try {
      head = s3.headObject(b -> b.bucket(bucket).key(s3Key(key)));
    } catch (SdkException e) {
      throw translate("HeadObject", key.value(), e);
    }
    String sha256 = head.metadata().get(SHA256_METADATA);
    String digest = sha256 != null && sha256.matches("[0-9a-f]{64}")
        ? ObjectInfo.sha256Digest(sha256) : etagDigest(head.eTag());
    return new ObjectInfo(key, head.contentLength(), digest, head.lastModified());
  }

  private static String etagDigest(String etag) {
    return "etag:" + (etag == null ? "" : etag.replace("\"", ""));
  }

  @Override
  public ObjectPage list(String listPrefix, Optional<String> pageToken, int pageSize) throws IOException {
    if (pageSize < 1 || pageSize > DEFAULT_PAGE_SIZE) {
      throw new IllegalArgumentException("listing page size " + pageSize + " is not 1 to " + DEFAULT_PAGE_SIZE);
    }
    if (listPrefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("object key prefix '" + listPrefix + "' holds a control character");
    }
    ListObjectsV2Response page;
    try {
      page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix + listPrefix).maxKeys(pageSize)
          .continuationToken(pageToken.orElse(null)));
    } catch (S3Exception e) {
      if (pageToken.isPresent() && e.statusCode() == 400) {
        throw new IllegalArgumentException("listing page token '" + pageToken.get() + "' was not given by this store", e);
      }
      throw translate("ListObjectsV2", prefix + listPrefix + "*", e);
    } catch (SdkException e) {
      throw translate("ListObjectsV2", prefix + listPrefix + "*", e);
    }
    List<ObjectInfo> objects = new ArrayList<>();
    for (S3Object o : page.contents()) {
      ObjectKey key;
      try {
        key = ObjectKey.of(o.key().substring(prefix.length()));
      } catch (IllegalArgumentException e) {
        continue; // an object someone else put there, whose name is not a key
      }
      objects.add(new ObjectInfo(key, o.size(), etagDigest(o.eTag()), o.lastModified()));
    }
    Optional<String> next = Boolean.TRUE.equals(page.isTruncated())
        ? Optional.ofNullable(page.nextContinuationToken()) : Optional.empty();
    return new ObjectPage(objects, next);
  }

  /** Whether there was an object is learnt by a HeadObject first: S3's delete does not say. */
  @Override
  public boolean delete(ObjectKey key) throws IOException {
    try {
      head(key);
    } catch (NoSuchObjectException e) {
      return false;
    }
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(s3Key(key)));
      return true;
    } catch (SdkException e) {
      throw translate("DeleteObject", key.value(), e);
    }
  }

  @Override
  public S3Multipart startMultipart(ObjectKey key) throws IOException {
    try {
      String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(s3Key(key))).uploadId();
      return new S3Multipart(key, uploadId);
    } catch (SdkException e) {
      throw translate("CreateMultipartUpload", key.value(), e);
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      s3.close();
    }
  }

  /** A multipart upload in S3; parts are read into memory one at a time and sent. */
  final class S3Multipart implements MultipartUpload {
    private final ObjectKey key;
    private final String uploadId;
    private final TreeMap<Integer, CompletedPart> parts = new TreeMap<>();
    private boolean finished;

    S3Multipart(ObjectKey key, String uploadId) {
      this.key = key;
      this.uploadId = uploadId;
    }

    @Override
    public ObjectKey key() {
      return key;
    }

    @Override
    public void putPart(int partNumber, InputStream content, long length) throws IOException {
      checkOpen();
      String what = "part " + partNumber + " of the upload to " + key;
      MultipartUpload.checkPartNumber(key, partNumber);
      if (length < 0 || length > MAX_BUFFERED_PART) {
        throw new IllegalArgumentException(what + " has length " + length + ", not 0 to 512 MiB");
      }
      byte[] bytes = readExactly(content, (int) length, what);
      if (content.read() != -1) {
        throw new IOException(what + " is longer than declared: the stream holds more than " + length + " bytes");
      }
      try {
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(s3Key(key)).uploadId(uploadId)
            .partNumber(partNumber).contentLength(length), RequestBody.fromBytes(bytes)).eTag();
        parts.put(partNumber, CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      } catch (SdkException e) {
        throw translate("UploadPart", key.value(), e);
      }
    }

    @Override
    public ObjectInfo complete() throws IOException {
      checkOpen();
      if (parts.isEmpty()) {
        throw new IllegalStateException("the upload to " + key + " has no parts to complete");
      }
      try {
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(s3Key(key)).uploadId(uploadId)
            .multipartUpload(m -> m.parts(new ArrayList<>(parts.values()))));
      } catch (SdkException e) {
        throw translate("CompleteMultipartUpload", key.value(), e);
      }
      finished = true;
      return head(key);
    }

    @Override
    public void abort() throws IOException {
      if (finished) {
        return;
      }
      finished = true;
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(s3Key(key)).uploadId(uploadId));
      } catch (NoSuchUploadException e) {
        // already gone
      } catch (SdkException e) {
        throw translate("AbortMultipartUpload", key.value(), e);
      }
    }

    private void checkOpen() {
      if (finished) {
        throw new IllegalStateException("the upload to " + key + " is already completed or aborted");
      }
    }
  }
}
