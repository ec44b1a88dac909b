package org.amisdk.endpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/** An SDK HTTP client that hands each request to an {@link Endpoint} in the same process: no socket, no thread. */
final class InProcessHttpClient implements SdkHttpClient {
  private final Endpoint endpoint;

  InProcessHttpClient(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        WireResponse answer = endpoint.handle(toWire(request));
        SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        response.putHeader("Content-Length", Integer.toString(answer.body().length));
        return HttpExecuteResponse.builder()
            .response(response.build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body())))
            .build();
      }

      @Override
      public void abort() {
        // the call runs on the caller's thread and holds nothing to release
      }
    };
  }

  private static WireRequest toWire(HttpExecuteRequest request) throws IOException {
    SdkHttpRequest http = request.httpRequest();
    byte[] body = new byte[0];
    if (request.contentStreamProvider().isPresent()) {
      try (InputStream in = request.contentStreamProvider().get().newStream()) {
        body = readBounded(in);
      }
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    http.forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    String encoded = http.encodedPath().isEmpty() ? "/" : http.encodedPath();
    String path = encoded.indexOf('%') < 0 ? encoded : URI.create("http://in-process" + encoded).getPath();
    return new WireRequest(http.method().name(), path, http.rawQueryParameters(), headers, body);
  }

  /** Reads at most one byte past the endpoint's limit, so an oversized body is refused without being held. */
  private static byte[] readBounded(InputStream in) throws IOException {
    return in.readNBytes(Endpoint.MAX_BODY_BYTES + 1);
  }

  @Override
  public void close() {
    // nothing held: the endpoint belongs to the cloud's owner
  }

  @Override
  public String clientName() {
    return "amisdk-in-process";
  }
}
