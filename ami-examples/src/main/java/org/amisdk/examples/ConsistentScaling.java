package org.amisdk.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.amisdk.cloud.CreateImageRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.Region;
/**
 * Scenario 1, consistent scaling: configure one instance, make an image of it, launch 18 more
 * from the image; every root volume is byte-identical to the image, and the launches store no
 * block (EBS restores volumes lazily from the image's snapshot).
 */
public final class ConsistentScaling {
  private static final int ROOT_GIB = 1; // small, so reading every byte of 19 roots is quick
  private static final int APP_OFFSET = 64 * Lab.BLOCK;

  /** What the example saw. */
  public record Result(int launched, int identicalRoots, long blocksBeforeLaunch, long blocksAfterLaunch) {}

  private ConsistentScaling() {}

  /** Runs the example in {@code args[0]} (default: a new temporary directory). */
  public static void main(String[] args) throws IOException {
    run(Examples.directory(args, "consistent-scaling"), System.out);
  }

  /** Runs the example in a cloud kept in {@code directory}, telling {@code out} what happens. */
  public static Result run(Path directory, PrintStream out) throws IOException {
    try (Lab lab = Lab.open(directory)) {
      Ec2 ec2 = lab.client(Lab.ME, Region.US_EAST_1);
      byte[] os = Lab.data(1, 4 << 20);
      ImageId base = lab.registerImage(ec2, "base-linux-2026.03", ROOT_GIB, os);

      // Configure one instance by hand: install the application on its root volume.
      Instance first = lab.launch(ec2, base, "t3.micro");
      byte[] app = Lab.data(2, 3 << 20);
      ec2.writeVolume(Examples.rootVolume(first), APP_OFFSET, app, 0, app.length);
      ImageId web = ec2.createImage(CreateImageRequest.builder().instanceId(first.instanceId()).name("web-app-v1").build());
      lab.waiters(ec2).waitUntilImageAvailable(web);
      out.printf("Configured %s (the application is %s on its %d GiB root) and made image %s of it.%n",
          first.instanceId(), Examples.size(app.length), ROOT_GIB, web);

      long before = lab.storedBlocks();
      List<Instance> fleet = lab.launch(ec2, web, "t3.micro", 18);
      long after = lab.storedBlocks();
      out.printf("Launched %d instances from %s: the store held %d blocks before and %d after (%d copied).%n",
          fleet.size(), web, before, after, after - before);

      byte[] expected = new byte[APP_OFFSET + app.length]; // what was configured: the OS, zeros, the application
      System.arraycopy(os, 0, expected, 0, os.length);
      System.arraycopy(app, 0, expected, APP_OFFSET, app.length);
      int identical = 0;
      for (Instance instance : fleet) {
        if (Examples.sameContent(ec2, Examples.rootVolume(instance), expected)) {
          identical++;
        }
      }
      out.printf("%d of %d root volumes read byte for byte what was configured (OS and application in the first %s, zeros after).%n",
          identical, fleet.size(), Examples.size(expected.length));
      return new Result(fleet.size(), identical, before, after);
    }
  }
}
