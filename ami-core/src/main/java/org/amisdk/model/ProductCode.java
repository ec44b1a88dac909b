package org.amisdk.model;

import org.immutables.value.Value;

/** A product code on an image (DevPay or AWS Marketplace), e.g. {@code cvugziknvmxgqna9noibqnnsy}. */
@Value.Immutable
public abstract class ProductCode {
  ProductCode() {}

  /** The product code id. */
  @Value.Parameter
  public abstract String productCodeId();

  /** Its kind. */
  @Value.Parameter
  public abstract ProductCodeType type();

  /**
   * A product code.
   *
   * @throws Ec2Exception {@code InvalidParameterValue} when the id is empty or longer than 64
   */
  public static ProductCode of(String productCodeId, ProductCodeType type) {
    return ImmutableProductCode.of(productCodeId, type);
  }

  @Value.Check
  void check() {
    Rules.notEmpty("product code id", productCodeId());
    Text.atMost("product code id", productCodeId(), 64, Ec2ErrorCode.INVALID_PARAMETER_VALUE);
  }
}
