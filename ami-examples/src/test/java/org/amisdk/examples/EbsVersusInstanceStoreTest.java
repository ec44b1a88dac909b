package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.amisdk.model.InstanceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario 6 (section 9): boot times, stop/start, terminate and the 10 GiB limit of the two kinds of root. */
class EbsVersusInstanceStoreTest {

  @Test
  void instanceStoreRoot_bootsSlower_cannotStop_andIsLimitedTo10GiB(@TempDir Path directory) throws IOException {
    EbsVersusInstanceStore.Result result = EbsVersusInstanceStore.run(directory, Printed.discard());

    assertEquals(Duration.ofSeconds(20), result.ebsBoot());
    assertTrue(result.instanceStoreBoot().compareTo(Duration.ofSeconds(90)) >= 0, "instance-store boot " + result.instanceStoreBoot());
    assertEquals(InstanceState.RUNNING, result.ebsAfterStopStart());
    assertEquals("UnsupportedOperation", result.instanceStoreStop());
    assertTrue(result.ebsRootDeletedAtTerminate(), "DeleteOnTermination=true deletes the root");
    assertTrue(result.keptRootSurvives(), "DeleteOnTermination=false keeps the root");
    assertTrue(result.instanceStoreRootIsTheImage(), "the instance-store root is unpacked from the bundle");
    // section 9: instance-store data lives only as long as the instance
    assertEquals("IncorrectInstanceState", result.instanceStoreReadAfterTerminate());
    assertEquals("InvalidParameterValue", result.overLimitRefusal());
  }
}
