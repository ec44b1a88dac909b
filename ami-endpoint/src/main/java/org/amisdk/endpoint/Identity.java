package org.amisdk.endpoint;

import java.util.Map;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Region;

/**
 * Who a signed request acts as. With a table of credentials (access key id to account and secret
 * key) only the table's keys are accepted and each signature is verified; without one, a 12-digit
 * access key id is that account and any other key is {@link Endpoint#DEFAULT_ACCOUNT}, signatures
 * unchecked (the convention LocalStack users know).
 */
final class Identity {
  /** EC2's code for an access key it does not know. */
  static final String AUTH_FAILURE = "AuthFailure";
  /** EC2's code for a signature that does not match the request. */
  static final String SIGNATURE_DOES_NOT_MATCH = "SignatureDoesNotMatch";

  /** One entry of the table: the account an access key acts as, and its secret key. */
  record Key(AccountId account, String secretKey) {}

  private final Map<String, Key> table;

  /** The convention, no table. */
  static Identity convention() {
    return new Identity(Map.of());
  }

  Identity(Map<String, Key> table) {
    this.table = Map.copyOf(table);
  }

  /** Whether this identity checks signatures against a table. */
  boolean hasTable() {
    return !table.isEmpty();
  }

  /** The first access key of {@code account} in the table, and its secret; the convention's key otherwise. */
  Map.Entry<String, String> keyOf(AccountId account) {
    for (Map.Entry<String, Key> entry : table.entrySet()) {
      if (entry.getValue().account().equals(account)) {
        return Map.entry(entry.getKey(), entry.getValue().secretKey());
      }
    }
    if (hasTable()) {
      throw new IllegalArgumentException("account " + account + " has no access key in this endpoint's credentials");
    }
    return Map.entry(account.toString(), "amisdk-local");
  }

  /**
   * The caller of a request signed for {@code credential}.
   *
   * @throws Ec2Exception {@code AuthFailure} for a key the table does not hold, {@code
   *     SignatureDoesNotMatch} for a signature its secret does not make
   */
  Caller callerOf(WireRequest request, SigV4Credential credential) {
    Region region = Region.of(credential.region());
    if (!hasTable()) {
      return new Caller(Endpoint.accountOf(credential.accessKeyId()), region);
    }
    Key key = table.get(credential.accessKeyId());
    if (key == null) {
      throw new Ec2Exception(AUTH_FAILURE, "AWS was not able to validate the provided access credentials");
    }
    if (!SigV4Signature.matches(request, credential, key.secretKey())) {
      throw new Ec2Exception(SIGNATURE_DOES_NOT_MATCH, "The request signature we calculated does not match the signature you "
          + "provided. Check your AWS Secret Access Key and signing method.");
    }
    return new Caller(key.account(), region);
  }
}
