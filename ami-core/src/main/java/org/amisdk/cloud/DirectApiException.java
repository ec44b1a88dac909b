package org.amisdk.cloud;

import java.util.Optional;
import org.amisdk.model.Ec2Exception;

/**
 * A refusal of one of the EBS direct APIs: its error code is that API's ({@code
 * ValidationException}, {@code ResourceNotFoundException}, ...), with the reason it gives, if any
 * ({@code INVALID_BLOCK}, {@code SNAPSHOT_NOT_FOUND}, ...).
 */
public final class DirectApiException extends Ec2Exception {
  private static final long serialVersionUID = 1L;

  /** A parameter is malformed or out of range, or the request does not fit the snapshot's state. */
  public static final String VALIDATION = "ValidationException";
  /** The snapshot does not exist, or the caller may not see it. */
  public static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
  /** The caller sees the snapshot but may not change it. */
  public static final String ACCESS_DENIED = "AccessDeniedException";
  /** A client token was used before with a different request. */
  public static final String CONFLICT = "ConflictException";

  private final String reason;

  /** A refusal with the API's {@code errorCode}, a {@code reason} (or null for none) and a message. */
  public DirectApiException(String errorCode, String reason, String message) {
    super(errorCode, message);
    this.reason = reason;
  }

  /** The reason the API gives beside the code, e.g. {@code INVALID_BLOCK}. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }
}
