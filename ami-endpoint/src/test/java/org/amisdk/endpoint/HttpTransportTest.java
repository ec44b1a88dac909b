package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.amisdk.cloud.LocalCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 framing of the endpoint's own server, over raw sockets: persistent and pipelined
 * requests, chunked bodies, {@code Expect: 100-continue}, and each kind of malformed framing
 * refused with its HTTP status (RFC 9112) and the connection closed.
 */
class HttpTransportTest {
  private static final String AUTH = "Authorization: AWS4-HMAC-SHA256 Credential=123456789012/20261202/us-east-1/ec2/"
      + "aws4_request, SignedHeaders=host;x-amz-date, Signature=0000\r\nX-Amz-Date: 20261202T000000Z\r\n";
  private static final String FORM = "Action=DescribeRegions&Version=2016-11-15";

  private LocalCloud cloud;
  private EndpointServer server;

  @BeforeEach
  void start() {
    cloud = LocalCloud.inMemory();
    server = LocalEndpoint.serve(cloud, 0);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    cloud.close();
  }

  @Test
  void persistentConnection_answersPipelinedRequestsInOrder() throws IOException {
    String one = post(FORM, "");
    try (Socket socket = connect()) {
      send(socket, one + one + one);
      for (int i = 0; i < 3; i++) {
        Response response = Response.read(socket.getInputStream());
        assertEquals(200, response.status, response.body);
        assertTrue(response.body.contains("<regionInfo>"), response.body);
        assertEquals(null, response.header("connection"));
      }
    }
  }

  @Test
  void chunkedBody_isReassembled() throws IOException {
    String half = FORM.substring(0, 10);
    String rest = FORM.substring(10);
    String request = "POST / HTTP/1.1\r\nHost: x\r\n" + AUTH + "Transfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(half.length()) + ";ext=1\r\n" + half + "\r\n"
        + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\nX-Trailer: dropped\r\n\r\n";
    Response response = exchange(request);
    assertEquals(200, response.status, response.body);
    assertTrue(response.body.contains("<regionInfo>"), response.body);
  }

  @Test
  void expectContinue_getsOneHundredBeforeTheBodyIsSent() throws IOException {
    String head = "POST / HTTP/1.1\r\nHost: x\r\n" + AUTH + "Expect: 100-continue\r\nContent-Length: " + FORM.length()
        + "\r\n\r\n";
    try (Socket socket = connect()) {
      send(socket, head);
      Response interim = Response.read(socket.getInputStream());
      assertEquals(100, interim.status);
      send(socket, FORM);
      Response response = Response.read(socket.getInputStream());
      assertEquals(200, response.status, response.body);
    }
  }

  @Test
  void connectionClose_andHttp10_closeAfterTheAnswer() throws IOException {
    for (String request : List.of(post(FORM, "Connection: close\r\n"), post(FORM, "").replace("HTTP/1.1", "HTTP/1.0"))) {
      try (Socket socket = connect()) {
        send(socket, request);
        InputStream in = socket.getInputStream();
        Response response = Response.read(in);
        assertEquals(200, response.status, response.body);
        assertEquals("close", response.header("connection"));
        assertEquals(-1, in.read(), "the server closes the connection");
      }
    }
  }

