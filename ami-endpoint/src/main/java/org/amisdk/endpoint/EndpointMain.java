package org.amisdk.endpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.amisdk.cloud.LocalCloud;

/**
 * The program {@code java -jar ami-endpoint-<version>.jar [--dir DIR] [--port 4566]}: serves a
 * durable local cloud on DIR (default {@code ~/.amisdk/endpoint}) over HTTP on 127.0.0.1, prints
 * its URL, and on Ctrl-C stops serving and closes the cloud, so everything committed stays on disk.
 */
public final class EndpointMain {
  /** The port served when none is given, the one AWS local tooling expects. */
  public static final int DEFAULT_PORT = 4566;

  private EndpointMain() {}

  /** Runs the program; exits with status 2 on a bad argument. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Path.of(System.getProperty("user.home"), ".amisdk", "endpoint");
    int port = DEFAULT_PORT;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ((arg.equals("--dir") || arg.equals("--port")) && i + 1 < args.length) {
        String value = args[++i];
        if (arg.equals("--dir")) {
          dir = Path.of(value);
        } else {
          port = port(value, System.err);
        }
      } else {
        usage(System.err, arg.equals("--help") ? "" : "unknown or incomplete argument " + arg);
      }
    }
    LocalCloud cloud = LocalCloud.open(dir);
    EndpointServer server = LocalEndpoint.serve(cloud, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      try {
        cloud.close();
      } catch (IOException e) {
        System.err.println("amisdk endpoint: closing the cloud failed: " + e.getMessage());
      }
      stopped.countDown();
    }, "amisdk-endpoint-stop"));
    System.out.println("amisdk endpoint serving " + dir.toAbsolutePath() + " at " + server.url());
    System.out.println("try: aws --endpoint-url " + server.url() + " ec2 describe-images --owners self");
    System.out.flush();
    stopped.await();
  }

  private static int port(String value, PrintStream err) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    usage(err, "port " + value + " is not a number from 0 to 65535");
    return -1;
  }

  private static void usage(PrintStream err, String problem) {
    if (!problem.isEmpty()) {
      err.println("amisdk endpoint: " + problem);
    }
    err.println("usage: java -jar ami-endpoint.jar [--dir DIR] [--port PORT]");
    System.exit(problem.isEmpty() ? 0 : 2);
  }
}
