package org.amisdk.testing.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.amisdk.storage.block.BlockStore;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlockStore} contract on the directory backend. */
class DirectoryBlockStoreTest extends BlockStoreContract {
  @TempDir Path directory;
  private int stores;

  @Override
  protected BlockStore newStore() throws IOException {
    return BlockStore.directory(directory.resolve("store-" + ++stores));
  }

  @Override
  protected Optional<BlockStore> reopen() throws IOException {
    return Optional.of(BlockStore.directory(directory.resolve("store-" + stores)));
  }
}
