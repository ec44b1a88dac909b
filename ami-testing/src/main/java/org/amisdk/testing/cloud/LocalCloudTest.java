package org.amisdk.testing.cloud;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test of the class against a fresh local cloud, and checks the cloud's invariants after
 * each test: a breach fails the test that caused it. Test methods (and constructors, lifecycle
 * methods) declare what they need by type: {@code LocalCloud}, {@code Ec2} (this annotation's
 * account and region, or {@link Account}'s), {@code ManualClock}, {@code BlockStore},
 * {@link TestCloud}, {@link Fixtures}, and with ami-endpoint on the classpath the AWS SDK's
 * {@code Ec2Client} and {@code EbsClient}. Use either this annotation or a registered
 * {@link LocalCloudExtension}, not both.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalCloudExtension.class)
public @interface LocalCloudTest {
  /** The account the injected {@code Ec2} acts as. */
  String account() default LocalCloudExtension.DEFAULT_ACCOUNT;

  /** The region the injected clients act in, and seeded images go to. */
  String region() default LocalCloudExtension.DEFAULT_REGION;

  /** What the {@code ManualClock} reads when the cloud is made, ISO-8601. */
  String clock() default LocalCloudExtension.DEFAULT_START;

  /** Seed of the ids the cloud makes: the same test makes the same ids. */
  long ids() default 42;

  /**
   * Realistic lifecycle timings (snapshots and boots take clock time; fixtures advance the clock to
   * wait) instead of the default instant ones.
   */
  boolean realisticTimings() default false;

  /** One cloud for the whole class instead of one per test; invariants are still checked after each test. */
  boolean perClass() default false;

  /** A durable cloud in a fresh temporary directory (deleted afterwards) instead of an in-memory one. */
  boolean durable() default false;
}
