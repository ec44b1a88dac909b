package org.amisdk.cloud;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;

/**
 * The client {@link Ec2#dryRun()} returns: each call runs the real action's checks on a session
 * that stops at {@link Session#beforeChange()}, and answers as EC2 answers a request with {@code
 * DryRun} set: {@code DryRunOperation} when the call would have succeeded, {@code
 * UnauthorizedOperation} when the caller may not make it (where the call would refuse with {@code
 * AuthFailure}), and the call's own refusal otherwise.
 *
 * <p>One handler for every method of {@link Ec2}, so an action added to the interface is dry-run
 * the same way; should an action reach a catalog change without passing {@link
 * Session#beforeChange()}, {@link RegionState} refuses the change ({@link #checkNoChange()}).
 */
final class DryRun implements InvocationHandler {
  /** Set while a dry run is in progress on this thread. */
  private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

  /** The EBS direct APIs, which have no DryRun parameter. */
  private static final Set<String> WITHOUT_DRY_RUN = Set.of("startSnapshot", "putSnapshotBlock", "completeSnapshot",
      "listSnapshotBlocks", "listChangedBlocks", "getSnapshotBlock");

  private final Object checks;

  private DryRun(Object checks) {
    this.checks = checks;
  }

  /** The dry-run client over {@code checks}, a client whose session dry-runs. */
  static Ec2 over(Ec2 checks) {
    return proxy(Ec2.class, checks);
  }

  private static <T> T proxy(Class<T> type, T checks) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new DryRun(checks)));
  }

  /** EC2's answer to a dry run that would have succeeded. */
  static Ec2Exception wouldSucceed() {
    return new Ec2Exception(Ec2ErrorCode.DRY_RUN_OPERATION, "Request would have succeeded, but DryRun flag is set.");
  }

  /** Whether a dry run is in progress on this thread: clean-ups that would change the catalog (purges) wait for a real call. */
  static boolean isActive() {
    return ACTIVE.get() != null;
  }

  /** Refuses a catalog change made during a dry run: an action that changes must pass {@link Session#beforeChange()} first. */
  static void checkNoChange() {
    if (ACTIVE.get() != null) {
      throw new IllegalStateException("dry run reached a catalog change: the action lacks its Session.beforeChange() check");
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      return switch (name) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "dry run of " + checks;
      };
    }
    switch (name) {
      case "account", "region" -> { // Ec2's identity, not an action
        return method.invoke(checks, args);
      }
      case "dryRun" -> {
        return proxy;
      }
      case "recycleBin" -> { // the Recycle Bin's actions dry-run the same way
        return proxy(RecycleBin.class, ((Ec2) checks).recycleBin());
      }
      default -> {
        if (WITHOUT_DRY_RUN.contains(name)) {
          throw new UnsupportedOperationException("EBS direct " + name + " has no dry run: EC2's DryRun is for EC2 actions");
        }
      }
    }
    ACTIVE.set(Boolean.TRUE);
    try {
      method.invoke(checks, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Ec2Exception refused && !(cause instanceof DirectApiException)
          && refused.errorCode().equals(Ec2ErrorCode.AUTH_FAILURE)) {
        throw new Ec2Exception(Ec2ErrorCode.UNAUTHORIZED_OPERATION, "You are not authorized to perform this operation.");
      }
      throw cause;
    } finally {
      ACTIVE.remove();
    }
    throw wouldSucceed(); // an action that only reads: its checks passed
  }
}
