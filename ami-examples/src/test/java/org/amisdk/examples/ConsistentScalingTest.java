package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 1: launches from an image restore lazily, so 18 launches store no block and every root reads as the image. */
class ConsistentScalingTest {

  @Test
  void launches_copyNoBlock_andEveryRootIsByteIdentical(@TempDir Path directory) throws IOException {
    ConsistentScaling.Result result = ConsistentScaling.run(directory, Printed.discard());

    assertEquals(18, result.launched());
    assertEquals(18, result.identicalRoots());
    assertEquals(result.blocksBeforeLaunch(), result.blocksAfterLaunch(), "launching must not store a block");
    assertEquals(8 + 6, result.blocksBeforeLaunch(), "4 MiB of base and 3 MiB of application: 14 blocks of 512 KiB");
  }
}
