package org.amisdk.s3;

import java.net.URI;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.amisdk.storage.object.ObjectStore;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server (s3proxy, in memory) on 127.0.0.1, started before a test class and
 * stopped after it: {@code @RegisterExtension static final S3ProxyServer server = new S3ProxyServer();}
 */
final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {
  static final String ACCESS_KEY = "amisdk-access";
  static final String SECRET_KEY = "amisdk-secret";
  static final String REGION = "us-east-1";

  private final AtomicInteger buckets = new AtomicInteger();
  private S3Proxy proxy;
  private URI endpoint;
  private S3Client admin;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.identity", ACCESS_KEY);
    properties.setProperty("jclouds.credential", SECRET_KEY);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("transient", properties))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .stopTimeout(0)
        .build();
    proxy.start();
    for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    if (!"STARTED".equals(proxy.getState())) {
      proxy.stop();
      throw new IllegalStateException("s3proxy did not start: it is " + proxy.getState());
    }
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    this.admin = client(true);
  }

  URI endpoint() {
    return endpoint;
  }

  /** A client of this server, the caller closes it. */
  S3Client client(boolean checksumsWhenRequired) {
    return S3ObjectStore.compatibleClient(endpoint, ACCESS_KEY, SECRET_KEY, REGION, checksumsWhenRequired);
  }

  /** Creates a fresh, empty bucket and returns its name. */
  String newBucket() {
    String bucket = "bucket-" + buckets.incrementAndGet();
    admin.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  /** A store on a fresh bucket through the endpoint convenience (the store owns its client). */
  ObjectStore newStore(String prefix) {
    return store(newBucket(), prefix);
  }

  /** A store on an existing bucket (the store owns its client): a second view of what another wrote. */
  ObjectStore store(String bucket, String prefix) {
    return S3ObjectStore.builder()
        .endpoint(endpoint, ACCESS_KEY, SECRET_KEY, REGION)
        .bucket(bucket)
        .prefix(prefix)
        .build();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    admin.close();
    proxy.stop();
  }
}
