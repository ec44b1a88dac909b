package org.amisdk.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies an AWS Signature Version 4 {@code Authorization} header against a secret key, as AWS
 * computes it: the canonical request (method, path, sorted query, the signed headers, the payload
 * hash), the string to sign over the credential scope, and the HMAC-SHA256 key chain. The request
 * time is not compared with the clock (a local cloud's clock may be a test's manual clock).
 */
final class SigV4Signature {
  private static final Pattern SIGNED_HEADERS = Pattern.compile("SignedHeaders=([a-z0-9;_.-]{1,2000})");
  private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]{64})");
  private static final HexFormat HEX = HexFormat.of();

  private SigV4Signature() {}

  /** Whether {@code request}, signed for {@code credential}, carries the signature {@code secretKey} makes. */
  static boolean matches(WireRequest request, SigV4Credential credential, String secretKey) {
    Optional<String> authorization = request.header("authorization");
    Optional<String> amzDate = request.header("x-amz-date");
    if (authorization.isEmpty() || amzDate.isEmpty()) {
      return false;
    }
    Matcher headers = SIGNED_HEADERS.matcher(authorization.get());
    Matcher signature = SIGNATURE.matcher(authorization.get());
    if (!headers.find() || !signature.find()) {
      return false;
    }
    String canonical = canonicalRequest(request, headers.group(1).split(";"));
    String scope = credential.date() + "/" + credential.region() + "/" + credential.service() + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate.get() + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), credential.date());
    key = hmac(key, credential.region());
    key = hmac(key, credential.service());
    key = hmac(key, "aws4_request");
    byte[] expected = hmac(key, toSign);
    return MessageDigest.isEqual(expected, HEX.parseHex(signature.group(1)));
  }

  private static String canonicalRequest(WireRequest request, String[] signedHeaders) {
    StringBuilder canonical = new StringBuilder(256);
    canonical.append(request.method()).append('\n');
    // services other than S3 sign each path segment encoded twice
    List<String> segments = new ArrayList<>();
    for (String segment : request.path().split("/", -1)) {
      segments.add(encode(encode(segment)));
    }
    canonical.append(String.join("/", segments)).append('\n');
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, List<String>> parameter : request.query().entrySet()) {
      for (String value : parameter.getValue()) {
        if (!parameter.getKey().equals("X-Amz-Signature")) {
          pairs.add(encode(parameter.getKey()) + "=" + encode(value));
        }
      }
    }
    pairs.sort(null);
    canonical.append(String.join("&", pairs)).append('\n');
    for (String name : signedHeaders) {
      List<String> values = request.headers().getOrDefault(name, List.of());
      List<String> trimmed = new ArrayList<>(values.size());
      values.forEach(value -> trimmed.add(value.trim().replaceAll(" +", " ")));
      canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
    canonical.append(request.header("x-amz-content-sha256").orElseGet(() -> HEX.formatHex(sha256(request.body()))));
    return canonical.toString();
  }

  /** RFC 3986 percent-encoding, as SigV4 wants it: unreserved characters kept, everything else {@code %XY}. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }
}
