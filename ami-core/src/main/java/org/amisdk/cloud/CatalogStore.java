package org.amisdk.cloud;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.amisdk.model.Region;
import org.amisdk.storage.object.ObjectStore;

/**
 * Where a durable cloud's catalog lives: the list of its regions and, per region, a checkpoint and
 * the journal segments after it, in the layout of {@link JournalFormat}. Backends only store and
 * return bytes; {@link Journal} reads, checks and writes them.
 *
 * <p>Two backends: a directory ({@link #directory}; a segment is a file appended to, so a crash
 * can tear its last record) and any {@link ObjectStore} ({@link #objects}; a segment is one object
 * holding one record, written whole). Not thread-safe per region: {@link Journal} calls a region's
 * methods one at a time. What a backend does not do: parse, check sequence numbers, or decide what
 * to drop.
 */
interface CatalogStore extends Closeable {

  /** The catalog in {@code directory}, locked for this process until closed. */
  static CatalogStore directory(Path directory) throws IOException {
    return DirectoryCatalogStore.open(directory);
  }

  /** The catalog in {@code store} under {@code prefix}; one process at a time may open it. */
  static CatalogStore objects(ObjectStore store, String prefix) throws IOException {
    return ObjectCatalogStore.open(store, prefix);
  }

  /** One stored checkpoint or journal segment, named by its sequence number and read on demand. */
  interface Part {
    /** The file or object name, for errors. */
    String name();

    /** A checkpoint's: the first commit it does not hold; a segment's: its first commit. */
    long sequence();

    byte[] read() throws IOException;
  }

  /** A region's newest checkpoint if any, and every journal segment, in sequence order. */
  record Stored(Optional<Part> checkpoint, List<Part> segments) {
    /** The newest of {@code checkpoints}, and {@code segments} sorted. */
    static Stored of(List<Part> checkpoints, List<Part> segments) {
      List<Part> sorted = new java.util.ArrayList<>(segments);
      sorted.sort(java.util.Comparator.comparingLong(Part::sequence));
      return new Stored(checkpoints.stream().max(java.util.Comparator.comparingLong(Part::sequence)), sorted);
    }
  }

  /**
   * The regions recorded in the region list, or empty when the catalog was never written.
   *
   * @throws IOException when the list is damaged, or the store holds a region it does not list
   */
  Optional<Set<Region>> regions() throws IOException;

  /** The regions the store holds parts of, whatever its region list says (which may be damaged): for repair. */
  Set<Region> regionsHeld() throws IOException;

  /** Rewrites the region list to name exactly {@code regions}: for repair. */
  void relist(Set<Region> regions) throws IOException;

  /** Writes an empty region list into a catalog that has none. */
  void create() throws IOException;

  /** Records a region, with its first (empty) journal segment, before its first commit is written. */
  void addRegion(Region region) throws IOException;

  /** What a listed region holds. */
  Stored load(Region region) throws IOException;

  /**
   * Whether segments are files appended to in place: each created (empty) before its first record,
   * its last record tearable by a crash. Otherwise a segment is an object of one record, written
   * whole, that exists only once its record does.
   */
  boolean appendsInPlace();

  /** How many commits a journal may hold before a checkpoint is due (reading each is costly in some stores). */
  int commitsPerCheckpoint();

  /**
   * Makes the last segment ({@code first}) ready for appending at {@code end}, dropping any torn
   * bytes after it, and deletes every checkpoint and segment before {@code next}.
   */
  void resume(Region region, long first, long end, long next) throws IOException;

  /** Starts a new, empty journal segment whose first commit is {@code first}; later appends go to it. */
  void startSegment(Region region, long first) throws IOException;

  /** Appends one record (whose first commit is {@code first}) to the current segment, durably. */
  void append(Region region, long first, byte[] record) throws IOException;

  /** Publishes a checkpoint file holding every commit before {@code next}, then deletes what it supersedes. */
  void checkpoint(Region region, long next, byte[] file) throws IOException;

  /** Where the catalog is, for messages: a directory or an object store prefix. */
  @Override
  String toString();
}
