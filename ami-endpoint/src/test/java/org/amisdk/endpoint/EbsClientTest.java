package org.amisdk.endpoint;

import static org.amisdk.endpoint.EbsWorld.BLOCK;
import static org.amisdk.endpoint.EbsWorld.block;
import static org.amisdk.endpoint.EbsWorld.checksum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.amisdk.model.SnapshotId;
import org.amisdk.cloud.BlockPage;
import org.amisdk.cloud.CreateSnapshotRequest;
import org.amisdk.cloud.CreateVolumeRequest;
import org.amisdk.cloud.DescribeSnapshotsRequest;
import org.amisdk.cloud.ModifySnapshotAttributeRequest;
import org.amisdk.cloud.SnapshotBlocks;
import org.amisdk.model.ImageId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.VolumeId;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.model.AccessDeniedException;
import software.amazon.awssdk.services.ebs.model.AccessDeniedExceptionReason;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChangedBlock;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.ConflictException;
import software.amazon.awssdk.services.ebs.model.EbsException;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockResponse;
import software.amazon.awssdk.services.ebs.model.ListChangedBlocksResponse;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksResponse;
import software.amazon.awssdk.services.ebs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ebs.model.ResourceNotFoundExceptionReason;
import software.amazon.awssdk.services.ebs.model.StartSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.Status;
import software.amazon.awssdk.services.ebs.model.ValidationException;
import software.amazon.awssdk.services.ebs.model.ValidationExceptionReason;

/**
 * The real AWS SDK {@code EbsClient} against a local cloud, in-process and over HTTP: every EBS
 * direct operation compared with the native API, and every refusal as the SDK's exception with
 * EBS's code and reason (EBS direct APIs reference, "Common errors" and each action's errors).
 */
class EbsClientTest {

  private static void put(EbsWorld world, String snapshotId, int index, byte[] data) {
    world.alice.putSnapshotBlock(b -> b.snapshotId(snapshotId).blockIndex(index).dataLength(data.length)
        .checksum(checksum(data)).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
  }

  private static Snapshot described(EbsWorld world, String snapshotId) {
    return world.nativeAlice.describeSnapshots(DescribeSnapshotsRequest.builder().addSnapshotIds(SnapshotId.parse(snapshotId)).build()).snapshots().get(0);
  }

  private static <T extends EbsException> T refused(Class<T> type, int status, Executable call) {
    T refusal = assertThrows(type, call);
    assertEquals(status, refusal.statusCode(), refusal.getMessage());
    return refusal;
  }

  private static void invalid(ValidationExceptionReason reason, Executable call) {
    assertEquals(reason, refused(ValidationException.class, 400, call).reason());
  }

  @ParameterizedTest
  @EnumSource(EbsWorld.Transport.class)
  void startPutCompleteListGet_matchTheNativeApi(EbsWorld.Transport transport) throws Exception {
    try (EbsWorld world = new EbsWorld(transport)) {
      StartSnapshotResponse started = world.alice.startSnapshot(b -> b.volumeSize(1L).description("from the sdk")
          .tags(t -> t.key("team").value("disks")));
      Snapshot pending = described(world, started.snapshotId());
      assertEquals(SnapshotState.PENDING, pending.state(), "a started snapshot is pending in DescribeSnapshots");
      assertEquals(Status.PENDING, started.status());
      assertEquals(pending.ownerId().toString(), started.ownerId());
      assertEquals(pending.startTime(), started.startTime());
      assertEquals(1L, started.volumeSize());
      assertEquals(BLOCK, started.blockSize());
      assertEquals("from the sdk", started.description());
      assertEquals(pending.description().orElseThrow(), started.description());
      assertEquals(List.of("team=disks"), started.tags().stream().map(t -> t.key() + "=" + t.value()).toList());
      assertEquals(List.of("team=disks"), pending.tags().stream().map(t -> t.key() + "=" + t.value()).toList());

      put(world, started.snapshotId(), 0, block(1));
      put(world, started.snapshotId(), 9, block(2));
      CompleteSnapshotResponse done = world.alice.completeSnapshot(b -> b.snapshotId(started.snapshotId()).changedBlocksCount(2));
      assertEquals(Status.COMPLETED, done.status());
      assertEquals(SnapshotState.COMPLETED, described(world, started.snapshotId()).state());

      ListSnapshotBlocksResponse listed = world.alice.listSnapshotBlocks(b -> b.snapshotId(started.snapshotId()));
      SnapshotBlocks<SnapshotBlocks.Block> expected = world.nativeAlice.listSnapshotBlocks(started.snapshotId(), BlockPage.first());
      assertEquals(expected.blocks().stream().map(SnapshotBlocks.Block::blockIndex).toList(),
          listed.blocks().stream().map(b -> (long) b.blockIndex()).toList());
      assertEquals(expected.blocks().stream().map(SnapshotBlocks.Block::blockToken).toList(),
          listed.blocks().stream().map(Block::blockToken).toList());
      assertEquals(expected.expiryTime(), listed.expiryTime());
      assertEquals(1L, listed.volumeSize());
      assertEquals(BLOCK, listed.blockSize());
      assertNull(listed.nextToken());

      ResponseBytes<GetSnapshotBlockResponse> read = world.alice.getSnapshotBlockAsBytes(b -> b.snapshotId(started.snapshotId())
          .blockIndex(9).blockToken(listed.blocks().get(1).blockToken()));
      assertArrayEquals(block(2), read.asByteArray());
      assertEquals(checksum(block(2)), read.response().checksum());
      assertEquals(ChecksumAlgorithm.SHA256, read.response().checksumAlgorithm());
      assertEquals(BLOCK, read.response().dataLength());
    }
  }

  @ParameterizedTest
  @EnumSource(EbsWorld.Transport.class)
  void createSnapshotsBlocks_andChangedBlocks_readThroughTheSdk(EbsWorld.Transport transport) throws Exception {
    try (EbsWorld world = new EbsWorld(transport)) {
      VolumeId volume = world.nativeAlice.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build()).volumeId();
      byte[] written = block(3);
      world.nativeAlice.writeVolume(volume, BLOCK, written, 0, BLOCK);
      Snapshot base = world.nativeAlice.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume).build());
      world.clock.advance(java.time.Duration.ofHours(1));
      String baseId = base.snapshotId().toString();
      Block only = world.alice.listSnapshotBlocks(b -> b.snapshotId(baseId)).blocks().get(0);
      assertEquals(1, only.blockIndex());
      assertArrayEquals(written, world.alice.getSnapshotBlockAsBytes(b -> b.snapshotId(baseId).blockIndex(1)
          .blockToken(only.blockToken())).asByteArray(), "a CreateSnapshot snapshot reads back its volume's bytes");

