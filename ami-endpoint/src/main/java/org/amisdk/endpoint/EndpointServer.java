package org.amisdk.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local cloud served over HTTP, by default on the loopback interface only. Close it to stop
 * serving; the cloud stays open and belongs to the caller.
 */
public final class EndpointServer implements AutoCloseable {
  /**
   * The JDK server sends a response's headers and body as two writes; with Nagle's algorithm on,
   * the body then waits for the client's delayed ACK (about 40 ms a request, measured). The JDK
   * server reads this switch once, when its first server is made in the JVM; a value the user set
   * is kept.
   */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService workers;
  private final Endpoint endpoint;

  EndpointServer(Endpoint endpoint, InetAddress address, int port) throws IOException {
    this.endpoint = endpoint;
    this.server = HttpServer.create(new InetSocketAddress(address, port), 128);
    this.workers = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), r -> {
      Thread thread = new Thread(r, "amisdk-endpoint");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(workers);
    server.createContext("/", this::exchange);
    server.start();
  }

  /** The URL clients give as their endpoint, e.g. {@code http://127.0.0.1:4566}. */
  public URI url() {
    InetSocketAddress bound = server.getAddress();
    return URI.create("http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort());
  }

  /** The port the server listens on (the chosen one, or the one the system gave for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests and waits briefly for those in progress. */
  @Override
  public void close() {
    server.stop(0);
    workers.shutdown();
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      WireResponse answer;
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(Endpoint.MAX_BODY_BYTES + 1);
        if (body.length > Endpoint.MAX_BODY_BYTES) {
          drain(in);
        }
      } catch (IOException cutShort) {
        body = null; // the client closed before sending the body its Content-Length announced
      }
      answer = body == null
          ? endpoint.refuseIncompleteBody(toWire(exchange, new byte[0]))
          : endpoint.handle(toWire(exchange, body));
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
      if (answer.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer.body());
        }
      }
    }
  }

  /**
   * Reads and drops what is left of an oversized body, up to {@value #DRAIN_LIMIT} bytes, so the
   * client, still sending, reads the refusal whole instead of a reset connection.
   */
  private static void drain(InputStream in) throws IOException {
    byte[] sink = new byte[64 * 1024];
    long dropped = 0;
    for (int n; dropped < DRAIN_LIMIT && (n = in.read(sink)) > 0; ) {
      dropped += n;
    }
  }

  /** The most of an oversized body the server reads (and drops) before refusing it. */
  static final long DRAIN_LIMIT = 256L << 20;

  private static WireRequest toWire(HttpExchange exchange, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    URI uri = exchange.getRequestURI();
    return new WireRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
        uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath(), query(uri.getRawQuery()), headers, body);
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
