package org.amisdk.storage.object;

import com.google.common.io.ByteStreams;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.amisdk.storage.io.DurableFiles;

/**
 * {@link ObjectStore#directory(Path)}: one file per object under {@code root/objects}, written
 * through {@code root/tmp} and renamed into place; multipart parts under {@code root/uploads}.
 *
 * <p>A key maps to a path segment by segment: every segment but the last names a directory
 * {@code <segment>.d}, the last a file {@code <segment>.o}. So keys never escape the objects
 * directory ({@code .}, {@code ..} and {@code \} are not key characters), {@code a} and
 * {@code a/b} can both exist, and no object file can be mistaken for a temporary file. An object
 * file is a 40-byte header (8 bytes of magic, the content's SHA-256) followed by the content.
 * One store per directory at a time.
 */
final class DirectoryObjectStore implements ObjectStore {

  /** The longest key segment this backend stores, in UTF-8 bytes (255 less the 2-byte suffix). */
  static final int MAX_SEGMENT_BYTES = 253;

  private static final byte[] MAGIC = "AMIOBJ1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 32;
  private static final String DIR_SUFFIX = ".d";
  private static final String FILE_SUFFIX = ".o";

  private final Path objects;
  private final Path tmp;
  private final Path uploads;
  /** Guards the shape of the objects tree: directory creation, publication, pruning, walking. */
  private final Object treeLock = new Object();

  private DirectoryObjectStore(Path root) {
    this.objects = root.resolve("objects");
    this.tmp = root.resolve("tmp");
    this.uploads = root.resolve("uploads");
  }

  static DirectoryObjectStore open(Path root) throws IOException {
    Path absolute = root.toAbsolutePath().normalize();
    DirectoryObjectStore store = new DirectoryObjectStore(absolute);
    Files.createDirectories(store.objects);
    DurableFiles.removeLeftovers(absolute);
    // unfinished temporary writes and uploads cannot be resumed: their handles died with the process
    deleteTree(store.tmp);
    deleteTree(store.uploads);
    Files.createDirectories(store.tmp);
    Files.createDirectories(store.uploads);
    DurableFiles.fsyncDirectory(absolute);
    return store;
  }

