package org.amisdk.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.block.BlockDevices;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.testing.storage.BlockStoreContract;
import org.amisdk.storage.block.BlockSnapshotId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The block store contract on objects in a real S3-compatible server on 127.0.0.1 (s3proxy). */
class S3BlockStoreTest extends BlockStoreContract {
  @RegisterExtension static final S3ProxyServer server = new S3ProxyServer();

  @TempDir Path directory;
  private String bucket;

  @Override
  protected BlockStore newStore() throws IOException {
    bucket = server.newBucket();
    return BlockStore.onObjects(server.store(bucket, ""), "blocks");
  }

  /** The same bucket through a new S3 client: what a committed call promised must be read back. */
  @Override
  protected Optional<BlockStore> reopen() throws IOException {
    return Optional.of(BlockStore.onObjects(server.store(bucket, ""), "blocks"));
  }

  @Test
  void reopenedThroughAnotherClient_seesExactlyWhatWasCommitted() throws IOException {
    String bucket = server.newBucket();
    byte[] a = value(1, 30_000);
    byte[] b = value(2, 40_000);
    try (BlockStore store = BlockStore.onObjects(server.store(bucket, "under/"), "blocks")) {
      store.put(Map.of(addressOf(a), a, addressOf(b), b));
      store.delete(List.of(addressOf(a)));
      store.commit(Map.of("snapshot/s", new byte[] {5}, "volume/v", new byte[] {6}), List.of());
      store.commit(Map.of(), List.of("volume/v"));
    }
    try (BlockStore store = BlockStore.onObjects(server.store(bucket, "under/"), "blocks")) {
      assertEquals(java.util.Set.of(addressOf(b)), store.addresses());
      assertArrayEquals(b, store.get(addressOf(b)));
      assertEquals(java.util.Set.of("snapshot/s"), store.records().keySet());
      assertArrayEquals(new byte[] {5}, store.records().get("snapshot/s"));
    }
  }

  @Test
  void blockDevices_importThenExport_isByteForByte_andSurvivesReopening() throws IOException {
    String bucket = server.newBucket();
    byte[] image = new byte[4 * BlockStore.BLOCK_SIZE + 777];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < image.length; i += 1 + random.nextInt(200)) {
      image[i] = (byte) random.nextInt(256);
    }
    System.arraycopy(image, 0, image, 2 * BlockStore.BLOCK_SIZE, BlockStore.BLOCK_SIZE); // a repeated block
    Arrays.fill(image, BlockStore.BLOCK_SIZE, 2 * BlockStore.BLOCK_SIZE, (byte) 0); // a zero block
    Path source = Files.write(directory.resolve("in.img"), image);
    BlockSnapshotId id;
    try (BlockDevices devices = BlockDevices.open(BlockStore.onObjects(server.store(bucket, ""), "blocks"))) {
      id = devices.importRaw(source, Optional.empty(), ProgressListener.NONE);
      devices.export(id, directory.resolve("out.img"), ProgressListener.NONE);
      assertArrayEquals(image, Files.readAllBytes(directory.resolve("out.img")));
      assertEquals(3, devices.stats().blocks());
    }
    try (BlockDevices devices = BlockDevices.open(BlockStore.onObjects(server.store(bucket, ""), "blocks"))) {
      devices.export(id, directory.resolve("again.img"), ProgressListener.NONE);
      assertArrayEquals(image, Files.readAllBytes(directory.resolve("again.img")));
      assertTrue(devices.verify(ProgressListener.NONE).isClean());
    }
  }
}
