package org.amisdk.endpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.amisdk.endpoint.HttpRequestReader.BadRequest;
import org.amisdk.endpoint.HttpRequestReader.Body;
import org.amisdk.endpoint.HttpRequestReader.BodyEnd;
import org.amisdk.endpoint.HttpRequestReader.Framing;
import org.amisdk.endpoint.HttpRequestReader.Head;

/**
 * The HTTP/1.1 transport behind {@link EndpointServer}: one thread per open connection,
 * persistent and pipelined requests, bodies by {@code Content-Length} or chunked, {@code Expect:
 * 100-continue}, and a bound on everything a client sends or withholds: request line, headers
 * and body ({@link HttpRequestReader}), connections, idle time, the time to send a request and to
 * take its answer. Chosen over the JDK's built-in server by measurement: its hand-off between a
 * selector thread and a worker cost about 200 µs a request on loopback, more than the whole
 * answer (see docs/endpoint.md, "Transports").
 *
 * <p>Malformed framing gets a plain-text 400 (or 413, 414, 417, 431, 501, 505) and the
 * connection is closed after the client's remaining input is drained briefly, so it reads the
 * answer instead of a reset; the protocols only see whole, bounded requests.
 */
final class HttpTransport implements AutoCloseable {
  /**
   * Time limits and the connection limit.
   *
   * @param idle how long a connection may wait for its next request (longer than the SDK's
   *     Apache client keeps an idle connection, 60 s, so a pooled connection is not closed under it)
   * @param request the most a request may take to arrive, from its first byte to its last
   * @param write the most the client may take to read an answer
   * @param maxConnections connections served at once; one more is answered 503
   */
  record Limits(Duration idle, Duration request, Duration write, int maxConnections) {
    static final Limits DEFAULT = new Limits(Duration.ofSeconds(75), Duration.ofSeconds(60), Duration.ofSeconds(60), 128);
  }

  /** The most of a refused request's remaining input read and dropped before the connection closes. */
  static final long DRAIN_LIMIT = 256L << 20;
  /** How long a refused connection is drained at most. */
  private static final Duration LINGER = Duration.ofSeconds(10);

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final Endpoint endpoint;
  private final Limits limits;
  private final ServerSocket listener;
  private final ExecutorService threads;
  private final ScheduledExecutorService watchdog;
  private final Map<Socket, Connection> open = new ConcurrentHashMap<>();
  private final AtomicInteger serving = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean closed;

  HttpTransport(Endpoint endpoint, InetAddress address, int port) throws IOException {
    this(endpoint, address, port, Limits.DEFAULT);
  }

