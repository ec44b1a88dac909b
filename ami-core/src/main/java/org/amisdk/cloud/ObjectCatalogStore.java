package org.amisdk.cloud;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amisdk.model.Region;
import org.amisdk.storage.object.NoSuchObjectException;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;

/**
 * {@link CatalogStore#objects}: under the prefix, {@code regions} (the region list) and per region
 * {@code <code>/checkpoint-<sequence>} and {@code <code>/journal-<sequence>} objects (20 digits).
 * Every group commit is one journal object holding one record, so nothing is ever torn: a put is
 * all or nothing. A region is listed before its first object is put, so an object of an unlisted
 * region is damage. No lock: object stores offer none, so one process at a time may open a prefix.
 */
final class ObjectCatalogStore implements CatalogStore {
  /** The most commits a journal holds before a checkpoint: opening reads each journal object with one get. */
  static final int COMMITS_PER_CHECKPOINT = 1000;
  private static final Pattern PART = Pattern.compile("([^/]+)/(journal|checkpoint)-(\\d{20})");

  private final ObjectStore objects;
  private final String prefix;
  private final Set<Region> listed = new TreeSet<>(Comparator.comparing(Region::code));

  private ObjectCatalogStore(ObjectStore objects, String prefix) {
    this.objects = objects;
    this.prefix = prefix;
  }

  static ObjectCatalogStore open(ObjectStore objects, String prefix) {
    ObjectKey.of(prefix + "/regions");
    return new ObjectCatalogStore(objects, prefix);
  }

  @Override
  public String toString() {
    return "object store prefix " + prefix + "/";
  }

  private ObjectKey key(String name) {
    return ObjectKey.of(prefix + "/" + name);
  }

  private ObjectKey key(Region region, String name) {
    return key(region.code() + "/" + name);
  }

  @Override
  public synchronized Optional<Set<Region>> regions() throws IOException {
    byte[] bytes;
    List<ObjectInfo> all = objects.listAll(prefix + "/");
    try {
      bytes = objects.readAllBytes(key("regions"), Integer.MAX_VALUE - 8);
    } catch (NoSuchObjectException e) {
      if (!all.isEmpty()) {
        throw new IOException("catalog in " + this + " holds " + all.size() + " objects but no region list: refused, nothing changed");
      }
      return Optional.empty();
    }
    listed.clear();
    listed.addAll(JournalFormat.readRegionList(bytes, key("regions").toString()));
    for (ObjectInfo info : all) {
      String name = info.key().value().substring(prefix.length() + 1);
      Matcher match = PART.matcher(name);
      if (!name.equals("regions") && (!match.matches() || listed.stream().noneMatch(r -> r.code().equals(match.group(1))))) {
        throw new IOException("catalog in " + this + " holds object " + info.key() + ", which is no part of a listed region: "
            + "refused, nothing changed");
      }
    }
    return Optional.of(Set.copyOf(listed));
  }

  @Override
  public synchronized Set<Region> regionsHeld() throws IOException {
    Set<Region> held = new TreeSet<>(Comparator.comparing(Region::code));
    for (ObjectInfo info : objects.listAll(prefix + "/")) {
      Matcher match = PART.matcher(info.key().value().substring(prefix.length() + 1));
      if (match.matches()) {
        try {
          held.add(Region.of(match.group(1)));
        } catch (RuntimeException e) {
          throw new IOException("catalog in " + this + " holds object " + info.key() + ", which is named for no region", e);
        }
      }
    }
    return held;
  }

  @Override
  public synchronized void relist(Set<Region> regions) throws IOException {
    listed.clear();
    listed.addAll(regions);
    writeList();
  }

  @Override
  public synchronized void create() throws IOException {
    writeList();
  }

  @Override
  public synchronized void addRegion(Region region) throws IOException {
    listed.add(region);
    writeList();
  }

  private void writeList() throws IOException {
    put(key("regions"), JournalFormat.regionList(listed));
  }

  private void put(ObjectKey key, byte[] bytes) throws IOException {
    objects.put(key, new ByteArrayInputStream(bytes), bytes.length);
  }

  @Override
  public Stored load(Region region) throws IOException {
    List<CatalogStore.Part> checkpoints = new ArrayList<>();
    List<CatalogStore.Part> segments = new ArrayList<>();
    for (ObjectInfo info : objects.listAll(prefix + "/" + region.code() + "/")) {
      Matcher match = PART.matcher(info.key().value().substring(prefix.length() + 1));
      if (!match.matches()) {
        throw new IOException("catalog in " + this + " holds " + info.key() + ", which is no checkpoint or journal object: "
            + "refused, nothing changed");
      }
      CatalogStore.Part part = new ObjectPart(objects, info.key(), Long.parseLong(match.group(3)));
      if (match.group(2).equals("journal")) {
        segments.add(part);
      } else {
        checkpoints.add(part);
      }
    }
    return Stored.of(checkpoints, segments);
  }

  @Override
  public boolean appendsInPlace() {
    return false;
  }

  @Override
  public int commitsPerCheckpoint() {
    return COMMITS_PER_CHECKPOINT;
  }

  @Override
  public void resume(Region region, long first, long end, long next) throws IOException {
    dropBefore(region, next);
  }

  @Override
  public void startSegment(Region region, long first) {
    // every record is a segment of its own
  }

  @Override
  public void append(Region region, long first, byte[] record) throws IOException {
    byte[] header = JournalFormat.fileHeader(JournalFormat.SEGMENT);
    byte[] object = new byte[header.length + record.length];
    System.arraycopy(header, 0, object, 0, header.length);
    System.arraycopy(record, 0, object, header.length, record.length);
    put(key(region, DirectoryCatalogStore.segmentName(first)), object);
  }

  @Override
  public void checkpoint(Region region, long next, byte[] file) throws IOException {
    put(key(region, DirectoryCatalogStore.checkpointName(next)), file);
    dropBefore(region, next);
  }

  private void dropBefore(Region region, long next) throws IOException {
    for (ObjectInfo info : objects.listAll(prefix + "/" + region.code() + "/")) {
      Matcher match = PART.matcher(info.key().value().substring(prefix.length() + 1));
      if (match.matches() && Long.parseLong(match.group(3)) < next) {
        objects.delete(info.key());
      }
    }
  }

  @Override
  public void close() {
    // the object store belongs to the caller, who closes it
  }

  /** A catalog object, read when asked. */
  private record ObjectPart(ObjectStore objects, ObjectKey key, long sequence) implements CatalogStore.Part {
    @Override
    public String name() {
      return key.toString();
    }

    @Override
    public byte[] read() throws IOException {
      return objects.readAllBytes(key, Integer.MAX_VALUE - 8);
    }
  }
}
