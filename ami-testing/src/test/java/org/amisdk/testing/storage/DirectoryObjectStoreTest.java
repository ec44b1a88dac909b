package org.amisdk.testing.storage;

import java.io.IOException;
import java.nio.file.Path;
import org.amisdk.storage.object.ObjectStore;
import org.junit.jupiter.api.io.TempDir;

/** The {@link ObjectStore} contract on the directory backend. */
class DirectoryObjectStoreTest extends ObjectStoreContract {
  @TempDir Path root;

  @Override
  protected ObjectStore newStore() throws IOException {
    return ObjectStore.directory(root);
  }
}