  Path pathOf(ObjectKey key) {
    String[] segments = key.segments();
    Path path = objects;
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        throw new IllegalArgumentException("object key '" + key + "' has a segment longer than "
            + MAX_SEGMENT_BYTES + " UTF-8 bytes, which the directory store cannot name");
      }
      path = path.resolve(segment + (i == segments.length - 1 ? FILE_SUFFIX : DIR_SUFFIX));
    }
    return path;
  }

  @Override
  public ObjectInfo put(ObjectKey key, InputStream content, long length) throws IOException {
    Streams.checkLength("object " + key, length);
    Path target = pathOf(key);
    Path temp = tmp.resolve(UUID.randomUUID() + DurableFiles.TEMP_SUFFIX);
    try {
      writeObjectFile(temp, content, length, "object " + key);
      synchronized (treeLock) {
        createDirectoriesDurably(target.getParent());
        DurableFiles.publish(temp, target);
      }
      return describe(key, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void writeObjectFile(Path file, InputStream content, long length, String what) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(HEADER), 0);
      channel.position(HEADER);
      OutputStream out = Channels.newOutputStream(channel);
      var digest = Streams.sha256();
      Streams.copyExactly(content, length, out, digest, what);
      ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).put(digest.digest()).flip();
      while (header.hasRemaining()) {
        channel.write(header, header.position());
        header.position(header.limit());
      }
      channel.force(true);
    }
  }

  private void createDirectoriesDurably(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    createDirectoriesDurably(directory.getParent());
    Files.createDirectory(directory);
    DurableFiles.fsyncDirectory(directory.getParent());
  }

  @Override
  public InputStream get(ObjectKey key) throws IOException {
    Path file = pathOf(key);
    InputStream in = openExisting(key, file);
    try {
      byte[] digest = readHeader(in, key);
      return Streams.verifying(in, digest, "object " + key);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  @Override
  public InputStream get(ObjectKey key, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("range of object " + key + " has a negative offset or length: "
          + offset + ", " + length);
    }
    Path file = pathOf(key);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchObjectException(key.value());
    }
    try {
      readHeader(Channels.newInputStream(channel), key);
      channel.position(HEADER + Math.min(offset, channel.size() - HEADER));
      return ByteStreams.limit(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024), length);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static InputStream openExisting(ObjectKey key, Path file) throws IOException {
    try {
      return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    } catch (NoSuchFileException e) {
      throw new NoSuchObjectException(key.value());
    }
  }

  private static byte[] readHeader(InputStream in, ObjectKey key) throws IOException {
    byte[] header = in.readNBytes(HEADER);
    if (header.length < HEADER || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CorruptObjectException("object " + key + " is corrupt: its file has no valid header");
    }
    return Arrays.copyOfRange(header, MAGIC.length, HEADER);
  }

  @Override
  public ObjectInfo head(ObjectKey key) throws IOException {
    return describe(key, pathOf(key));
  }

  private static ObjectInfo describe(ObjectKey key, Path file) throws IOException {
    try (InputStream in = openExisting(key, file)) {
      byte[] digest = readHeader(in, key);
      return new ObjectInfo(key, Files.size(file) - HEADER, ObjectInfo.sha256Digest(Streams.hex(digest)),
          Files.getLastModifiedTime(file).toInstant());
    }
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) throws IOException {
    Optional<ObjectKey> after = Pages.startAfter(prefix, pageToken, pageSize);
    // only the directory of the prefix's complete segments can hold matching keys
    int slash = prefix.lastIndexOf('/');
    Path start = objects;
    if (slash >= 0) {
      for (String segment : prefix.substring(0, slash).split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
            || segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
          return new ObjectPage(List.of(), Optional.empty());
        }
        start = start.resolve(segment + DIR_SUFFIX);
      }
    }
    TreeSet<ObjectKey> keys = new TreeSet<>();
    synchronized (treeLock) {
      if (Files.isDirectory(start)) {
        try (Stream<Path> walk = Files.walk(start)) {
          walk.filter(Files::isRegularFile).forEach(file -> {
            ObjectKey key = keyOf(file);
            if (key != null && key.startsWith(prefix) && (after.isEmpty() || key.compareTo(after.get()) > 0)) {
              keys.add(key);
            }
          });
        }
      }
    }
    return Pages.page(keys.iterator(), pageSize, key -> {
      try {
        return describe(key, pathOf(key));
      } catch (NoSuchObjectException e) {
        return null; // deleted since the walk
      }
    });
  }

  /** The key a file under the objects directory stores, or null if it is not an object file. */
  private ObjectKey keyOf(Path file) {
    Path relative = objects.relativize(file);
    List<String> segments = new ArrayList<>();
    for (int i = 0; i < relative.getNameCount(); i++) {
      String name = relative.getName(i).toString();
      String suffix = i == relative.getNameCount() - 1 ? FILE_SUFFIX : DIR_SUFFIX;
      if (!name.endsWith(suffix) || name.length() == suffix.length()) {
        return null;
      }
      segments.add(name.substring(0, name.length() - suffix.length()));
    }
    try {
      return ObjectKey.of(String.join("/", segments));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public boolean delete(ObjectKey key) throws IOException {
    Path file = pathOf(key);
    synchronized (treeLock) {
      if (!DurableFiles.delete(file)) {
        return false;
      }
      for (Path dir = file.getParent(); !dir.equals(objects); dir = dir.getParent()) {
        try {
          Files.delete(dir);
          DurableFiles.fsyncDirectory(dir.getParent());
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
          break;
        }
      }
      return true;
    }
  }

  @Override
  public MultipartUpload startMultipart(ObjectKey key) throws IOException {
    pathOf(key); // checks the key fits this backend before any part is stored
    Path dir = Files.createDirectory(uploads.resolve(UUID.randomUUID().toString()));
    return new LocalMultipartUpload(this, key, new LocalMultipartUpload.Parts() {
      @Override
      public void write(int partNumber, InputStream content, long length, String what) throws IOException {
        Path part = dir.resolve(partNumber + ".part");
        Path temp = dir.resolve(partNumber + "." + UUID.randomUUID() + DurableFiles.TEMP_SUFFIX);
        try {
          try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
            Streams.copyExactly(content, length, out, Streams.sha256(), what);
          }
          Files.move(temp, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(temp);
        }
      }

      @Override
      public NavigableSet<Integer> numbers() {
        TreeSet<Integer> numbers = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
          files.map(p -> p.getFileName().toString())
              .filter(name -> name.endsWith(".part"))
              .forEach(name -> numbers.add(Integer.parseInt(name.substring(0, name.length() - 5))));
        } catch (IOException e) {
          throw new IllegalStateException("the upload to " + key + " lost its parts directory " + dir, e);
        }
        return numbers;
      }

      @Override
      public long size(int partNumber) throws IOException {
        return Files.size(dir.resolve(partNumber + ".part"));
      }

      @Override
      public InputStream open(int partNumber) throws IOException {
        return new BufferedInputStream(Files.newInputStream(dir.resolve(partNumber + ".part")), 64 * 1024);
      }

      @Override
      public void discard() throws IOException {
        deleteTree(dir);
      }
    });
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
