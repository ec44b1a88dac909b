package org.amisdk.storage.object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.amisdk.storage.Corruption;
import org.amisdk.storage.Corruption.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit-flip corruption of the directory object store's object files: after each flip, a head, a
 * whole read and ranged reads (inside a chunk, across chunks, to the end) each return exactly the
 * bytes written or fail with a clear error; none returns wrong bytes.
 */
class ObjectCorruptionTest {
  private static final int SAMPLE = 800;
  private static final long SEED = Long.getLong("amisdk.seed", 11);

  @TempDir Path root;

  @Test
  void flippedBitsInObjectFiles_neverReadAsWrongBytes_wholeOrRanged() throws IOException {
    Map<String, byte[]> contents = new LinkedHashMap<>();
    SplittableRandom random = new SplittableRandom(4);
    for (int size : new int[] {0, 100, 2 * DirectoryObjectStore.CHUNK + 5000}) {
      byte[] content = new byte[size];
      random.nextBytes(content);
      contents.put("o/size-" + size, content);
    }
    Corruption tally = new Corruption("directory object", false);
    try (ObjectStore opened = ObjectStore.directory(root)) {
      DirectoryObjectStore store = (DirectoryObjectStore) opened;
      for (Map.Entry<String, byte[]> object : contents.entrySet()) {
        store.put(ObjectKey.of(object.getKey()), new ByteArrayInputStream(object.getValue()), object.getValue().length);
      }
      for (Map.Entry<String, byte[]> object : contents.entrySet()) {
        ObjectKey key = ObjectKey.of(object.getKey());
        Path file = store.pathOf(key);
        byte[] pristine = Files.readAllBytes(file);
        for (long bit : Corruption.positions(8L * pristine.length, SAMPLE, SEED)) {
          byte[] damaged = pristine.clone();
          damaged[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
          Files.write(file, damaged);
          tally.record(readAll(store, key, object.getValue()), "bit " + bit + " of " + key);
        }
        Files.write(file, pristine);
      }
    }
    tally.report();
  }

  /** Every kind of read of one object: wrong if any returns other bytes, refused if any fails. */
  private static Outcome readAll(ObjectStore store, ObjectKey key, byte[] content) {
    long chunk = DirectoryObjectStore.CHUNK;
    long[][] ranges = {{0, 10}, {5, 90}, {chunk - 7, 20}, {chunk + 3, chunk}, {content.length / 2, Long.MAX_VALUE},
        {Math.max(0, content.length - 1), 1}, {0, Long.MAX_VALUE}};
    boolean refused = false;
    try {
      ObjectInfo info = store.head(key);
      String digest = ObjectInfo.sha256Digest(Streams.hex(Streams.sha256().digest(content)));
      if (info.size() != content.length || !info.digest().equals(digest)) {
        return Outcome.WRONG;
      }
    } catch (IOException e) {
      refused = true;
    }
    try (InputStream in = store.get(key)) {
      if (!Arrays.equals(content, in.readAllBytes())) {
        return Outcome.WRONG;
      }
    } catch (IOException e) {
      refused = true;
    }
    for (long[] range : ranges) {
      int from = (int) Math.min(range[0], content.length);
      int to = (int) Math.min(content.length, from + Math.min(range[1], content.length));
      try (InputStream in = store.get(key, range[0], range[1])) {
        if (!Arrays.equals(Arrays.copyOfRange(content, from, to), in.readAllBytes())) {
          return Outcome.WRONG;
        }
      } catch (IOException e) {
        refused = true;
      }
    }
    return refused ? Outcome.READ_REFUSED : Outcome.READ_CORRECT;
  }
}
