package org.amisdk.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.amisdk.cloud.CreateImageRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.Region;
/**
 * Scenario 4, updating an image: patch one instance of version 1, test it, make version 2 of the
 * image from it and roll the fleet to version 2. Version 2 stores only the blocks the patch
 * changed; everything else it shares with version 1.
 */
public final class UpdatingImage {
  private static final int FLEET = 3;
  private static final long PATCH_AT = 4L << 20;

  /** What the example saw: blocks the patch wrote, blocks version 2 added to the store, instances rolled. */
  public record Result(long patchBlocks, long blocksAddedByV2, long blocksInV1, int rolled, int rolledWithPatch) {}

  private UpdatingImage() {}

  /** Runs the example in {@code args[0]} (default: a new temporary directory). */
  public static void main(String[] args) throws IOException {
    run(Examples.directory(args, "updating-image"), System.out);
  }

  /** Runs the example in a cloud kept in {@code directory}, telling {@code out} what happens. */
  public static Result run(Path directory, PrintStream out) throws IOException {
    try (Lab lab = Lab.open(directory)) {
      Ec2 ec2 = lab.client(Lab.ME, Region.US_EAST_1);
      long empty = lab.storedBlocks();
      ImageId v1 = lab.registerImage(ec2, "api-server-v1", 8, Lab.data(40, 16 << 20));
      long v1Blocks = lab.storedBlocks() - empty;
      List<Instance> fleet = lab.launch(ec2, v1, "c5.large", FLEET);
      out.printf("Version 1 (%s) holds %d blocks (%s); %d instances run it.%n",
          v1, v1Blocks, Examples.size(v1Blocks * Lab.BLOCK), fleet.size());

      // Update one instance: a security patch rewrites 1 MiB of the root volume.
      Instance canary = fleet.get(0);
      long before = lab.storedBlocks();
      byte[] patch = Lab.data(41, 1 << 20);
      ec2.writeVolume(Examples.rootVolume(canary), PATCH_AT, patch, 0, patch.length);
      boolean testPassed = Arrays.equals(Lab.read(ec2, Examples.rootVolume(canary), PATCH_AT, patch.length), patch);
      out.printf("Patched %s (%s written) and tested it: %s.%n", canary.instanceId(), Examples.size(patch.length), testPassed ? "passed" : "FAILED");

      ImageId v2 = ec2.createImage(CreateImageRequest.builder().instanceId(canary.instanceId()).name("api-server-v2").build());
      lab.waiters(ec2).waitUntilImageAvailable(v2);
      long added = lab.storedBlocks() - before;
      out.printf("Version 2 (%s): the patch and the image added %d blocks (%s) to the store; its other %d blocks are version 1's, shared.%n",
          v2, added, Examples.size(added * Lab.BLOCK), v1Blocks - added);

      List<Instance> rolled = new ArrayList<>();
      int withPatch = 0;
      for (Instance old : fleet) { // roll: launch a replacement on version 2, then retire the old one
        Instance replacement = lab.launch(ec2, v2, "c5.large");
        if (Arrays.equals(Lab.read(ec2, Examples.rootVolume(replacement), PATCH_AT, patch.length), patch)) {
          withPatch++;
        }
        ec2.terminateInstances(List.of(old.instanceId()));
        rolled.add(replacement);
      }
      out.printf("Rolled the fleet: %d instances replaced by %d on version 2, %d of them with the patch.%n",
          fleet.size(), rolled.size(), withPatch);
      return new Result(patch.length / Lab.BLOCK, added, v1Blocks, rolled.size(), withPatch);
    }
  }
}
