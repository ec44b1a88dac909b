package org.amisdk.cloud;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amisdk.model.Region;
import org.amisdk.storage.io.DurableFiles;

/**
 * {@link CatalogStore#directory}: {@code regions} (the region list), {@code lock}, and per region a
 * directory named by its code holding {@code checkpoint-<sequence>} files and {@code
 * journal-<sequence>} segments (20 digits each). A segment is created whole (header only) by an
 * atomic rename before its first record is appended; records are appended and forced with
 * {@code fdatasync}. Checkpoints and the region list are written to a temporary file, forced and
 * renamed. An exclusive lock on {@code lock} keeps a second process (or a second cloud in this
 * one) out while the catalog is open.
 */
final class DirectoryCatalogStore implements CatalogStore {
  private static final String REGIONS = "regions";
  private static final Pattern PART = Pattern.compile("(journal|checkpoint)-(\\d{20})");

  private final Path root;
  private final FileChannel lockFile;
  private final FileLock lock;
  private final Set<Region> listed = new TreeSet<>(Comparator.comparing(Region::code));
  private final Map<Region, FileChannel> appending = new ConcurrentHashMap<>();

  private DirectoryCatalogStore(Path root, FileChannel lockFile, FileLock lock) {
    this.root = root;
    this.lockFile = lockFile;
    this.lock = lock;
  }

