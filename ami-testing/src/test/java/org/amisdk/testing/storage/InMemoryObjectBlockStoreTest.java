package org.amisdk.testing.storage;

import java.io.IOException;
import java.util.Optional;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.object.ObjectStore;

/** The {@link BlockStore} contract on objects kept in an in-memory object store, which outlives the block store. */
class InMemoryObjectBlockStoreTest extends BlockStoreContract {
  private ObjectStore objects;

  @Override
  protected BlockStore newStore() throws IOException {
    objects = ObjectStore.inMemory();
    return BlockStore.onObjects(objects, "blocks");
  }

  @Override
  protected Optional<BlockStore> reopen() throws IOException {
    return Optional.of(BlockStore.onObjects(objects, "blocks"));
  }
}