      String child = world.alice.startSnapshot(b -> b.volumeSize(1L).parentSnapshotId(baseId)).snapshotId();
      put(world, child, 4, block(4));
      world.alice.completeSnapshot(b -> b.snapshotId(child).changedBlocksCount(1));
      ListChangedBlocksResponse changed = world.alice.listChangedBlocks(b -> b.firstSnapshotId(baseId).secondSnapshotId(child));
      SnapshotBlocks<SnapshotBlocks.Changed> expected =
          world.nativeAlice.listChangedBlocks(Optional.of(baseId), child, BlockPage.first());
      assertEquals(List.of(4), changed.changedBlocks().stream().map(ChangedBlock::blockIndex).toList());
      assertEquals(expected.blocks().get(0).secondBlockToken().orElseThrow(), changed.changedBlocks().get(0).secondBlockToken());
      assertNull(changed.changedBlocks().get(0).firstBlockToken());
      assertEquals(List.of(1, 4), world.alice.listChangedBlocks(b -> b.secondSnapshotId(child)).changedBlocks().stream()
          .map(ChangedBlock::blockIndex).toList(), "without a first snapshot: every block of the second");
    }
  }

  @ParameterizedTest
  @EnumSource(EbsWorld.Transport.class)
  void paginators_andStartingBlockIndex_listEveryBlockOnce(EbsWorld.Transport transport) throws Exception {
    try (EbsWorld world = new EbsWorld(transport)) {
      String id = world.alice.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
      byte[] data = block(5);
      for (int i = 0; i < 230; i++) {
        world.nativeAlice.putSnapshotBlock(id, i, data, checksum(data));
      }
      world.alice.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(230));
      List<Integer> indexes = world.alice.listSnapshotBlocksPaginator(b -> b.snapshotId(id).maxResults(100)).stream()
          .flatMap(page -> page.blocks().stream()).map(Block::blockIndex).toList();
      assertEquals(230, indexes.size());
      assertEquals(230, indexes.stream().distinct().count());
      assertEquals(3, world.alice.listChangedBlocksPaginator(b -> b.secondSnapshotId(id).maxResults(100)).stream().count());
      assertEquals(30, world.alice.listSnapshotBlocks(b -> b.snapshotId(id).startingBlockIndex(200)).blocks().size());
    }
  }

  @ParameterizedTest
  @EnumSource(EbsWorld.Transport.class)
  void refusals_arriveAsTheSdksExceptions_withEbsCodesAndReasons(EbsWorld.Transport transport) throws Exception {
    try (EbsWorld world = new EbsWorld(transport)) {
      assertEquals(ResourceNotFoundExceptionReason.SNAPSHOT_NOT_FOUND, refused(ResourceNotFoundException.class, 404,
          () -> world.alice.listSnapshotBlocks(b -> b.snapshotId("snap-0123456789abcdef0"))).reason());
      invalid(ValidationExceptionReason.INVALID_SNAPSHOT_ID, () -> world.alice.listSnapshotBlocks(b -> b.snapshotId("snap-xyz")));
      String id = world.alice.startSnapshot(b -> b.volumeSize(1L).clientToken("once")).snapshotId();
      assertEquals(id, world.alice.startSnapshot(b -> b.volumeSize(1L).clientToken("once")).snapshotId(), "a retry");
      refused(ConflictException.class, 409, () -> world.alice.startSnapshot(b -> b.volumeSize(2L).clientToken("once")));
      invalid(ValidationExceptionReason.INVALID_VOLUME_SIZE, () -> world.alice.startSnapshot(b -> b.volumeSize(0L)));
      invalid(ValidationExceptionReason.INVALID_SNAPSHOT_ID, () -> world.alice.listSnapshotBlocks(b -> b.snapshotId(id)));
      invalid(ValidationExceptionReason.INVALID_PARAMETER_VALUE, () -> world.alice.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(3)));
      put(world, id, 0, block(6));
      world.alice.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(1));
      invalid(ValidationExceptionReason.INVALID_SNAPSHOT_ID, () -> put(world, id, 1, block(7)));
      invalid(ValidationExceptionReason.INVALID_PARAMETER_VALUE, () -> world.alice.listSnapshotBlocks(b -> b.snapshotId(id).maxResults(99)));
      invalid(ValidationExceptionReason.INVALID_PAGE_TOKEN, () -> world.alice.listSnapshotBlocks(b -> b.snapshotId(id).nextToken("AAAA")));
      invalid(ValidationExceptionReason.INVALID_BLOCK_TOKEN, () -> world.alice.getSnapshotBlockAsBytes(b -> b.snapshotId(id)
          .blockIndex(0).blockToken("AAAA")));
      String other = world.nativeAlice.startSnapshot(org.amisdk.cloud.StartSnapshotRequest.builder().volumeSize(1).build())
          .snapshotId().toString();
      invalid(ValidationExceptionReason.UNRELATED_SNAPSHOTS, () -> {
        world.nativeAlice.completeSnapshot(other, 0);
        world.alice.listChangedBlocks(b -> b.firstSnapshotId(other).secondSnapshotId(id));
      });
    }
  }

  /** StartSnapshot's Timeout (EBS direct APIs reference): cancelled when nothing is written or completed within it; 10 to 4,320 minutes. */
  @ParameterizedTest
  @EnumSource(EbsWorld.Transport.class)
  void timeout_cancelsOnTheCloudsClock_andOutOfRangeIsRefused(EbsWorld.Transport transport) throws Exception {
    try (EbsWorld world = new EbsWorld(transport)) {
      String id = world.alice.startSnapshot(b -> b.volumeSize(1L).timeout(10)).snapshotId();
      world.clock.advance(java.time.Duration.ofMinutes(6));
      put(world, id, 0, block(30));
      world.clock.advance(java.time.Duration.ofMinutes(9));
      assertEquals(SnapshotState.PENDING, described(world, id).state(), "10 minutes count from the last block");
      world.clock.advance(java.time.Duration.ofMinutes(1));
      assertEquals(SnapshotState.ERROR, described(world, id).state());
      invalid(ValidationExceptionReason.INVALID_SNAPSHOT_ID, () -> put(world, id, 1, block(31)));
      invalid(ValidationExceptionReason.INVALID_SNAPSHOT_ID, () -> world.alice.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(1)));
      invalid(ValidationExceptionReason.INVALID_PARAMETER_VALUE, () -> world.alice.startSnapshot(b -> b.volumeSize(1L).timeout(9)));
      invalid(ValidationExceptionReason.INVALID_PARAMETER_VALUE, () -> world.alice.startSnapshot(b -> b.volumeSize(1L).timeout(4_321)));
      String longer = world.alice.startSnapshot(b -> b.volumeSize(1L).timeout(4_320)).snapshotId();
      world.clock.advance(java.time.Duration.ofHours(71));
      assertEquals(SnapshotState.PENDING, described(world, longer).state());
      assertEquals(2, world.nativeAlice.describeSnapshots(DescribeSnapshotsRequest.builder().addOwnerIds("self").build())
          .snapshots().size(), "the refused starts started nothing");
    }
  }

  @ParameterizedTest
  @EnumSource(EbsWorld.Transport.class)
  void authorization_anotherAccount_cannotReadOrWriteAPrivateSnapshot_andReadsAShared(EbsWorld.Transport transport) throws Exception {
    try (EbsWorld world = new EbsWorld(transport)) {
      String id = world.alice.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
      byte[] data = block(8);
      refused(ResourceNotFoundException.class, 404, () -> world.bob.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(0)
          .dataLength(BLOCK).checksum(checksum(data)).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data)));
      refused(ResourceNotFoundException.class, 404, () -> world.bob.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(0)));
      put(world, id, 0, data);
      world.alice.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(1));
      String token = world.alice.listSnapshotBlocks(b -> b.snapshotId(id)).blocks().get(0).blockToken();
      refused(ResourceNotFoundException.class, 404, () -> world.bob.listSnapshotBlocks(b -> b.snapshotId(id)));
      refused(ResourceNotFoundException.class, 404, () -> world.bob.listChangedBlocks(b -> b.secondSnapshotId(id)));
      refused(ResourceNotFoundException.class, 404, () -> world.bob.getSnapshotBlockAsBytes(b -> b.snapshotId(id).blockIndex(0).blockToken(token)));

      world.nativeAlice.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder().snapshotId(SnapshotId.parse(id))
          .addAdd(new LaunchPermission.Account(EbsWorld.BOB)).build());
      assertArrayEquals(data, world.bob.getSnapshotBlockAsBytes(b -> b.snapshotId(id).blockIndex(0).blockToken(token)).asByteArray(),
          "createVolumePermission lets bob read the blocks");
      assertEquals(AccessDeniedExceptionReason.UNAUTHORIZED_ACCOUNT, refused(AccessDeniedException.class, 403,
          () -> world.bob.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(0))).reason());
    }
  }

  @ParameterizedTest
  @EnumSource(EbsWorld.Transport.class)
  void badBlocks_getEbsErrors_andChangeNothing(EbsWorld.Transport transport) throws Exception {
    try (EbsWorld world = new EbsWorld(transport)) {
      String id = world.alice.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
      byte[] data = block(9);
      invalid(ValidationExceptionReason.INVALID_BLOCK, () -> world.alice.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(0)
          .dataLength(BLOCK).checksum(checksum(block(10))).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data)));
      byte[] small = Arrays.copyOf(data, 4096);
      invalid(ValidationExceptionReason.INVALID_BLOCK, () -> world.alice.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(0)
          .dataLength(small.length).checksum(checksum(small)).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(small)));
      // a truncated body: x-amz-Data-Length says a whole block, the body has less
      invalid(ValidationExceptionReason.INVALID_BLOCK, () -> world.alice.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(0)
          .dataLength(BLOCK).checksum(checksum(data)).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(small)));
      invalid(ValidationExceptionReason.INVALID_BLOCK, () -> world.alice.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(999_999_999)
          .dataLength(BLOCK).checksum(checksum(data)).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data)));
      byte[] oversized = new byte[3 * 1024 * 1024];
      // read no further than the limit, refused as too large (413) in EBS's shape
      assertEquals(ValidationExceptionReason.INVALID_BLOCK, refused(ValidationException.class, 413,
          () -> world.alice.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(0).dataLength(oversized.length)
              .checksum(checksum(oversized)).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(oversized))).reason());
      world.alice.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(0));
      assertTrue(world.alice.listSnapshotBlocks(b -> b.snapshotId(id)).blocks().isEmpty(), "no refused block was kept");
    }
  }

  @ParameterizedTest
  @EnumSource(EbsWorld.Transport.class)
  void completedDirectSnapshot_backsAnImage(EbsWorld.Transport transport) throws Exception {
    try (EbsWorld world = new EbsWorld(transport)) {
      String id = world.alice.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
      put(world, id, 0, block(11));
      world.alice.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(1));
      ImageId image = world.nativeAlice.registerImage(org.amisdk.cloud.RegisterImageRequest.builder()
          .name("from-ebs-direct").architecture(org.amisdk.model.Architecture.X86_64)
          .virtualizationType(org.amisdk.model.VirtualizationType.HVM).rootDeviceName("/dev/xvda")
          .addBlockDeviceMappings(new org.amisdk.model.BlockDeviceMapping.Ebs("/dev/xvda",
              org.amisdk.model.EbsBlockDevice.builder().snapshotId(org.amisdk.model.SnapshotId.parse(id)).build()))
          .build());
      assertTrue(image.toString().startsWith("ami-"));
    }
  }
}