  static DirectoryCatalogStore open(Path root) throws IOException {
    Files.createDirectories(root);
    FileChannel lockFile = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockFile.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      lockFile.close();
      throw e;
    }
    if (lock == null) {
      lockFile.close();
      throw new IOException("catalog directory " + root + " is in use: another process (or another cloud in this one) "
          + "holds its lock; a durable cloud's directory belongs to one cloud at a time");
    }
    DurableFiles.removeLeftovers(root);
    return new DirectoryCatalogStore(root, lockFile, lock);
  }

  @Override
  public String toString() {
    return "directory " + root;
  }

  @Override
  public synchronized Optional<Set<Region>> regions() throws IOException {
    Path list = root.resolve(REGIONS);
    List<Path> directories = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry)) {
          directories.add(entry);
        } else if (name.endsWith(".json")) {
          throw new IOException("catalog directory " + root + " holds " + name + ", a region catalog of the format before "
              + "the journal, which this version does not read: refused, nothing changed");
        }
      }
    }
    if (!Files.exists(list)) {
      if (!directories.isEmpty()) {
        throw new IOException("catalog directory " + root + " holds region directories but no region list (" + REGIONS
            + "): refused, nothing changed");
      }
      return Optional.empty();
    }
    byte[] bytes = Files.readAllBytes(list);
    listed.clear();
    listed.addAll(JournalFormat.readRegionList(bytes, list.toString()));
    for (Path directory : directories) {
      String name = directory.getFileName().toString();
      if (listed.stream().noneMatch(r -> r.code().equals(name)) && !isEmptyNewRegion(directory)) {
        throw new IOException("catalog directory " + root + " holds region directory " + name + ", which its region list "
            + "does not name: refused, nothing changed");
      }
    }
    return Optional.of(Set.copyOf(listed));
  }

  /**
   * A region directory made by {@link #addRegion} before a crash that came before its region was
   * listed: empty, or holding only its first segment's header, no record. (A temporary file of
   * that segment is gone by now: opening removes every leftover first.)
   */
  private static boolean isEmptyNewRegion(Path directory) throws IOException {
    try (var files = Files.list(directory)) {
      List<Path> all = files.toList();
      return all.isEmpty() || all.size() == 1 && all.get(0).getFileName().toString().equals(segmentName(1))
          && Files.size(all.get(0)) == JournalFormat.FILE_HEADER;
    }
  }

  @Override
  public synchronized Set<Region> regionsHeld() throws IOException {
    Set<Region> held = new TreeSet<>(Comparator.comparing(Region::code));
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry)) {
          try {
            held.add(Region.of(entry.getFileName().toString()));
          } catch (RuntimeException e) {
            throw new IOException("catalog directory " + root + " holds directory " + entry.getFileName()
                + ", which is named for no region", e);
          }
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
    Path directory = root.resolve(region.code());
    Files.createDirectories(directory);
    DurableFiles.fsyncDirectory(root);
    startSegment(region, 1);
    listed.add(region);
    writeList();
  }

  private void writeList() throws IOException {
    DurableFiles.write(root.resolve(REGIONS), JournalFormat.regionList(listed));
  }

  @Override
  public Stored load(Region region) throws IOException {
    Path directory = root.resolve(region.code());
    if (!Files.isDirectory(directory)) {
      throw new IOException("catalog of region " + region + " is missing: the region list of " + root + " names it but "
          + directory + " does not exist: refused, nothing changed");
    }
    List<CatalogStore.Part> checkpoints = new ArrayList<>();
    List<CatalogStore.Part> segments = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path file : entries) {
        Matcher match = PART.matcher(file.getFileName().toString());
        if (!match.matches()) {
          throw new IOException("catalog directory " + directory + " holds " + file.getFileName() + ", which is no "
              + "checkpoint or journal segment: refused, nothing changed");
        }
        CatalogStore.Part part = new FilePart(file, Long.parseLong(match.group(2)));
        if (match.group(1).equals("journal")) {
          segments.add(part);
        } else {
          checkpoints.add(part);
        }
      }
    }
    return Stored.of(checkpoints, segments);
  }

  @Override
  public boolean appendsInPlace() {
    return true;
  }

  @Override
  public int commitsPerCheckpoint() {
    return Integer.MAX_VALUE;
  }

  @Override
  public void resume(Region region, long first, long end, long next) throws IOException {
    Path segment = root.resolve(region.code()).resolve(segmentName(first));
    FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE);
    try {
      if (channel.size() > end) {
        channel.truncate(end);
        channel.force(true);
      }
      channel.position(end);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    replace(region, channel);
    dropBefore(region, next);
  }

  @Override
  public void startSegment(Region region, long first) throws IOException {
    Path segment = root.resolve(region.code()).resolve(segmentName(first));
    DurableFiles.write(segment, JournalFormat.fileHeader(JournalFormat.SEGMENT));
    FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE);
    channel.position(channel.size());
    replace(region, channel);
  }

  private void replace(Region region, FileChannel channel) throws IOException {
    FileChannel old = appending.put(region, channel);
    if (old != null) {
      old.close();
    }
  }

  @Override
  public void append(Region region, long first, byte[] record) throws IOException {
    FileChannel channel = appending.get(region);
    if (channel == null) {
      throw new IllegalStateException("catalog journal of region " + region + " has no open segment");
    }
    ByteBuffer buffer = ByteBuffer.wrap(record);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.force(false);
  }

  @Override
  public void checkpoint(Region region, long next, byte[] file) throws IOException {
    DurableFiles.write(root.resolve(region.code()).resolve(checkpointName(next)), file);
    dropBefore(region, next);
  }

  /** Deletes the checkpoints and segments that the checkpoint at {@code next} supersedes. */
  private void dropBefore(Region region, long next) throws IOException {
    Path directory = root.resolve(region.code());
    boolean deleted = false;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path file : entries) {
        Matcher match = PART.matcher(file.getFileName().toString());
        if (match.matches() && Long.parseLong(match.group(2)) < next) {
          deleted |= Files.deleteIfExists(file);
        }
      }
    }
    if (deleted) {
      DurableFiles.fsyncDirectory(directory);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      for (FileChannel channel : appending.values()) {
        channel.close();
      }
      appending.clear();
    } finally {
      try {
        lock.release();
      } finally {
        lockFile.close();
      }
    }
  }

  static String segmentName(long first) {
    return String.format("journal-%020d", first);
  }

  static String checkpointName(long next) {
    return String.format("checkpoint-%020d", next);
  }

  /** A file of the catalog, read when asked. */
  private record FilePart(Path file, long sequence) implements CatalogStore.Part {
    @Override
    public String name() {
      return file.toString();
    }

    @Override
    public byte[] read() throws IOException {
      return Files.readAllBytes(file);
    }
  }
}
