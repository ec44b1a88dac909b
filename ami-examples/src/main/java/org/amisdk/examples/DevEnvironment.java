package org.amisdk.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.amisdk.cloud.CreateImageRequest;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.ModifyImageAttributeRequest;
import org.amisdk.cloud.RunInstancesRequest;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.VolumeId;
/**
 * Scenario 3, a custom dev environment: the team lead preinstalls the tools on one instance,
 * makes a team image and shares it with a new engineer's account; the engineer finds it, launches
 * it and has every tool at once. An account it was not shared with cannot launch it.
 */
public final class DevEnvironment {
  /** The new engineer's account. */
  public static final AccountId NEW_ENGINEER = AccountId.parse("444455556666");
  private static final AccountId OUTSIDER = AccountId.parse("777788889999");
  private static final List<String> TOOLS = List.of("jdk-21", "maven-3.9", "git-2.47", "docker-27", "aws-cli-2");
  private static final int TOOL_BYTES = 1 << 20;
  private static final long TOOLS_AT = 8L << 20;

  /** What the example saw. */
  public record Result(int toolsFound, Duration readyAfter, String outsiderRefusal) {}

  private DevEnvironment() {}

  /** Runs the example in {@code args[0]} (default: a new temporary directory). */
  public static void main(String[] args) throws IOException {
    run(Examples.directory(args, "dev-environment"), System.out);
  }

  /** Runs the example in a cloud kept in {@code directory}, telling {@code out} what happens. */
  public static Result run(Path directory, PrintStream out) throws IOException {
    try (Lab lab = Lab.open(directory)) {
      Ec2 lead = lab.client(Lab.ME, Region.US_EAST_1);
      ImageId base = lab.registerImage(lead, "ubuntu-24.04-base", 8, Lab.data(20, 4 << 20));
      Instance workbench = lab.launch(lead, base, "t3.medium");
      for (int i = 0; i < TOOLS.size(); i++) { // install each tool: a label, then its files
        byte[] tool = Lab.data(200 + i, TOOL_BYTES);
        byte[] label = TOOLS.get(i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, tool, 0, label.length);
        lead.writeVolume(Examples.rootVolume(workbench), TOOLS_AT + (long) i * TOOL_BYTES, tool, 0, tool.length);
      }
      ImageId team = lead.createImage(CreateImageRequest.builder().instanceId(workbench.instanceId()).name("team-dev-2026.03")
          .description("Ubuntu 24.04 with " + String.join(", ", TOOLS)).build());
      lab.waiters(lead).waitUntilImageAvailable(team);
      lead.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(team)
          .addLaunchPermissionAdd(new LaunchPermission.Account(NEW_ENGINEER)).build());
      out.printf("The team lead installed %s on %s, made image %s and shared it with account %s.%n",
          String.join(", ", TOOLS), workbench.instanceId(), team, NEW_ENGINEER);

      Ec2 engineer = lab.client(NEW_ENGINEER, Region.US_EAST_1);
      Image found = engineer.describeImages(DescribeImagesRequest.builder().addExecutableUsers("self").build()).images().get(0);
      Instant launchedAt = lab.clock().instant();
      Instance desk = engineer.runInstances(RunInstancesRequest.builder().imageId(found.imageId()).instanceType("t3.medium").build()).get(0);
      lab.waiters(engineer).waitUntilInstanceRunning(desk.instanceId());
      Duration ready = Duration.between(launchedAt, lab.clock().instant());
      int present = countTools(engineer, Examples.rootVolume(desk));
      out.printf("The new engineer (%s) found \"%s\" shared with them, launched %s: running after %d s, with %d of %d tools on disk.%n",
          NEW_ENGINEER, found.description().orElse(found.name().orElseThrow()), desk.instanceId(), ready.toSeconds(), present, TOOLS.size());

      String refusal;
      try {
        lab.client(OUTSIDER, Region.US_EAST_1).runInstances(RunInstancesRequest.builder().imageId(team).instanceType("t3.medium").build());
        refusal = "accepted";
      } catch (Ec2Exception e) {
        refusal = e.errorCode();
        out.printf("Account %s, which it was not shared with, cannot launch it: %s: %s%n", OUTSIDER, e.errorCode(), e.getMessage());
      }
      return new Result(present, ready, refusal);
    }
  }

  private static int countTools(Ec2 ec2, VolumeId disk) {
    int found = 0;
    for (int i = 0; i < TOOLS.size(); i++) {
      byte[] label = TOOLS.get(i).getBytes(StandardCharsets.US_ASCII);
      if (new String(Lab.read(ec2, disk, TOOLS_AT + (long) i * TOOL_BYTES, label.length), StandardCharsets.US_ASCII).equals(TOOLS.get(i))) {
        found++;
      }
    }
    return found;
  }
}
