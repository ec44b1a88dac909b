package org.amisdk.endpoint;

import java.util.Optional;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2Exception;

/**
 * The one protocol handler both transports call: finds the caller from the request's signature,
 * picks the protocol from the credential scope's service ({@code ebs}, {@code rbin} or {@code ec2}) and hands the
 * request over. Thread-safe; holds no state of its own beyond its parts.
 */
final class Endpoint {
  /** The largest request body any action takes (a 512 KiB EBS block, or a large EC2 form), with room. */
  static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

  /** The account a request signed with an access key id that is not 12 digits acts as. */
  static final AccountId DEFAULT_ACCOUNT = AccountId.parse("000000000000");

  private final LocalCloud cloud;
  private final Identity identity;
  private final Protocol ec2;
  private final Protocol ebs;
  private final Protocol rbin;
  /** Test control ({@link TestControlProtocol}), or null when off. */
  private final TestControlProtocol control;

  Endpoint(LocalCloud cloud) {
    this(cloud, Identity.convention(), false);
  }

  /** An endpoint taking identities from {@code identity}; it also answers test control requests when {@code testControl} is true. */
  Endpoint(LocalCloud cloud, Identity identity, boolean testControl) {
    this.cloud = cloud;
    this.identity = identity;
    this.ec2 = new Ec2QueryProtocol(cloud);
    this.ebs = new EbsDirectProtocol(cloud);
    this.rbin = new RbinProtocol(cloud);
    this.control = testControl ? new TestControlProtocol(cloud) : null;
  }

  LocalCloud cloud() {
    return cloud;
  }

  /** Who requests act as. */
  Identity identity() {
    return identity;
  }

  /** Answers one request; never throws for anything the request contains. */
  WireResponse handle(WireRequest request) {
    if (control != null && TestControlProtocol.addressed(request)) {
      return control.handle(request);
    }
    Optional<SigV4Credential> credential = SigV4Credential.of(request);
    Protocol protocol = protocolFor(request, credential);
    if (credential.isEmpty()) {
      return protocol.refusal(401, "AuthFailure", "the request is not signed with AWS Signature Version 4");
    }
    if (request.body().length > MAX_BODY_BYTES) {
      return refuseOversizedBody(request);
    }
    Caller caller;
    try {
      caller = identity.callerOf(request, credential.get());
    } catch (Ec2Exception refused) {
      return protocol.refusal(refused.errorCode().equals(Identity.AUTH_FAILURE) ? 401 : 403, refused.errorCode(),
          refused.getMessage());
    }
    return protocol.handle(request, caller);
  }

  /**
   * A refusal, in the request's protocol, of a body over {@link #MAX_BODY_BYTES}; the transport
   * may have read none of it (the size is then what the client announced, if it did).
   */
  WireResponse refuseOversizedBody(WireRequest request) {
    String size = request.header("Content-Length").map(n -> "of " + n + " bytes")
        .orElse("of more than " + MAX_BODY_BYTES + " bytes");
    return protocolFor(request, SigV4Credential.of(request)).refusal(413, "RequestEntityTooLarge",
        "request body " + size + " is over the limit of " + MAX_BODY_BYTES + " bytes");
  }

  /** A refusal, in the request's protocol, of a body the client stopped sending before its announced length. */
  WireResponse refuseIncompleteBody(WireRequest request) {
    return protocolFor(request, SigV4Credential.of(request)).refusal(400, "IncompleteBody",
        "request body ended before its Content-Length: the connection closed early");
  }

  private Protocol protocolFor(WireRequest request, Optional<SigV4Credential> credential) {
    if (credential.isPresent()) {
      return switch (credential.get().service()) {
        case "ebs" -> ebs;
        case "rbin" -> rbin;
        default -> ec2;
      };
    }
    return request.path().startsWith("/snapshots") ? ebs : RbinProtocol.addressed(request) ? rbin : ec2;
  }

  /** A 12-digit access key id is that account (as LocalStack users expect); any other key is {@link #DEFAULT_ACCOUNT}. */
  static AccountId accountOf(String accessKeyId) {
    if (accessKeyId.length() != 12) {
      return DEFAULT_ACCOUNT;
    }
    for (int i = 0; i < 12; i++) {
      if (accessKeyId.charAt(i) < '0' || accessKeyId.charAt(i) > '9') { // no regex compiled per request
        return DEFAULT_ACCOUNT;
      }
    }
    return AccountId.parse(accessKeyId);
  }
}
