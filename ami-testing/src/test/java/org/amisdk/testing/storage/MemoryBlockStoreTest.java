package org.amisdk.testing.storage;

import org.amisdk.storage.block.BlockStore;

/** The {@link BlockStore} contract on the in-memory backend. */
class MemoryBlockStoreTest extends BlockStoreContract {
  @Override
  protected BlockStore newStore() {
    return BlockStore.inMemory();
  }
}
