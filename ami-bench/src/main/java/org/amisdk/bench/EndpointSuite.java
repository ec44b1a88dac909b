package org.amisdk.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amisdk.cloud.CreateSnapshotRequest;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LifecycleTimings;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.RegisterImageRequest;
import org.amisdk.endpoint.EndpointServer;
import org.amisdk.endpoint.LocalEndpoint;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.ImageId;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VirtualizationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The endpoint with the real AWS SDK for Java v2 {@code Ec2Client}: DescribeImages of one id
 * in-process (median latency) and over loopback HTTP (requests/s on 1 and 4 client threads), a
 * name wildcard over 10,000 images, RunInstances of 100, and the program from start to its first
 * answer. Ignores the data directory.
 */
final class EndpointSuite implements Suite {
  private static final AccountId OWNER = AccountId.parse("123456789012");
  private static final Region REGION = Region.US_EAST_1;
  private static final long THROUGHPUT_NANOS = TimeUnit.SECONDS.toNanos(3);

  @Override
  public String name() {
    return "endpoint";
  }

  @Override
  public void run(Path data, Path work, int runs, Figures figures) throws Exception {
    try (LocalCloud cloud = LocalCloud.builder().timings(LifecycleTimings.instant()).ids(new SplittableRandom(1)).build()) {
      Ec2 ec2 = cloud.client(OWNER, REGION);
      SnapshotId root = ec2.createSnapshot(CreateSnapshotRequest.builder()
          .volumeId(ec2.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(8).build()).volumeId()).build()).snapshotId();
      List<ImageId> ids = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        ids.add(ec2.registerImage(RegisterImageRequest.builder().name("web-" + i).architecture(Architecture.X86_64)
            .virtualizationType(VirtualizationType.HVM).rootDeviceName("/dev/xvda")
            .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/xvda", EbsBlockDevice.builder().snapshotId(root).build()))
            .build()));
      }
      String one = ids.get(4_242).toString();
      try (Ec2Client inProcess = LocalEndpoint.ec2Client(cloud, OWNER, REGION);
          EndpointServer server = LocalEndpoint.serve(cloud, 0)) {
        for (int run = 0; run < runs; run++) {
          figures.add("inprocess_describe_one.us", medianMicros(inProcess, one), "us");
          figures.add("http_describe_one.rps", throughput(server.url(), one, 1, Transport.APACHE), "requests/s");
          figures.add("http_describe_one_4threads.rps", throughput(server.url(), one, 4, Transport.APACHE), "requests/s");
          figures.add("http_describe_one_urlconnection.rps", throughput(server.url(), one, 1, Transport.URL_CONNECTION),
              "requests/s");
          try (Ec2Client http = httpClient(server.url(), Transport.APACHE)) {
            figures.add("http_describe_filter_10k.ms", wildcardMillis(http), "ms");
            figures.add("http_run_100.ms", runMillis(http, one), "ms");
          }
          figures.add("http_start.ms", startMillis(work.resolve("start-" + run)), "ms");
        }
      }
    }
  }

  /**
   * The SDK's HTTP clients measured: Apache, the SDK's default, and the JDK's URL connection,
   * which waits up to 1 ms before each POST on a reused connection (the JDK checks the pooled
   * connection is still open by reading it with a 1 ms timeout), so it cannot pass about 1,000
   * requests/s on one thread against any server.
   */
  private enum Transport {
    APACHE, URL_CONNECTION
  }

  private static Ec2Client httpClient(URI url, Transport transport) {
    return Ec2Client.builder().endpointOverride(url)
        .region(software.amazon.awssdk.regions.Region.of(REGION.code()))
        .httpClient(transport == Transport.APACHE ? ApacheHttpClient.create() : UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(OWNER.toString(), "bench")))
        .build();
  }

  /** The median of 5,000 DescribeImages of one id after warming up, in microseconds. */
  private static double medianMicros(Ec2Client ec2, String imageId) {
    warmUp(() -> describeOne(ec2, imageId), 20_000);
    List<Double> micros = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      long start = System.nanoTime();
      describeOne(ec2, imageId);
      micros.add((System.nanoTime() - start) / 1e3);
    }
    return Figures.median(micros);
  }

  private static void describeOne(Ec2Client ec2, String imageId) {
    int found = ec2.describeImages(b -> b.imageIds(imageId)).images().size();
    if (found != 1) {
      throw new IllegalStateException("describeImages of " + imageId + " found " + found + " images");
    }
  }

  /** DescribeImages of one id per second over 3 s on {@code threads} clients, after a 2 s warm-up. */
  private static double throughput(URI url, String imageId, int threads, Transport transport) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      LongAdder done = new LongAdder();
      List<Future<?>> workers = new ArrayList<>();
      long warm = System.nanoTime() + WARM_UP_NANOS;
      long end = warm + THROUGHPUT_NANOS;
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          try (Ec2Client ec2 = httpClient(url, transport)) {
            while (System.nanoTime() < end) {
              describeOne(ec2, imageId);
              if (System.nanoTime() > warm) {
                done.increment();
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
      return done.sum() / (THROUGHPUT_NANOS / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The median of 50 DescribeImages with the name wildcard {@code web-12*} (111 of 10,000 images), after warming up. */
  private static double wildcardMillis(Ec2Client ec2) {
    warmUp(() -> wildcard(ec2), 0);
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long start = System.nanoTime();
      wildcard(ec2);
      millis.add((System.nanoTime() - start) / 1e6);
    }
    return Figures.median(millis);
  }

  private static void wildcard(Ec2Client ec2) {
    int found = ec2.describeImages(b -> b.owners("self").filters(f -> f.name("name").values("web-12*"))).images().size();
    if (found != 111) {
      throw new IllegalStateException("the wildcard found " + found + " images, not 111");
    }
  }

  /**
   * Repeats {@code call} for {@value #WARM_UP_SECONDS} s and at least {@code minCalls} times, so the
   * figures are of compiled code, as a long-running server's are (the SDK's unmarshallers need
   * thousands of calls before the JIT has compiled them, more on a loaded machine; a few warm-up
   * calls measure the interpreter).
   */
  private static void warmUp(Runnable call, int minCalls) {
    long end = System.nanoTime() + WARM_UP_NANOS;
    for (int calls = 0; calls < minCalls || System.nanoTime() < end; calls++) {
      call.run();
    }
  }

  private static final int WARM_UP_SECONDS = 2;
  private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);

  /** The median of 5 RunInstances of 100, after one warm-up. */
  private static double runMillis(Ec2Client ec2, String imageId) {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long start = System.nanoTime();
      int launched = ec2.runInstances(b -> b.imageId(imageId).instanceType("t3.micro").minCount(100).maxCount(100))
          .instances().size();
      if (launched != 100) {
        throw new IllegalStateException("runInstances launched " + launched + ", not 100");
      }
      if (i > 0) {
        millis.add((System.nanoTime() - start) / 1e6);
      }
    }
    return Figures.median(millis);
  }

  private static final Pattern URL = Pattern.compile("at (http://\\S+)");

  /** The property naming the program's jar, {@code ami-endpoint/target/ami-endpoint-<version>.jar} (bench/run.sh sets it). */
  static final String PROGRAM_JAR = "amisdk.endpoint.jar";

  /**
   * From starting the program as users do ({@code java -jar ami-endpoint-<version>.jar}, its
   * dependencies in {@code lib/} beside it) on a fresh directory to its first DescribeImages answer.
   */
  private static double startMillis(Path dir) throws Exception {
    String jar = System.getProperty(PROGRAM_JAR);
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("-D" + PROGRAM_JAR + " must name the built ami-endpoint jar, not " + jar);
    }
    long start = System.nanoTime();
    Process program = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar, "--dir", dir.toString(), "--port", "0")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(program.getInputStream(), StandardCharsets.UTF_8));
      Matcher url = URL.matcher(String.valueOf(out.readLine()));
      if (!url.find()) {
        throw new IllegalStateException("the program printed no URL");
      }
      try (Ec2Client ec2 = httpClient(URI.create(url.group(1)), Transport.APACHE)) {
        ec2.describeImages(b -> b.owners("self"));
      }
      return (System.nanoTime() - start) / 1e6;
    } finally {
      program.destroy();
      program.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
