package org.amisdk.model;

import org.immutables.value.Value;

/** Why an image is in its state, e.g. code {@code Client.InvalidSnapshot.NotFound} and a message. */
@Value.Immutable
public abstract class StateReason {
  StateReason() {}

  /** The reason's code. */
  @Value.Parameter
  public abstract String code();

  /** The reason's message, possibly empty. */
  @Value.Parameter
  public abstract String message();

  /** A state reason. */
  public static StateReason of(String code, String message) {
    return ImmutableStateReason.of(code, message);
  }

  @Value.Check
  void check() {
    Text.atMost("state reason code", code(), 256, Ec2ErrorCode.INVALID_PARAMETER_VALUE);
    Text.atMost("state reason message", message(), 1024, Ec2ErrorCode.INVALID_PARAMETER_VALUE);
  }
}