  @Test
  void malformedFraming_isRefusedWithItsStatus_andTheConnectionClosed() throws IOException {
    record Case(String request, int status) {}
    String host = "Host: x\r\n";
    List<Case> cases = new ArrayList<>(List.of(
        new Case("GARBAGE\r\n\r\n", 400),
        new Case("POST / HTTP/2.0\r\n\r\n", 505),
        new Case("POST / SPDY/3\r\n\r\n", 400),
        new Case("\r\n".repeat(HttpRequestReader.MAX_EMPTY_LINES + 1) + "POST / HTTP/1.1\r\n" + host + "\r\n", 400),
        new Case("POST / HTTP/1.1\r\n\r\n", 400), // HTTP/1.1 without Host
        new Case("POST / HTTP/1.1\r\n" + host + host + "\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "No colon here\r\n\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "Bad Name: x\r\n\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "X: y\r\n folded\r\n\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "X: a\u000bb\r\n\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "Content-Length: \u000b41\r\n\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999\r\n\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n", 501),
        new Case("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
        new Case("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 501),
        new Case("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n", 501),
        new Case("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n\u000b3\r\nabc\r\n0\r\n\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n", 400),
        new Case("POST / HTTP/1.1\r\n" + host + "Expect: magic\r\nContent-Length: 0\r\n\r\n", 417),
        new Case("OPTIONS * HTTP/1.1\r\n" + host + "\r\n", 400),
        new Case("CONNECT example.com:443 HTTP/1.1\r\n" + host + "\r\n", 400),
        new Case("GET /a%zz HTTP/1.1\r\n" + host + "\r\n", 400),
        new Case("POST /" + "a".repeat(HttpRequestReader.MAX_REQUEST_LINE) + " HTTP/1.1\r\n\r\n", 414),
        new Case("POST / HTTP/1.1\r\nX: " + "a".repeat(HttpRequestReader.MAX_HEADER_BYTES) + "\r\n\r\n", 431),
        new Case("POST / HTTP/1.1\r\n" + "X: y\r\n".repeat(HttpRequestReader.MAX_HEADERS + 1) + "\r\n", 431)));
    for (Case refused : cases) {
      try (Socket socket = connect()) {
        send(socket, refused.request());
        InputStream in = socket.getInputStream();
        Response response = Response.read(in);
        assertEquals(refused.status(), response.status, () -> refused.request().lines().findFirst().orElse("") + ": " + response.body);
        assertEquals("close", response.header("connection"));
        assertEquals(-1, in.read(), "the server closes the connection");
      }
    }
  }

  @Test
  void expectContinue_withABodyOverTheLimit_getsTheRefusalInsteadOfOneHundred() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "POST / HTTP/1.1\r\nHost: x\r\n" + AUTH + "Expect: 100-continue\r\nContent-Length: 999999999999\r\n\r\n");
      Response response = Response.read(socket.getInputStream());
      assertEquals(413, response.status, response.body);
      assertTrue(response.body.contains("<Code>RequestEntityTooLarge</Code>"), response.body);
      assertEquals("close", response.header("connection"));
    }
  }

  @Test
  void absoluteFormTarget_isServedAsItsPath_andTheDateIsImfFixdate() throws IOException {
    Response response = exchange(post(FORM, "").replaceFirst("POST / ", "POST http://127.0.0.1/ "));
    assertEquals(200, response.status, response.body);
    // RFC 9110, 5.6.7: IMF-fixdate, a two-digit day
    assertTrue(response.header("date").matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
        response.header("date"));
  }

  @Test
  void connectionTokens_fromEveryHeaderLine_andHttp10KeepAliveIsEchoed() throws IOException {
    try (Socket socket = connect()) {
      send(socket, post(FORM, "Connection: keep-alive\r\nConnection: close\r\n"));
      InputStream in = socket.getInputStream();
      assertEquals("close", Response.read(in).header("connection"));
      assertEquals(-1, in.read(), "close on any Connection line ends the connection");
    }
    try (Socket socket = connect()) {
      String keepAlive10 = post(FORM, "Connection: keep-alive\r\n").replace("HTTP/1.1", "HTTP/1.0");
      send(socket, keepAlive10);
      Response first = Response.read(socket.getInputStream());
      assertEquals("keep-alive", first.header("connection"));
      send(socket, keepAlive10);
      assertEquals(200, Response.read(socket.getInputStream()).status, "the HTTP/1.0 connection was kept");
    }
  }

