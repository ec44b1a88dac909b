package org.amisdk.testing.cloud;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;

/**
 * The AWS SDK clients of ami-endpoint, reached by name so that ami-testing works without it:
 * {@code org.amisdk.endpoint.LocalEndpoint.ec2Client(LocalCloud, AccountId, Region)} and
 * {@code .ebsClient(...)}, each returning an SDK client bound to that cloud, account and region.
 */
final class SdkClients {
  static final String ENDPOINT = "org.amisdk.endpoint.LocalEndpoint";
  static final String EC2_CLIENT = "software.amazon.awssdk.services.ec2.Ec2Client";
  static final String EBS_CLIENT = "software.amazon.awssdk.services.ebs.EbsClient";

  private SdkClients() {}

  /** Whether {@code type} is one of the SDK client interfaces the endpoint offers. */
  static boolean isClient(Class<?> type) {
    return type.getName().equals(EC2_CLIENT) || type.getName().equals(EBS_CLIENT);
  }

  /** The endpoint class, when ami-endpoint is on the classpath. */
  static Optional<Class<?>> endpoint() {
    try {
      return Optional.of(Class.forName(ENDPOINT, true, SdkClients.class.getClassLoader()));
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * A client of {@code type} bound to {@code cloud} as {@code account} in {@code region}.
   *
   * @throws IllegalStateException when ami-endpoint is not on the classpath, or offers no such client
   */
  static Object client(Class<?> type, LocalCloud cloud, AccountId account, Region region) {
    Class<?> endpoint = endpoint().orElseThrow(() -> new IllegalStateException(
        "client " + type.getSimpleName() + " needs ami-endpoint on the test classpath: class " + ENDPOINT + " is absent"));
    String factory = type.getName().equals(EC2_CLIENT) ? "ec2Client" : "ebsClient";
    try {
      Method method = endpoint.getMethod(factory, LocalCloud.class, AccountId.class, Region.class);
      return type.cast(method.invoke(null, cloud, account, region));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException("endpoint " + ENDPOINT + " has no public static " + factory
          + "(LocalCloud, AccountId, Region)", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("endpoint " + ENDPOINT + "." + factory + " failed for account " + account
          + " in " + region + ": " + e.getCause(), e.getCause());
    }
  }
}
