package org.amisdk.storage.object;

class InMemoryObjectStoreTest extends ObjectStoreContract {
  @Override
  protected ObjectStore newStore() {
    return ObjectStore.inMemory();
  }
}
