package org.amisdk.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP response from a protocol: status, headers and the whole body.
 *
 * @param status the HTTP status code
 * @param headers header names and values
 * @param body the body
 */
record WireResponse(int status, Map<String, String> headers, byte[] body) {

  WireResponse {
    headers = Map.copyOf(headers);
  }

  /** A response with one content type and a UTF-8 text body. */
  static WireResponse text(int status, String contentType, String body) {
    return new WireResponse(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
  }
}
