package org.amisdk.testing.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.object.ObjectStore;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlockStore} contract on objects kept in a directory object store (real files, real fsync). */
class DirectoryObjectBlockStoreTest extends BlockStoreContract {
  @TempDir Path directory;
  private int stores;

  @Override
  protected BlockStore newStore() throws IOException {
    return BlockStore.onObjects(ObjectStore.directory(directory.resolve("objects-" + ++stores)), "blocks");
  }

  @Override
  protected Optional<BlockStore> reopen() throws IOException {
    return Optional.of(BlockStore.onObjects(ObjectStore.directory(directory.resolve("objects-" + stores)), "blocks"));
  }
}
