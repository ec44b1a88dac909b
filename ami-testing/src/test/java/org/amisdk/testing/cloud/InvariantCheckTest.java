package org.amisdk.testing.cloud;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.List;
import org.amisdk.storage.block.BlockAddress;
import org.amisdk.storage.block.BlockStore;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.testkit.engine.EngineTestKit;

/** After each test the world's invariants are checked, and a breach fails the test that caused it. */
class InvariantCheckTest {
  private static volatile boolean runByTheEngineTestKit;

  /** Whether the nested classes below run: only when a test here runs them through the engine test kit. */
  static boolean runByTheEngineTestKit() {
    return runByTheEngineTestKit;
  }

  private static org.junit.platform.testkit.engine.EngineExecutionResults run(Class<?> testClass) {
    runByTheEngineTestKit = true;
    try {
      return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    } finally {
      runByTheEngineTestKit = false;
    }
  }

  @Test
  void aTestThatDeletesAStoredBlock_failsItself_andTheNextTestPasses() {
    run(BreaksTheWorld.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("deletesABlockASnapshotLists"), finishedWithFailure(instanceOf(AssertionError.class),
            message(m -> m.startsWith("the local cloud's invariants broke during deletesABlockASnapshotLists")
                && m.contains("that snapshot snap-") && m.contains("lists is not stored")))))
        .haveExactly(1, event(test("leavesADirectSnapshotCancelledAtItsTimeout"), finishedSuccessfully()))
        .haveExactly(1, event(test("keepsTheRules"), finishedSuccessfully()));
  }

  @Test
  void aPerClassCloud_isShared_andStillCheckedAfterEachTest() {
    run(SharedCloud.class)
        .testEvents()
        .assertStatistics(s -> s.succeeded(2).failed(1));
  }

  /** Run only through the engine test kit above. */
  @LocalCloudTest
  @EnabledIf("org.amisdk.testing.cloud.InvariantCheckTest#runByTheEngineTestKit")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class BreaksTheWorld {
    @Test
    @Order(1)
    void deletesABlockASnapshotLists(Fixtures fixtures, BlockStore blocks) throws Exception {
      fixtures.availableImage("doomed");
      List<BlockAddress> stored = List.copyOf(blocks.addresses());
      blocks.delete(stored); // behind the cloud's back
    }

    @Test
    @Order(2)
    void leavesADirectSnapshotCancelledAtItsTimeout(org.amisdk.cloud.Ec2 ec2, org.amisdk.cloud.ManualClock clock, BlockStore blocks)
        throws Exception {
      String id = ec2.startSnapshot(org.amisdk.cloud.StartSnapshotRequest.builder().volumeSize(1).timeout(10).build())
          .snapshotId().toString();
      byte[] block = new byte[BlockStore.BLOCK_SIZE];
      block[0] = 1;
      ec2.putSnapshotBlock(id, 0, block, BlockAddress.of(block, 0, block.length).toBase64());
      clock.advance(java.time.Duration.ofMinutes(10)); // error, its block freed by the next change: no breach
      ec2.createVolume(org.amisdk.cloud.CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
      if (blocks.contains(BlockAddress.of(block, 0, block.length))) {
        throw new AssertionError("the cancelled snapshot's block is still stored");
      }
    }

    @Test
    @Order(3)
    void keepsTheRules(Fixtures fixtures) {
      fixtures.runningInstance(fixtures.availableImage("fine"));
    }
  }

  /** One cloud for the class: the second test sees the first's image; the third breaks the world. */
  @LocalCloudTest(perClass = true)
  @EnabledIf("org.amisdk.testing.cloud.InvariantCheckTest#runByTheEngineTestKit")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class SharedCloud {
    @Test
    @Order(1)
    void makesAnImage(Fixtures fixtures) {
      fixtures.availableImage("shared");
    }

    @Test
    @Order(2)
    void seesIt(org.amisdk.cloud.Ec2 ec2) {
      if (ec2.describeImages(org.amisdk.cloud.DescribeImagesRequest.builder().addOwners("self").build()).images().size() != 1) {
        throw new AssertionError("the per-class cloud lost the first test's image");
      }
    }

    @Test
    @Order(3)
    void breaksIt(BlockStore blocks) throws Exception {
      blocks.delete(List.copyOf(blocks.addresses()));
    }
  }
}
