package org.amisdk.json;

import java.util.Optional;
import org.amisdk.model.Ec2Exception;

/**
 * AWS CLI JSON that cannot be read: not JSON, too large, or a key whose value breaks a rule. The
 * message starts with the key path ({@code Images[0].Architecture: ...}); when a model rule
 * refused the value, {@link #errorCode()} is EC2's code for it and the cause is the {@link
 * Ec2Exception}.
 */
public final class AwsJsonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;

  AwsJsonException(String path, String problem) {
    super(path.isEmpty() ? problem : path + ": " + problem);
    this.path = path;
  }

  AwsJsonException(String path, Ec2Exception cause) {
    super(path.isEmpty() ? cause.getMessage() : path + ": " + cause.getMessage(), cause);
    this.path = path;
  }

  /** The key path of the bad value, e.g. {@code Images[0].BlockDeviceMappings[1]}; empty for the document. */
  public String path() {
    return path;
  }

  /** EC2's error code when a model rule refused the value. */
  public Optional<String> errorCode() {
    return getCause() instanceof Ec2Exception ec2 ? Optional.of(ec2.errorCode()) : Optional.empty();
  }
}
