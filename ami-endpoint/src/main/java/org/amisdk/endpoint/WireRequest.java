package org.amisdk.endpoint;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the protocols see it, whichever transport carried it.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded path, starting with {@code /}
 * @param query the decoded query parameters, in order of appearance
 * @param headers the headers, names in lower case
 * @param body the whole body (bounded by the transport)
 */
record WireRequest(
    String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {

  WireRequest {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
  }

  /** The first value of header {@code name} (any case). */
  Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The first value of query parameter {@code name}. */
  Optional<String> queryParameter(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
