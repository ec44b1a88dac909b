package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;

/**
 * One region's idempotency tokens ("Ensuring idempotency in Amazon EC2 API requests"; EBS direct
 * APIs, StartSnapshot {@code ClientToken}): what each account's client token was first used for,
 * so that a retry with the same token and parameters returns the first call's result and changes
 * nothing, and the same token with another action or other parameters is refused. Tokens are per
 * account and region and are kept for good (the catalog records them); guarded by the region's lock.
 */
final class ClientTokens {
  /** EC2's limit on a client token's length: 64 ASCII characters. */
  static final int EC2_MAX_LENGTH = 64;

  private final Map<Key, Use> uses = new HashMap<>();
  private final Set<Object> changed;

  /** Tokens whose changes are tracked in {@code changed} (the region's {@link RegionState#changed}). */
  ClientTokens(Set<Object> changed) {
    this.changed = changed;
  }

  /** An account's token; its {@code toString} ({@code account:token}) parses back with {@link #parse}. */
  record Key(AccountId account, String token) {
    @Override
    public String toString() {
      return account + ":" + token;
    }

    static Key parse(String text) {
      int colon = text.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("client token key '" + text + "' has no account: it is account:token");
      }
      return new Key(AccountId.parse(text.substring(0, colon)), text.substring(colon + 1));
    }
  }

  /** What a token was first used for: the action, a digest of its parameters, and the ids of what it made. */
  record Use(String action, String parameters, ImmutableList<String> results) {}

  /** Refuses an EC2 client token longer than 64 characters or not ASCII (InvalidParameterValue). */
  static void checkEc2(Optional<String> token) {
    if (token.isPresent() && (token.get().isEmpty() || token.get().length() > EC2_MAX_LENGTH
        || !StandardCharsets.US_ASCII.newEncoder().canEncode(token.get()))) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "client token '%s' is malformed: it is 1 to %d ASCII characters",
          token.get(), EC2_MAX_LENGTH);
    }
  }

  /** EC2's refusal of a token reused with other parameters. */
  static Ec2Exception ec2Mismatch(String message) {
    return Ec2Exception.of(Ec2ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH, "%s", message);
  }

  /** The SHA-256 (hex) of {@code request}'s text: two requests of equal parameters have equal digests. */
  static String digest(Object request) {
    return Hashing.sha256().hashString(request.toString(), StandardCharsets.UTF_8).toString();
  }

  /**
   * The ids {@code account}'s first call with {@code token} made, when it used the token before for
   * {@code action} with the same parameters; empty when the token is new (or none is given, or
   * the call is a dry run).
   *
   * @param parameters the request as the comparison sees it (what may differ on a retry left out)
   * @throws RuntimeException made by {@code mismatch} from a message, when the token was used for another action or other parameters
   */
  Optional<ImmutableList<String>> earlier(AccountId account, Optional<String> token, String action, Object parameters,
      Function<String, RuntimeException> mismatch) {
    if (token.isEmpty() || DryRun.isActive()) { // a dry run is checked as a first call would be
      return Optional.empty();
    }
    Use use = uses.get(new Key(account, token.get()));
    if (use == null) {
      return Optional.empty();
    }
    if (!use.action().equals(action) || !use.parameters().equals(digest(parameters))) {
      throw mismatch.apply(String.format("client token %s was used for %s %s with other parameters: a retry repeats the request unchanged",
          token.get(), use.action(), String.join(", ", use.results())));
    }
    return Optional.of(use.results());
  }

  /** Records what {@code account}'s call with {@code token} (if one is given) made. */
  void record(AccountId account, Optional<String> token, String action, Object parameters, List<?> results) {
    if (token.isPresent()) {
      put(new Key(account, token.get()), new Use(action, digest(parameters),
          results.stream().map(Object::toString).collect(ImmutableList.toImmutableList())));
    }
  }

  /** The use recorded under {@code key}, if any. */
  Optional<Use> get(Key key) {
    return Optional.ofNullable(uses.get(key));
  }

  /** Every token of the region, unmodifiable. */
  Map<Key, Use> all() {
    return Collections.unmodifiableMap(uses);
  }

  /** Records or replaces a token's use. */
  void put(Key key, Use use) {
    DryRun.checkNoChange();
    changed.add(key);
    uses.put(key, use);
  }

  /** Forgets a token. */
  void remove(Key key) {
    DryRun.checkNoChange();
    changed.add(key);
    uses.remove(key);
  }
}
