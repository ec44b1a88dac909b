package org.amisdk.storage.object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh store of the backend under test for each of the package's backend tests, closed afterwards. */
abstract class StoreFixture {
  ObjectStore store;

  abstract ObjectStore newStore() throws IOException;

  @BeforeEach
  void openStore() throws IOException {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws IOException {
    store.close();
  }

  static ObjectKey key(String value) {
    return ObjectKey.of(value);
  }

  void put(String key, byte[] content) throws IOException {
    store.put(key(key), new ByteArrayInputStream(content), content.length);
  }

  byte[] read(String key) throws IOException {
    return store.readAllBytes(key(key), Integer.MAX_VALUE - 16);
  }

  static List<ObjectKey> keys(List<ObjectInfo> infos) {
    return infos.stream().map(ObjectInfo::key).toList();
  }
}
