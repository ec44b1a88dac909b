package org.amisdk.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The endpoint's one Jackson mapper (EBS direct, Recycle Bin and test control JSON), made on the
 * first JSON request rather than at start: Jackson's setup was a third of the server's start
 * (measured).
 */
final class Json {
  private Json() {}

  static ObjectMapper mapper() {
    return Holder.MAPPER;
  }

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
