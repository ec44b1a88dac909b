package org.amisdk.endpoint;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

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
}
