package org.amisdk.testing.cloud;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Seeds the test's cloud, in the test's region, with images as {@code aws ec2 describe-images}
 * printed them (their snapshots exist as metadata only), before each test. On the class, a method,
 * or both (the class's go first).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface SeedImages {
  /** JSON documents: {@code classpath:path/in/resources.json}, or a file path relative to the working directory. */
  String[] value() default {};

  /** Also the built-in {@link PublicImages} catalogue of real public images (Amazon, Canonical, Marketplace). */
  boolean catalogue() default false;
}
