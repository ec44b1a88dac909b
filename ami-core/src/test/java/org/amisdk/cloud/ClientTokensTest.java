package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.amisdk.model.SnapshotId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client tokens ("Ensuring idempotency in Amazon EC2 API requests"; EBS direct APIs, StartSnapshot
 * {@code ClientToken}): a retry with the same token and parameters returns the first result and
 * changes nothing, other parameters are refused; tokens are per account and region, and a durable
 * cloud keeps them across a reopen (from its journal, and from a checkpoint).
 */
class ClientTokensTest {
  @TempDir
  Path dir;

  private static StartSnapshotRequest start(String token, int size) {
    return StartSnapshotRequest.builder().volumeSize(size).clientToken(token).build();
  }

  private static DirectApiException conflict(org.junit.jupiter.api.function.Executable call) {
    DirectApiException refusal = assertThrows(DirectApiException.class, call);
    assertEquals(DirectApiException.CONFLICT, refusal.errorCode(), refusal.getMessage());
    return refusal;
  }

  private static int snapshotsOf(Ec2 client) {
    return client.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build()).snapshots().size();
  }

  /** 0: journal only; 200 bytes: checkpoints are written, so the tokens are read back from one. */
  @ParameterizedTest
  @ValueSource(longs = {0, 200})
  void startSnapshotToken_survivesAReopen_sameSnapshot_otherParametersConflict(long checkpointBytes) throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    LocalCloud.Builder builder = LocalCloud.builder().directory(dir).clock(clock);
    if (checkpointBytes > 0) {
      builder.checkpointBytes(checkpointBytes);
    }
    SnapshotId first;
    try (LocalCloud cloud = builder.open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      first = alice.startSnapshot(start("t-1", 2)).snapshotId();
      for (int i = 0; i < 20; i++) { // enough commits for a checkpoint when one is due at 200 bytes
        alice.startSnapshot(start("other-" + i, 1));
      }
    }
    try (var files = java.nio.file.Files.list(dir.resolve("catalog").resolve(World.REGION.code()))) {
      assertEquals(checkpointBytes > 0, files.anyMatch(f -> f.getFileName().toString().startsWith("checkpoint-")));
    }
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      assertEquals(first, alice.startSnapshot(start("t-1", 2)).snapshotId(), "the retry after the reopen returns the first snapshot");
      assertEquals(21, snapshotsOf(alice), "and starts nothing");
      DirectApiException refusal = conflict(() -> alice.startSnapshot(start("t-1", 3)));
      assertTrue(refusal.getMessage().contains(first.toString()), refusal.getMessage());
      assertEquals(21, snapshotsOf(alice));
      Ec2 bob = cloud.client(World.BOB, World.REGION);
      assertNotEquals(first, bob.startSnapshot(start("t-1", 2)).snapshotId(), "a token is per account");
      Ec2 elsewhere = cloud.client(World.ALICE, World.OTHER_REGION);
      assertNotEquals(first, elsewhere.startSnapshot(start("t-1", 2)).snapshotId(), "and per region");
    }
  }

  @Test
  void startSnapshotToken_afterTheSnapshotIsDeleted_conflicts_andAResetForgetsTokens() throws Exception {
    try (World world = new World()) {
      SnapshotId id = world.alice.startSnapshot(start("gone", 1)).snapshotId();
      world.alice.deleteSnapshot(id);
      conflict(() -> world.alice.startSnapshot(start("gone", 1)));
      world.cloud.reset();
      assertNotEquals(id, world.alice.startSnapshot(start("gone", 1)).snapshotId(), "a reset world has no tokens");
    }
  }

  @Test
  void startSnapshotToken_malformed_refused() throws Exception {
    try (World world = new World()) {
      for (String token : new String[] {"", "a b", "x".repeat(256)}) {
        DirectApiException refusal = assertThrows(DirectApiException.class, () -> world.alice.startSnapshot(start(token, 1)));
        assertEquals(DirectApiException.VALIDATION, refusal.errorCode());
        assertEquals(Optional.of("INVALID_PARAMETER_VALUE"), refusal.reason());
      }
      assertEquals(0, snapshotsOf(world.alice));
      world.alice.startSnapshot(start("x".repeat(255), 1));
    }
  }
}
