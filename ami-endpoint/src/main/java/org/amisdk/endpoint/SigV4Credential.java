package org.amisdk.endpoint;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credential a SigV4-signed request names: access key id and credential scope (date, region,
 * service), from the {@code Authorization} header or a presigned URL's {@code X-Amz-Credential}.
 */
record SigV4Credential(String accessKeyId, String date, String region, String service) {

  private static final Pattern SCOPE =
      Pattern.compile("([^/\\s,]{1,128})/(\\d{8})/([a-z0-9-]{1,32})/([a-z0-9-]{1,32})/aws4_request");
  private static final Pattern HEADER_CREDENTIAL = Pattern.compile("Credential=([^,\\s]{1,300})");

  /** The credential of {@code request}, if it is signed with SigV4 in a form this endpoint reads. */
  static Optional<SigV4Credential> of(WireRequest request) {
    Optional<String> authorization = request.header("authorization");
    if (authorization.isPresent()) {
      String value = authorization.get();
      if (!value.startsWith("AWS4-HMAC-SHA256 ")) {
        return Optional.empty();
      }
      Matcher credential = HEADER_CREDENTIAL.matcher(value);
      return credential.find() ? parseScope(credential.group(1)) : Optional.empty();
    }
    return request.queryParameter("X-Amz-Credential").flatMap(SigV4Credential::parseScope);
  }

  private static Optional<SigV4Credential> parseScope(String text) {
    Matcher scope = SCOPE.matcher(text);
    if (!scope.matches()) {
      return Optional.empty();
    }
    return Optional.of(new SigV4Credential(scope.group(1), scope.group(2), scope.group(3), scope.group(4)));
  }
}
