package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.amisdk.model.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 5: sharing, the rules that refuse public images, CopyImage to a new region, and vetting a community image. */
class SharingAndCopyingTest {

  @Test
  void publicSharing_refusedForEncryptedAndUnderBlockPublicAccess_copyGetsNewSnapshot(@TempDir Path directory) throws IOException {
    Printed printed = new Printed();
    SharingAndCopying.Result result = SharingAndCopying.run(directory, printed.stream());

    assertTrue(result.partnerSeesShared());
    assertEquals(List.of("UnsupportedOperation", "OperationNotPermitted"), result.refusals());
    assertTrue(result.publicAfterUnblock());
    assertEquals(Region.EU_WEST_1, result.copyRegion());
    assertTrue(result.copyIsNewSnapshot());
    assertTrue(result.communityImageRejected());
    assertTrue(printed.text().contains("snapshot snap-") && printed.text().contains(" 100%"), "the copy's progress is shown: " + printed.text());
  }
}
