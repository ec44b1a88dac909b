package org.amisdk.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.1 request off a connection (RFC 9112), strictly: what a client sends is
 * untrusted, so every length is bounded, the framing headers must be unambiguous (one {@code
 * Content-Length} value, or {@code Transfer-Encoding: chunked} alone), field values hold no
 * control characters, and anything else is a {@link BadRequest} with its HTTP status.
 */
final class HttpRequestReader {
  /** The longest request line, in bytes. */
  static final int MAX_REQUEST_LINE = 16 * 1024;
  /** The most bytes of header lines in one request. */
  static final int MAX_HEADER_BYTES = 64 * 1024;
  /** The most header lines in one request. */
  static final int MAX_HEADERS = 256;
  /** The most empty lines taken before a request line (RFC 9112, 2.2: at least one is ignored). */
  static final int MAX_EMPTY_LINES = 8;

  private HttpRequestReader() {}

  /** A request the transport refuses before any protocol sees it. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** How a request's body ended. */
  enum BodyEnd {
    /** Read whole: the connection can carry another request. */
    WHOLE,
    /** Read whole, but the request's framing ends the connection (HTTP/1.0 with chunked). */
    WHOLE_THEN_CLOSE,
    /** The client stopped before the body's announced end. */
    CUT_SHORT,
    /** Over the endpoint's limit, so not read (or not all): refused, and the connection closed. */
    TOO_LARGE
  }

  /**
   * A request line and its headers (names in lower case).
   *
   * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
   */
  record Head(String method, String path, String rawQuery, String version, Map<String, List<String>> headers) {

    /** The values of header {@code name}, every line joined and split at commas, each trimmed. */
    List<String> tokens(String name) {
      List<String> tokens = new ArrayList<>();
      for (String value : headers.getOrDefault(name, List.of())) {
        for (String token : value.split(",", -1)) {
          tokens.add(trim(token).toLowerCase(Locale.ROOT));
        }
      }
      return tokens;
    }

    boolean http11() {
      return version.equals("HTTP/1.1");
    }

    /** Whether the client asked to keep the connection: HTTP/1.1 unless it says close, HTTP/1.0 if it says keep-alive. */
    boolean keepAlive() {
      List<String> connection = tokens("connection");
      return !connection.contains("close") && (http11() || connection.contains("keep-alive"));
    }

    /** The request for the protocols, with {@code body}. */
    WireRequest toWire(byte[] body) {
      return new WireRequest(method, path, query(rawQuery), headers, body);
    }
  }

  /** How the body is framed, known from the head alone. */
  record Framing(boolean chunked, long contentLength, boolean expectsContinue) {}

