package org.amisdk.endpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP/1.1 transport behind {@link EndpointServer}: one thread per open connection,
 * persistent connections, bodies by {@code Content-Length} or chunked, {@code Expect:
 * 100-continue}, and a bound on everything a client sends (request line, headers, body,
 * connections, idle time). Chosen over the JDK's built-in server by measurement: its hand-off
 * between a selector thread and a worker cost about 200 µs a request on loopback, more than the
 * whole answer (see docs/endpoint.md, "Transports").
 *
 * <p>What a client sends is untrusted: malformed framing gets a plain 400 (or 413, 414, 431, 501,
 * 505) and the connection is closed; the protocol handler only sees whole, bounded requests.
 */
final class HttpTransport implements AutoCloseable {
  /** Connections served at once; one more is answered 503 and closed. */
  static final int MAX_CONNECTIONS = 64;
  /** The longest request line, in bytes. */
  static final int MAX_REQUEST_LINE = 16 * 1024;
  /** The most bytes of header lines in one request. */
  static final int MAX_HEADER_BYTES = 64 * 1024;
  /** The most header lines in one request. */
  static final int MAX_HEADERS = 256;
  /** How long a connection may wait between reads (idle between requests, or stalled in one). */
  static final int READ_TIMEOUT_MILLIS = 60_000;
  /**
   * The most of an oversized body read (and dropped) before it is refused, so a client still
   * sending reads the refusal whole instead of a reset connection.
   */
  static final long DRAIN_LIMIT = 256L << 20;

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private final Endpoint endpoint;
  private final ServerSocket listener;
  private final ThreadPoolExecutor connections;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  HttpTransport(Endpoint endpoint, InetAddress address, int port) throws IOException {
    this.endpoint = endpoint;
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(address, port), 128);
    AtomicInteger count = new AtomicInteger();
    this.connections = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread thread = new Thread(r, "amisdk-endpoint-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.acceptor = new Thread(this::accept, "amisdk-endpoint-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The address and port the transport listens on. */
  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** Stops accepting, closes every open connection and waits briefly for requests in progress. */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing a listening socket fails only if it is already closed
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    connections.shutdown();
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(2));
      connections.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue; // a connection that failed while being accepted; the listener is fine
      }
      open.add(socket);
      try {
        connections.execute(() -> serve(socket));
      } catch (RejectedExecutionException full) {
        refuseAndClose(socket, 503, "the server is serving " + MAX_CONNECTIONS + " connections, its limit");
      }
    }
  }

  private void serve(Socket socket) {
    try {
      socket.setTcpNoDelay(true); // a response is one write; nothing to coalesce
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      while (!closed && exchange(in, out)) {
        // next request on the same connection
      }
    } catch (IOException gone) {
      // the client closed, reset, or stayed idle past the read timeout: nothing to answer
    } finally {
      closeQuietly(socket);
    }
  }

  /** Reads one request and answers it; true when the connection stays open for another. */
  private boolean exchange(InputStream in, OutputStream out) throws IOException {
    Head head;
    try {
      head = Head.read(in);
    } catch (BadRequest bad) {
      respond(out, plain(bad.status, bad.getMessage()), false, false);
      return false;
    }
    if (head == null) {
      return false; // closed cleanly between requests
    }
    Body body;
    try {
      if (head.expectsContinue()) {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
      body = Body.read(in, head);
    } catch (BadRequest bad) {
      respond(out, plain(bad.status, bad.getMessage()), false, false);
      return false;
    }
    WireResponse answer;
    try {
      WireRequest request = head.toWire(body.bytes() == null ? new byte[0] : body.bytes());
      answer = body.bytes() == null ? endpoint.refuseIncompleteBody(request) : endpoint.handle(request);
    } catch (BadRequest bad) {
      answer = plain(bad.status, bad.getMessage());
    } catch (RuntimeException bug) {
      answer = plain(500, "the server failed to answer: " + bug);
    }
    boolean keepAlive = body.whole() && head.keepAlive() && !closed;
    respond(out, answer, keepAlive, head.method.equals("HEAD"));
    return keepAlive;
  }

  private static void respond(OutputStream out, WireResponse answer, boolean keepAlive, boolean headOnly)
      throws IOException {
    StringBuilder head = new StringBuilder(256)
        .append("HTTP/1.1 ").append(answer.status()).append(' ').append(reason(answer.status())).append("\r\n")
        .append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
    answer.headers().forEach((name, value) -> {
      if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")) {
        head.append(name).append(": ").append(value).append("\r\n");
      }
    });
    head.append("Content-Length: ").append(answer.body().length).append("\r\n");
    if (!keepAlive) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!headOnly) {
      out.write(answer.body());
    }
    out.flush();
  }

  private void refuseAndClose(Socket socket, int status, String why) {
    try (socket) {
      socket.setSoTimeout(1_000);
      respond(socket.getOutputStream(), plain(status, why), false, false);
    } catch (IOException ignored) {
      // the refused client is gone already
    } finally {
      open.remove(socket);
    }
  }

  private void closeQuietly(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static WireResponse plain(int status, String message) {
    return WireResponse.text(status, "text/plain; charset=UTF-8", message + "\n");
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Payload Too Large";
      case 414 -> "URI Too Long";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> status < 400 ? "OK" : status < 500 ? "Client Error" : "Server Error";
    };
  }

  /** A request the transport refuses before any protocol sees it. */
  private static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** A request line and its headers. */
  private record Head(String method, String target, String version, Map<String, List<String>> headers) {

    /** The next request's head, or null when the connection closed before a request began. */
    static Head read(InputStream in) throws IOException, BadRequest {
      String line;
      do {
        line = readLine(in, MAX_REQUEST_LINE, 414, "request line");
        if (line == null) {
          return null;
        }
      } while (line.isEmpty()); // empty lines before a request line are ignored (RFC 9112, 2.2)
      String[] parts = line.split(" ", -1);
      if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !isToken(parts[0])) {
        throw new BadRequest(400, "malformed request line");
      }
      if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
        throw new BadRequest(parts[2].startsWith("HTTP/") ? 505 : 400, "unsupported protocol version " + parts[2]);
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      int bytes = 0;
      for (int count = 0; ; count++) {
        String header = readLine(in, MAX_HEADER_BYTES - bytes, 431, "headers");
        if (header == null) {
          throw new BadRequest(400, "the connection closed inside the request's headers");
        }
        if (header.isEmpty()) {
          break;
        }
        if (count == MAX_HEADERS) {
          throw new BadRequest(431, "more than " + MAX_HEADERS + " header lines");
        }
        bytes += header.length() + 2;
        int colon = header.indexOf(':');
        if (colon <= 0 || !isToken(header.substring(0, colon))) {
          throw new BadRequest(400, "malformed header line");
        }
        String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
        headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(header.substring(colon + 1).strip());
      }
      return new Head(parts[0].toUpperCase(Locale.ROOT), parts[1], parts[2], headers);
    }

    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }

    boolean expectsContinue() {
      return version.equals("HTTP/1.1") && "100-continue".equalsIgnoreCase(header("expect"));
    }

    boolean keepAlive() {
      String connection = header("connection");
      if (connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
        return false;
      }
      return version.equals("HTTP/1.1") || (connection != null && connection.equalsIgnoreCase("keep-alive"));
    }

    WireRequest toWire(byte[] body) throws BadRequest {
      URI uri;
      try {
        uri = new URI(target);
      } catch (java.net.URISyntaxException e) {
        throw new BadRequest(400, "malformed request target");
      }
      String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
      return new WireRequest(method, path, EndpointServer.query(uri.getRawQuery()), headers, body);
    }
  }

  /** A request body: its bytes (at most one past the endpoint's limit), or null when the client stopped early. */
  private record Body(byte[] bytes, boolean whole) {

    static Body read(InputStream in, Head head) throws IOException, BadRequest {
      List<String> lengths = head.headers().get("content-length");
      String coding = head.header("transfer-encoding");
      if (coding != null) {
        if (lengths != null) {
          throw new BadRequest(400, "both Transfer-Encoding and Content-Length");
        }
        if (!coding.toLowerCase(Locale.ROOT).strip().endsWith("chunked")) {
          throw new BadRequest(501, "transfer coding " + coding + " is not supported");
        }
        return chunked(in);
      }
      if (lengths == null) {
        return new Body(new byte[0], true);
      }
      long length = contentLength(lengths);
      int kept = (int) Math.min(length, Endpoint.MAX_BODY_BYTES + 1L);
      byte[] bytes = in.readNBytes(kept);
      if (bytes.length < kept) {
        return new Body(null, false);
      }
      long rest = length - kept;
      skip(in, Math.min(rest, DRAIN_LIMIT)); // a refused body's tail: dropped, whether or not it all comes
      return new Body(bytes, rest == 0);
    }

    private static long contentLength(List<String> values) throws BadRequest {
      long length = -1;
      for (String value : values) {
        for (String part : value.split(",", -1)) {
          long parsed = parseNumber(part.strip(), 10, 18, "Content-Length");
          if (length >= 0 && parsed != length) {
            throw new BadRequest(400, "conflicting Content-Length values");
          }
          length = parsed;
        }
      }
      return length;
    }

    /** A non-negative number of at most {@code maxDigits} ASCII digits in {@code radix}; else 400 naming {@code what}. */
    private static long parseNumber(String text, int radix, int maxDigits, String what) throws BadRequest {
      if (text.isEmpty() || text.length() > maxDigits) {
        throw new BadRequest(400, "malformed " + what);
      }
      long value = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        int digit = c < 128 ? Character.digit(c, radix) : -1; // no other script's digits
        if (digit < 0) {
          throw new BadRequest(400, "malformed " + what);
        }
        value = value * radix + digit;
      }
      return value;
    }

    private static Body chunked(InputStream in) throws IOException, BadRequest {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      long total = 0;
      while (true) {
        String line = readLine(in, 1024, 400, "chunk size");
        if (line == null) {
          return new Body(null, false);
        }
        int semicolon = line.indexOf(';');
        long size = parseNumber((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16, 15, "chunk size");
        if (size == 0) {
          break;
        }
        total += size;
        if (total > Endpoint.MAX_BODY_BYTES + DRAIN_LIMIT) {
          throw new BadRequest(413, "chunked body over " + (Endpoint.MAX_BODY_BYTES + DRAIN_LIMIT) + " bytes");
        }
        int room = (int) Math.min(size, Math.max(0, Endpoint.MAX_BODY_BYTES + 1L - kept.size()));
        byte[] chunk = in.readNBytes(room);
        kept.write(chunk);
        if (chunk.length < room || skip(in, size - room) < size - room) {
          return new Body(null, false);
        }
        String end = readLine(in, 2, 400, "chunk end");
        if (end == null) {
          return new Body(null, false);
        }
        if (!end.isEmpty()) {
          throw new BadRequest(400, "chunk longer than its size");
        }
      }
      for (int bytes = 0; ; ) { // trailer fields, dropped
        String trailer = readLine(in, MAX_HEADER_BYTES - bytes, 431, "trailers");
        if (trailer == null) {
          return new Body(null, false);
        }
        if (trailer.isEmpty()) {
          return new Body(kept.toByteArray(), true);
        }
        bytes += trailer.length() + 2;
      }
    }

    private static long skip(InputStream in, long count) throws IOException {
      long skipped = 0;
      while (skipped < count) {
        long n = in.skip(count - skipped);
        if (n <= 0) {
          if (in.read() < 0) {
            break;
          }
          n = 1;
        }
        skipped += n;
      }
      return skipped;
    }
  }

  /**
   * One line ended by CRLF (or a bare LF), in ISO-8859-1, without its end; null at the end of
   * the stream before any byte. A line over {@code limit} bytes is refused with {@code status}.
   */
  private static String readLine(InputStream in, int limit, int status, String what) throws IOException, BadRequest {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.length() == 0) {
          return null;
        }
        throw new BadRequest(400, "the connection closed inside the " + what);
      }
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
      }
      if (line.length() >= limit) {
        throw new BadRequest(status, what + " over " + limit + " bytes");
      }
      line.append((char) b);
    }
  }

  private static boolean isToken(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return !text.isEmpty();
  }
}
