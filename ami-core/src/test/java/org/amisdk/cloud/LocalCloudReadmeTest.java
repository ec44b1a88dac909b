package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.Volume;
import org.junit.jupiter.api.Test;

/** The README's "The local cloud" snippet is the marked region below, and it runs. */
class LocalCloudReadmeTest {

  @Test
  void readmeSnippet_runs_andLaunchesFromTheImage() throws IOException {
    // README:begin
    Clock clock = Clock.systemUTC();                     // or a ManualClock that tests advance
    LocalCloud cloud = LocalCloud.builder()
        .clock(clock)                                    // states follow this clock
        .ids(new SplittableRandom(42))                   // reproducible ids
        .timings(LifecycleTimings.instant())             // or realistic()
        .build();                                        // in memory; LocalCloud.open(dir) is durable
    Ec2 alice = cloud.client(AccountId.parse("111111111111"), Region.US_EAST_1);

    Volume volume = alice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(8).build());
    byte[] bytes = "hello, disk".getBytes(StandardCharsets.UTF_8);
    alice.writeVolume(volume.volumeId(), 0, bytes, 0, bytes.length);
    Snapshot snap = alice.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());
    ImageId ami = alice.registerImage(RegisterImageRequest.builder().name("web-1")
        .architecture(Architecture.X86_64).virtualizationType(VirtualizationType.HVM)
        .rootDeviceName("/dev/xvda")
        .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/xvda",
            EbsBlockDevice.builder().snapshotId(snap.snapshotId()).build()))
        .build());
    Waiters.of(alice).waitUntilImageAvailable(ami);
    List<Instance> instances = alice.runInstances(
        RunInstancesRequest.builder().imageId(ami).instanceType("t3.micro").build());
    // README:end
    byte[] read = new byte[bytes.length];
    alice.readVolume(instances.get(0).blockDeviceMappings().get(0).volumeId(), 0, read, 0, read.length);
    assertEquals("hello, disk", new String(read, StandardCharsets.UTF_8));
    cloud.close();
    assertEquals(region(Files.readAllLines(Path.of("src/test/java/org/amisdk/cloud/LocalCloudReadmeTest.java"))), readme(),
        "README's local cloud snippet differs from the marked region of LocalCloudReadmeTest; copy the region into the README");
  }

  private static String region(List<String> source) {
    int begin = source.indexOf("    // README:begin");
    int end = source.indexOf("    // README:end");
    List<String> lines = new ArrayList<>();
    for (String line : source.subList(begin + 1, end)) {
      lines.add(line.length() >= 4 ? line.substring(4) : line.strip());
    }
    return String.join("\n", lines);
  }

  private static String readme() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("## The local cloud");
    int open = section + readme.subList(section, readme.size()).indexOf("```java");
    int close = open + 1 + readme.subList(open + 1, readme.size()).indexOf("```");
    return String.join("\n", readme.subList(open + 1, close));
  }
}
