package org.amisdk.storage.block;

/** The {@link BlockStore} contract on the in-memory backend. */
class MemoryBlockStoreTest extends BlockStoreContract {
  @Override
  protected BlockStore newStore() {
    return BlockStore.inMemory();
  }
}