  HttpTransport(Endpoint endpoint, InetAddress address, int port, Limits limits) throws IOException {
    this.endpoint = endpoint;
    this.limits = limits;
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(address, port), 128);
    AtomicInteger count = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> daemon(r, "amisdk-endpoint-" + count.incrementAndGet()));
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "amisdk-endpoint-watchdog"));
    watchdog.scheduleWithFixedDelay(this::closeOverdue, 100, 100, TimeUnit.MILLISECONDS);
    this.acceptor = daemon(this::accept, "amisdk-endpoint-accept");
    acceptor.start();
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  /** The address and port the transport listens on. */
  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  /** The connections open now. */
  int openConnections() {
    return open.size();
  }

  /**
   * Stops accepting and closes idle connections at once; a request in progress is answered (with
   * {@code Connection: close}) if it finishes within 5 s, else its connection is closed too.
   */
  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    open.values().forEach(connection -> {
      if (!connection.busy) {
        closeQuietly(connection.socket);
      }
    });
    threads.shutdown();
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(2));
      if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
        open.keySet().forEach(HttpTransport::closeQuietly);
        threads.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      watchdog.shutdownNow();
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket socket = listener.accept();
        if (closed || serving.incrementAndGet() > limits.maxConnections()) {
          serving.decrementAndGet();
          refuseAtOnce(socket, closed ? "the server is stopping"
              : "the server is serving " + limits.maxConnections() + " connections, its limit");
          continue;
        }
        Connection connection = new Connection(socket);
        open.put(socket, connection);
        try {
          threads.execute(connection);
        } catch (RuntimeException | Error notStarted) { // stopping, or no thread to be had
          open.remove(socket);
          serving.decrementAndGet();
          refuseAtOnce(socket, "the server cannot serve another connection now");
          throw notStarted;
        }
      } catch (IOException | RuntimeException | Error e) {
        if (closed) {
          return;
        }
        // out of file descriptors or threads: the pending connection stays queued, so wait a little
        // instead of spinning, and keep accepting (one failed connection is not the listener's end)
        try {
          Thread.sleep(50);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  /** Closes each connection whose request or answer is overdue (the watchdog's round, every 100 ms). */
  private void closeOverdue() {
    long now = System.nanoTime();
    for (Connection connection : open.values()) {
      long deadline = connection.deadline;
      if (deadline != 0 && now - deadline > 0) {
        closeQuietly(connection.socket);
      }
    }
  }

  /** One client connection and the thread serving it. */
  private final class Connection implements Runnable {
    final Socket socket;
    /** Whether a request is in progress (read, handled or answered). */
    volatile boolean busy;
    /** When the current phase (receiving a request, sending its answer) must end, by nanoTime; 0 for none. */
    volatile long deadline;

    Connection(Socket socket) {
      this.socket = socket;
    }

    @Override
    public void run() {
      try {
        socket.setTcpNoDelay(true); // an answer is one write; nothing to coalesce
        socket.setSoTimeout((int) limits.idle().toMillis());
        InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        while (!closed) {
          int first = in.read(); // idle until the next request begins
          if (first < 0 || !exchange(first, in, out)) {
            break;
          }
        }
      } catch (IOException gone) {
        // the client closed, reset or stalled past a limit: nothing to answer
      } finally {
        open.remove(socket);
        serving.decrementAndGet();
        closeQuietly(socket);
      }
    }

    /** Reads one request and answers it; true when the connection stays open for another. */
    private boolean exchange(int first, InputStream in, OutputStream out) throws IOException {
      busy = true;
      deadline = System.nanoTime() + limits.request().toNanos();
      Head head = null;
      WireResponse answer;
      boolean keepAlive;
      try {
        head = HttpRequestReader.readHead(first, in);
        if (head == null) {
          return false;
        }
        Framing framing = HttpRequestReader.framing(head);
        if (framing.expectsContinue() && framing.contentLength() <= Endpoint.MAX_BODY_BYTES) {
          out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
        Body body = HttpRequestReader.readBody(in, head, framing, Endpoint.MAX_BODY_BYTES);
        deadline = 0;
        WireRequest request = head.toWire(body.bytes());
        answer = switch (body.end()) {
          case WHOLE, WHOLE_THEN_CLOSE -> handle(request);
          case CUT_SHORT -> endpoint.refuseIncompleteBody(request);
          case TOO_LARGE -> endpoint.refuseOversizedBody(request);
        };
        keepAlive = body.end() == BodyEnd.WHOLE && head.keepAlive() && !closed;
      } catch (BadRequest bad) {
        answer = plain(bad.status, bad.getMessage());
        keepAlive = false;
      }
      deadline = System.nanoTime() + limits.write().toNanos();
      respond(out, answer, keepAlive, head != null && !head.http11() && keepAlive, head != null && head.method().equals("HEAD"));
      deadline = 0;
      busy = false;
      if (!keepAlive) {
        linger(in);
      }
      return keepAlive;
    }

    private WireResponse handle(WireRequest request) {
      try {
        return endpoint.handle(request);
      } catch (RuntimeException bug) {
        return plain(500, "the server failed to answer: " + bug);
      }
    }

    /**
     * Ends a refused or finished connection gracefully: stops sending, then reads and drops what
     * the client still sends (at most {@link #DRAIN_LIMIT} bytes, for at most 10 s), so the client
     * reads the answer instead of a reset.
     */
    private void linger(InputStream in) {
      try {
        socket.shutdownOutput();
        socket.setSoTimeout(1_000);
        deadline = System.nanoTime() + LINGER.toNanos();
        byte[] sink = new byte[64 * 1024];
        for (long dropped = 0; dropped < DRAIN_LIMIT; ) {
          int n = in.read(sink);
          if (n < 0) {
            break;
          }
          dropped += n;
        }
      } catch (IOException done) {
        // the client closed, went quiet, or the watchdog ended the linger: the connection is done
      }
    }
  }

  /**
   * Writes one answer, always framed by {@code Content-Length} (except 1xx, 204 and 304, which
   * have no body), with {@code Connection: close} when the connection ends after it.
   */
  static void respond(OutputStream out, WireResponse answer, boolean keepAlive, boolean echoKeepAlive, boolean headOnly)
      throws IOException {
    int status = answer.status();
    boolean bodiless = status < 200 || status == 204 || status == 304;
    StringBuilder head = new StringBuilder(256)
        .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
        .append("Date: ").append(IMF_FIXDATE.format(Instant.now())).append("\r\n");
    answer.headers().forEach((name, value) -> {
      boolean framing = name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Connection")
          || name.equalsIgnoreCase("Transfer-Encoding");
      if (!framing && isFieldText(name) && isFieldText(value)) {
        head.append(name).append(": ").append(value).append("\r\n");
      }
    });
    if (!bodiless) {
      head.append("Content-Length: ").append(answer.body().length).append("\r\n");
    }
    if (!keepAlive) {
      head.append("Connection: close\r\n");
    } else if (echoKeepAlive) {
      head.append("Connection: keep-alive\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!headOnly && !bodiless) {
      out.write(answer.body());
    }
    out.flush();
  }

  /** Whether {@code text} can go in a header line as it is: no CR, LF or other control character but tab. */
  private static boolean isFieldText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < ' ' && c != '\t') || c == 127 || c > 255) {
        return false;
      }
    }
    return true;
  }

  /** Answers a connection not served (over the limit, or stopping) with 503, dropping what already arrived. */
  private static void refuseAtOnce(Socket socket, String why) {
    try (socket) {
      respond(socket.getOutputStream(), plain(503, why), false, false, false);
      InputStream in = socket.getInputStream();
      in.skipNBytes(Math.min(in.available(), 1 << 20)); // nothing unread at close, so no reset
    } catch (IOException ignored) {
      // the refused client is gone already
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already closed
    }
  }

  private static WireResponse plain(int status, String message) {
    return WireResponse.text(status, "text/plain; charset=UTF-8", message + "\n");
  }

  private static String reason(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 417 -> "Expectation Failed";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> status < 400 ? "OK" : status < 500 ? "Client Error" : "Server Error";
    };
  }
}
