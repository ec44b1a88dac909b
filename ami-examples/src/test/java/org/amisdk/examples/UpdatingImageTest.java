package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 4: the next version of an image stores only the blocks the update changed. */
class UpdatingImageTest {

  @Test
  void nextVersion_storesOnlyChangedBlocks_andEveryRolledInstanceHasTheUpdate(@TempDir Path directory) throws IOException {
    UpdatingImage.Result result = UpdatingImage.run(directory, Printed.discard());

    assertEquals(32, result.blocksInV1(), "16 MiB of version 1");
    assertEquals(2, result.patchBlocks());
    assertEquals(result.patchBlocks(), result.blocksAddedByV2());
    assertEquals(3, result.rolled());
    assertEquals(3, result.rolledWithPatch());
  }
}
