package org.amisdk.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.AccountId;
import org.amisdk.model.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The program as a user runs it: a child JVM serving a durable cloud, stopped as Ctrl-C stops it. */
class EndpointMainTest {
  private static final Pattern URL = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)");

  @Test
  void program_servesADurableCloud_printsItsUrl_andStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
    Process program = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), EndpointMain.class.getName(), "--dir", dir.toString(), "--port", "0")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(program.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      Matcher url = URL.matcher(String.valueOf(line));
      assertTrue(url.find(), "the program prints its URL: " + line);
      try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(URI.create(url.group(1)))
          .region(software.amazon.awssdk.regions.Region.EU_WEST_1).httpClient(UrlConnectionHttpClient.create())
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("123456789012", "any")))
          .build()) {
        ec2.createVolume(b -> b.size(3).availabilityZone("eu-west-1a"));
      }
      program.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook closes the server and the cloud
      assertTrue(program.waitFor(60, TimeUnit.SECONDS), "the program stopped");
    } finally {
      program.destroyForcibly();
    }
    assertTrue(Files.isDirectory(dir.resolve("catalog")), "the cloud lives in " + dir);
    try (LocalCloud reopened = LocalCloud.open(dir)) {
      assertEquals(List.of(3), reopened.client(AccountId.parse("123456789012"), Region.EU_WEST_1)
          .describeVolumes(List.of()).stream().map(v -> v.size()).toList());
    }
  }
}
