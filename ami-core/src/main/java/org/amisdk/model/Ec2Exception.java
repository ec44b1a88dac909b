package org.amisdk.model;

import static java.util.Objects.requireNonNull;

/**
 * An expected refusal, carrying EC2's error code ({@link Ec2ErrorCode}: {@code InvalidAMIID.Malformed}, {@code
 * InvalidBlockDeviceMapping}, ...) and a message naming the subject, the rule and the value.
 *
 * <p>The model throws it when a value breaks one of EC2's rules; the control plane throws it
 * (or a subclass) for its refusals. Callers branch on {@link #errorCode()}, never on the message.
 */
public class Ec2Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String errorCode;

  /**
   * A refusal with EC2's {@code errorCode} (one of {@link Ec2ErrorCode}'s constants) and a message
   * in the house grammar: lower case, subject first, the rule, the value.
   */
  public Ec2Exception(String errorCode, String message) {
    super(requireNonNull(message, "message"));
    this.errorCode = requireNonNull(errorCode, "errorCode");
  }

  /**
   * The one message builder: a refusal with {@code errorCode} whose message is {@code format}
   * filled with {@code args} as {@link String#format} does.
   */
  public static Ec2Exception of(String errorCode, String format, Object... args) {
    return new Ec2Exception(errorCode, String.format(format, args));
  }

  /** EC2's error code, e.g. {@code InvalidAMIID.Malformed}. */
  public String errorCode() {
    return errorCode;
  }

  @Override
  public String toString() {
    return errorCode + ": " + getMessage();
  }
}
