package org.amisdk.endpoint;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local cloud served over HTTP, by default on the loopback interface only. Close it to stop
 * serving; the cloud stays open and belongs to the caller.
 */
public final class EndpointServer implements AutoCloseable {
  private final HttpTransport transport;

  EndpointServer(Endpoint endpoint, InetAddress address, int port) throws IOException {
    this.transport = new HttpTransport(endpoint, address, port);
  }

  /** The URL clients give as their endpoint, e.g. {@code http://127.0.0.1:4566}. */
  public URI url() {
    InetSocketAddress bound = transport.address();
    return URI.create("http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort());
  }

  /** The port the server listens on (the chosen one, or the one the system gave for port 0). */
  public int port() {
    return transport.address().getPort();
  }

  /** Stops accepting requests, closes open connections and waits briefly for requests in progress. */
  @Override
  public void close() {
    transport.close();
  }

  /** Decodes a raw query string; a malformed escape keeps the text as it came. */
  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }
}
