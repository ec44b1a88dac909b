package org.amisdk.endpoint;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.amisdk.cloud.ManualClock;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * An SDK {@link Ec2Client} whose {@code waiter()} waits on a {@link ManualClock}: between polls
 * the waiter's backoff advances the clock by the SDK's delay for these waiters (15 s) and sleeps
 * not at all. Every other call goes to the real client unchanged.
 */
final class ManualClockWaiters {
  /** The delay between polls of the SDK's EC2 waiters for images, snapshots and instances. */
  static final Duration DELAY = Duration.ofSeconds(15);

  /** The polls of those waiters. */
  static final int ATTEMPTS = 40;

  private ManualClockWaiters() {}

  /** {@code client}, with a waiter that advances {@code clock}. */
  static Ec2Client wrap(Ec2Client client, ManualClock clock) {
    WaiterOverrideConfiguration configuration = WaiterOverrideConfiguration.builder()
        .maxAttempts(ATTEMPTS)
        .backoffStrategyV2(attempt -> {
          clock.advance(DELAY);
          return Duration.ZERO;
        })
        .build();
    Ec2Client[] self = new Ec2Client[1];
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("waiter") && method.getParameterCount() == 0) {
        return Ec2Waiter.builder().client(self[0]).overrideConfiguration(configuration).build();
      }
      if (method.getName().equals("toString") && method.getParameterCount() == 0) {
        return "Ec2Client on a manual clock (" + client + ")";
      }
      try {
        return method.invoke(client, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    self[0] = (Ec2Client) Proxy.newProxyInstance(Ec2Client.class.getClassLoader(), new Class<?>[] {Ec2Client.class}, handler);
    return self[0];
  }
}