  /**
   * The next request's head, its first byte {@code first} already read; null when the
   * connection closed between requests (after empty lines only).
   */
  static Head readHead(int first, InputStream in) throws IOException, BadRequest {
    String line = readLine(first, in, MAX_REQUEST_LINE, 414, "request line");
    for (int empty = 0; line != null && line.isEmpty(); empty++) {
      if (empty == MAX_EMPTY_LINES) {
        throw new BadRequest(400, "more than " + MAX_EMPTY_LINES + " empty lines before the request line");
      }
      line = readLine(in.read(), in, MAX_REQUEST_LINE, 414, "request line");
    }
    if (line == null) {
      return null;
    }
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
      throw new BadRequest(400, "malformed request line");
    }
    if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
      throw new BadRequest(parts[2].startsWith("HTTP/") ? 505 : 400, "unsupported protocol version " + parts[2]);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int bytes = 0;
    for (int count = 0; ; count++) {
      String header = readLine(in.read(), in, MAX_HEADER_BYTES - bytes, 431, "headers");
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
        throw new BadRequest(400, "malformed header line"); // also obs-fold and white space before the colon
      }
      String value = trim(header.substring(colon + 1));
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c < ' ' && c != '\t') || c == 127) {
          throw new BadRequest(400, "control character in header " + header.substring(0, colon));
        }
      }
      headers.computeIfAbsent(header.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value);
    }
    String origin = originForm(parts[1]);
    int question = origin.indexOf('?');
    Head head = new Head(parts[0].toUpperCase(Locale.ROOT), decodePath(question < 0 ? origin : origin.substring(0, question)),
        question < 0 ? null : origin.substring(question + 1), parts[2], headers);
    if (head.http11() && headers.getOrDefault("host", List.of()).size() != 1) {
      throw new BadRequest(400, "an HTTP/1.1 request needs exactly one Host header");
    }
    return head;
  }

  /** The body's framing, checked before anything of the body is read or a 100 Continue is sent. */
  static Framing framing(Head head) throws BadRequest {
    boolean expectsContinue = false;
    if (head.headers().containsKey("expect")) {
      if (!head.tokens("expect").equals(List.of("100-continue"))) {
        throw new BadRequest(417, "the only expectation served is 100-continue");
      }
      expectsContinue = head.http11();
    }
    if (head.headers().containsKey("transfer-encoding")) {
      if (head.headers().containsKey("content-length")) {
        throw new BadRequest(400, "both Transfer-Encoding and Content-Length");
      }
      if (!head.tokens("transfer-encoding").equals(List.of("chunked"))) {
        throw new BadRequest(501, "transfer coding " + head.tokens("transfer-encoding") + " is not served: only chunked");
      }
      return new Framing(true, -1, expectsContinue);
    }
    long length = 0;
    if (head.headers().containsKey("content-length")) {
      length = -1;
      for (String value : head.tokens("content-length")) {
        long parsed = parseNumber(value, 10, 18, "Content-Length");
        if (length >= 0 && parsed != length) {
          throw new BadRequest(400, "conflicting Content-Length values");
        }
        length = parsed;
      }
    }
    return new Framing(false, length, expectsContinue);
  }

  /** A body read: its bytes (empty unless {@code end} is WHOLE or WHOLE_THEN_CLOSE), and how it ended. */
  record Body(byte[] bytes, BodyEnd end) {}

  /** Reads the body {@code framing} announces, keeping at most {@code limit} bytes. */
  static Body readBody(InputStream in, Head head, Framing framing, int limit) throws IOException, BadRequest {
    if (!framing.chunked()) {
      if (framing.contentLength() > limit) {
        return new Body(new byte[0], BodyEnd.TOO_LARGE);
      }
      byte[] bytes = new byte[(int) framing.contentLength()];
      int read = in.readNBytes(bytes, 0, bytes.length);
      return read < bytes.length ? new Body(new byte[0], BodyEnd.CUT_SHORT) : new Body(bytes, BodyEnd.WHOLE);
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    while (true) {
      String line = readLine(in.read(), in, 1024, 400, "chunk size");
      if (line == null) {
        return new Body(new byte[0], BodyEnd.CUT_SHORT);
      }
      int semicolon = line.indexOf(';');
      long size = parseNumber(trim(semicolon < 0 ? line : line.substring(0, semicolon)), 16, 15, "chunk size");
      if (size == 0) {
        break;
      }
      if (kept.size() + size > limit) {
        return new Body(new byte[0], BodyEnd.TOO_LARGE);
      }
      byte[] chunk = in.readNBytes((int) size);
      kept.write(chunk);
      String end = chunk.length < size ? null : readLine(in.read(), in, 2, 400, "chunk end");
      if (end == null) {
        return new Body(new byte[0], BodyEnd.CUT_SHORT);
      }
      if (!end.isEmpty()) {
        throw new BadRequest(400, "chunk longer than its size");
      }
    }
    for (int bytes = 0; ; ) { // trailer fields, dropped
      String trailer = readLine(in.read(), in, MAX_HEADER_BYTES - bytes, 431, "trailers");
      if (trailer == null) {
        return new Body(new byte[0], BodyEnd.CUT_SHORT);
      }
      if (trailer.isEmpty()) {
        // RFC 9112, 6.1: a chunked request over HTTP/1.0 is read whole, then the connection closes
        return new Body(kept.toByteArray(), head.http11() ? BodyEnd.WHOLE : BodyEnd.WHOLE_THEN_CLOSE);
      }
      bytes += trailer.length() + 2;
    }
  }

  /** The decoded path of a request target's path part: percent escapes as UTF-8 bytes, nothing else. */
  private static String decodePath(String raw) throws BadRequest {
    ByteArrayOutputStream decoded = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= ' ' || c >= 127) {
        throw new BadRequest(400, "request target holds a character that must be percent-encoded");
      }
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new BadRequest(400, "malformed percent escape in the request target");
        }
        decoded.write((int) parseNumber(raw.substring(i + 1, i + 3), 16, 2, "percent escape"));
        i += 2;
      } else {
        decoded.write(c);
      }
    }
    return decoded.toString(StandardCharsets.UTF_8);
  }

  /** Decodes a raw query string ({@code +} is a space, as in forms); a malformed escape keeps the text as it came. */
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
      String name = decodeQuery(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decodeQuery(pair.substring(equals + 1));
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static String decodeQuery(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }

  /** The target in origin form; authority form and {@code *} are not served (no CONNECT, no OPTIONS). */
  private static String originForm(String target) throws BadRequest {
    if (target.startsWith("/")) {
      return target;
    }
    String lower = target.toLowerCase(Locale.ROOT);
    for (String scheme : List.of("http://", "https://")) {
      if (lower.startsWith(scheme)) {
        int slash = target.indexOf('/', scheme.length());
        int question = target.indexOf('?', scheme.length());
        int end = slash < 0 ? question : question < 0 ? slash : Math.min(slash, question);
        return end < 0 ? "/" : target.charAt(end) == '?' ? "/" + target.substring(end) : target.substring(end);
      }
    }
    throw new BadRequest(400, "request target must be a path (origin form) or an absolute http URL");
  }

  /** A non-negative number of at most {@code maxDigits} ASCII digits in {@code radix}; else 400 naming {@code what}. */
  static long parseNumber(String text, int radix, int maxDigits, String what) throws BadRequest {
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

  /** {@code text} without leading and trailing spaces and tabs (the only white space HTTP allows there). */
  static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
      end--;
    }
    return text.substring(start, end);
  }

  /**
   * One line ended by CRLF (or a bare LF), in ISO-8859-1, without its end, starting with the
   * byte {@code first}; null at the end of the stream before any byte. A line over {@code limit}
   * bytes is refused with {@code status}.
   */
  private static String readLine(int first, InputStream in, int limit, int status, String what)
      throws IOException, BadRequest {
    if (first < 0) {
      return null;
    }
    StringBuilder line = new StringBuilder(64);
    for (int b = first; ; b = in.read()) {
      if (b < 0) {
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
