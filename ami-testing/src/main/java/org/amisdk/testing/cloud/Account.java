package org.amisdk.testing.cloud;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The account (and optionally region) an injected client acts as, e.g. {@code @Account("444455556666") Ec2 other}. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Account {
  /** A 12-digit account id. */
  String value();

  /** The region, when not the test's. */
  String region() default "";
}