  @Test
  void answersWithoutBody_haveNoContentLength_andUnsafeHeaderValuesAreDropped() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HttpTransport.respond(out, new WireResponse(204, Map.of("X-Ok", "yes", "X-Bad", "a\r\nInjected: 1"), new byte[] {1, 2}),
        true, false, false);
    String written = out.toString(StandardCharsets.ISO_8859_1);
    assertTrue(written.startsWith("HTTP/1.1 204 No Content\r\n"), written);
    assertTrue(written.contains("X-Ok: yes\r\n"), written);
    assertFalse(written.toLowerCase(Locale.ROOT).contains("content-length"), written); // RFC 9110, 8.6
    assertFalse(written.contains("Injected"), written);
    assertTrue(written.endsWith("\r\n\r\n"), "no body after a 204: " + written);
  }

  @Test
  void aClientThatNeverReadsItsAnswers_isDisconnectedAfterTheWriteLimit() throws Exception {
    try (HttpTransport transport = transport(Duration.ofSeconds(60), Duration.ofMillis(300)); Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(transport.address());
      String many = post(FORM, "").repeat(3000); // ~3 MB of answers, never read
      send(socket, many);
      assertTrue(eventually(() -> transport.openConnections() == 0), "the stalled connection was not closed");
    }
  }

  @Test
  void aRequestTrickledInSlowly_isDisconnectedAfterTheRequestLimit() throws Exception {
    try (HttpTransport transport = transport(Duration.ofMillis(300), Duration.ofSeconds(60)); Socket socket = new Socket()) {
      socket.connect(transport.address());
      socket.setSoTimeout(10_000);
      send(socket, "POST / HTTP/1.1\r\nHost: x\r\n"); // and the rest never comes
      assertTrue(eventually(() -> transport.openConnections() == 0), "the slow request's connection was not closed");
    }
  }

  /** A transport of its own on an ephemeral port, with these limits to receive a request and to send an answer. */
  private HttpTransport transport(Duration request, Duration write) throws IOException {
    return new HttpTransport(new Endpoint(cloud), InetAddress.getLoopbackAddress(), 0,
        new HttpTransport.Limits(Duration.ofSeconds(75), request, write, 8));
  }

  /** Polls {@code condition} every 20 ms for up to 30 s (a bound for a stuck test, not a timing assertion). */
  private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1_500; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  @Test
  void bodyCutShort_getsIncompleteBody() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "POST / HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: 1000\r\n\r\n" + FORM);
      socket.shutdownOutput();
      Response response = Response.read(socket.getInputStream());
      assertEquals(400, response.status);
      assertTrue(response.body.contains("<Code>IncompleteBody</Code>"), response.body);
    }
  }

  @Test
  void connectionsOverTheLimit_getServiceUnavailable_andTheHeldOnesStillWork() throws IOException {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < HttpTransport.Limits.DEFAULT.maxConnections(); i++) {
        Socket socket = connect();
        held.add(socket);
        send(socket, post(FORM, "")); // answered: the connection has its thread
        assertEquals(200, Response.read(socket.getInputStream()).status);
      }
      try (Socket extra = connect()) {
        assertEquals(503, Response.read(extra.getInputStream()).status);
      }
      send(held.get(0), post(FORM, ""));
      assertEquals(200, Response.read(held.get(0).getInputStream()).status);
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void close_closesIdleConnections() throws IOException {
    try (Socket socket = connect()) {
      send(socket, post(FORM, ""));
      InputStream in = socket.getInputStream();
      assertEquals(200, Response.read(in).status);
      server.close();
      assertEquals(-1, in.read(), "an idle connection is closed when the server closes");
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(server.url().getHost(), server.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static String post(String form, String extraHeaders) {
    return "POST / HTTP/1.1\r\nHost: x\r\n" + AUTH + extraHeaders + "Content-Length: " + form.length() + "\r\n\r\n" + form;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private Response exchange(String request) throws IOException {
    try (Socket socket = connect()) {
      send(socket, request);
      return Response.read(socket.getInputStream());
    }
  }

  /** One response read off a socket: status, headers (lower-case names) and body by its Content-Length. */
  private record Response(int status, List<String[]> headers, String body) {

    String header(String name) {
      return headers.stream().filter(h -> h[0].equals(name)).map(h -> h[1]).findFirst().orElse(null);
    }

    static Response read(InputStream in) throws IOException {
      String statusLine = line(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      List<String[]> headers = new ArrayList<>();
      int length = 0;
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        headers.add(new String[] {name, value});
        if (name.equals("content-length")) {
          length = Integer.parseInt(value);
        }
      }
      return new Response(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed before the end of a line");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
