package org.amisdk.storage.block;

import java.io.IOException;
import java.nio.file.Path;
import org.amisdk.storage.object.ObjectStore;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlockStore} contract on objects kept in a directory object store (real files, real fsync). */
class DirectoryObjectBlockStoreTest extends BlockStoreContract {
  @TempDir Path directory;
  private int stores;

  @Override
  protected BlockStore newStore() throws IOException {
    return BlockStore.onObjects(ObjectStore.directory(directory.resolve("objects-" + stores++)), "blocks");
  }
}
