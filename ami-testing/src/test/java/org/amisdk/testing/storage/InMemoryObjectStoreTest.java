package org.amisdk.testing.storage;

import org.amisdk.storage.object.ObjectStore;

class InMemoryObjectStoreTest extends ObjectStoreContract {
  @Override
  protected ObjectStore newStore() {
    return ObjectStore.inMemory();
  }
}
