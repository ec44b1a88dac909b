package org.amisdk.storage.object;

import com.google.common.io.ByteStreams;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
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
import java.util.zip.CRC32C;
import org.amisdk.storage.io.DirectoryLock;
import org.amisdk.storage.io.DurableFiles;

/**
 * {@link ObjectStore#directory(Path)}: one file per object under {@code root/objects}, written
 * through {@code root/tmp} and renamed into place; multipart parts under {@code root/uploads}.
 *
 * <p>A key maps to a path segment by segment: every segment but the last names a directory
 * {@code <segment>.d}, the last a file {@code <segment>.o}. So keys never escape the objects
 * directory ({@code .}, {@code ..} and {@code \} are not key characters), {@code a} and
 * {@code a/b} can both exist, and no object file can be mistaken for a temporary file. An object
 * file is a 52-byte header (8 bytes of magic, the content's SHA-256, the content's length, the
 * CRC32C of those 48 bytes), the content, then one CRC32C per {@value #CHUNK}-byte chunk of the
 * content. A whole read is checked against the SHA-256; a ranged read reads and checks every chunk
 * it touches, so no read returns damaged bytes: it fails naming the object and the chunk.
 *
 * <p>The directory belongs to one store at a time, in one process: opening takes its
 * {@link DirectoryLock} before it reads or changes anything, and {@link #close} releases it.
 */
final class DirectoryObjectStore implements ObjectStore {

  /** The longest key segment this backend stores, in UTF-8 bytes (255 less the 2-byte suffix). */
  static final int MAX_SEGMENT_BYTES = 253;

  private static final byte[] MAGIC = "AMIOBJ2\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FIRST_LAYOUT_MAGIC = "AMIOBJ1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 32 + 8 + 4;
  /** The bytes each chunk checksum covers (the last chunk may be shorter). */
  static final int CHUNK = 64 * 1024;
  private static final String DIR_SUFFIX = ".d";
  private static final String FILE_SUFFIX = ".o";

  private final DirectoryLock lock;
  private final Path objects;
  private final Path tmp;
  private final Path uploads;
  /** Guards the shape of the objects tree: directory creation, publication, pruning, walking. */
  private final Object treeLock = new Object();

  private DirectoryObjectStore(DirectoryLock lock, Path root) {
    this.lock = lock;
    this.objects = root.resolve("objects");
    this.tmp = root.resolve("tmp");
    this.uploads = root.resolve("uploads");
  }

  static DirectoryObjectStore open(Path root) throws IOException {
    DirectoryLock lock = DirectoryLock.acquire(root);
    try {
      return open(lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static DirectoryObjectStore open(DirectoryLock lock) throws IOException {
    Path absolute = lock.directory();
    DirectoryObjectStore store = new DirectoryObjectStore(lock, absolute);
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
      ChunkChecksums out = new ChunkChecksums(new BufferedOutputStream(Channels.newOutputStream(channel), CHUNK));
      var digest = Streams.sha256();
      Streams.copyExactly(content, length, out, digest, what);
      out.finish();
      out.flush();
      ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).put(digest.digest()).putLong(length);
      header.putInt(crc(header.array(), 0, HEADER - 4)).flip();
      while (header.hasRemaining()) {
        channel.write(header, header.position());
        header.position(header.limit());
      }
      channel.force(true);
    }
  }

  private static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /** Passes content through and, at {@link #finish}, appends one CRC32C per chunk of it. */
  private static final class ChunkChecksums extends FilterOutputStream {
    private final java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
    private final CRC32C crc = new CRC32C();
    private int inChunk;

    ChunkChecksums(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      while (len > 0) {
        int n = Math.min(len, CHUNK - inChunk);
        crc.update(b, off, n);
        inChunk += n;
        off += n;
        len -= n;
        if (inChunk == CHUNK) {
          endChunk();
        }
      }
    }

    private void endChunk() {
      int value = (int) crc.getValue();
      table.write(value >>> 24);
      table.write(value >>> 16);
      table.write(value >>> 8);
      table.write(value);
      crc.reset();
      inChunk = 0;
    }

    void finish() throws IOException {
      if (inChunk > 0) {
        endChunk();
      }
      table.writeTo(out);
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
    OpenFile open = openExisting(key, pathOf(key));
    InputStream in = open.in();
    try {
      Header header = readHeader(in, key, open.size());
      return Streams.verifying(ByteStreams.limit(in, header.length()), header.digest(), "object " + key);
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
      Header header = readHeader(Channels.newInputStream(channel), key, channel.size());
      long start = Math.min(offset, header.length());
      long end = start + Math.min(length, header.length() - start);
      return new CheckedRange(channel, key, header.length(), start, end);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** An object file open for reading, with the size of that very file (a put may rename another into its place meanwhile). */
  private record OpenFile(InputStream in, long size) {}

  private static OpenFile openExisting(ObjectKey key, Path file) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchObjectException(key.value());
    }
    try {
      return new OpenFile(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024), channel.size());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** An object file's header: the content's SHA-256 and length. */
  private record Header(byte[] digest, long length) {}

  /** Reads and checks the header of an object file of {@code fileSize} bytes. */
  private static Header readHeader(InputStream in, ObjectKey key, long fileSize) throws IOException {
    byte[] header = in.readNBytes(HEADER);
    if (header.length >= MAGIC.length && Arrays.equals(header, 0, MAGIC.length, FIRST_LAYOUT_MAGIC, 0, MAGIC.length)) {
      throw new CorruptObjectException("object " + key + " is in the first object file layout, which has no chunk "
          + "checksums and which this version does not read");
    }
    if (header.length < HEADER || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
        || ByteBuffer.wrap(header).getInt(HEADER - 4) != crc(header, 0, HEADER - 4)) {
      throw new CorruptObjectException("object " + key + " is corrupt: its file has no valid header");
    }
    long length = ByteBuffer.wrap(header).getLong(MAGIC.length + 32);
    if (length < 0 || fileSize != HEADER + length + 4 * chunks(length)) {
      throw new CorruptObjectException("object " + key + " is corrupt: its file of " + fileSize
          + " bytes does not hold the " + length + " bytes its header states and their checksums");
    }
    return new Header(Arrays.copyOfRange(header, MAGIC.length, MAGIC.length + 32), length);
  }

  private static long chunks(long length) {
    return (length + CHUNK - 1) / CHUNK;
  }

  /**
   * A range of an object's content, read a whole chunk at a time, each chunk checked against its
   * CRC32C before any of its bytes is returned.
   */
  private static final class CheckedRange extends InputStream {
    private final FileChannel channel;
    private final ObjectKey key;
    private final long length;
    private final long end;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    private long position;
    private long chunkStart = -1;

    CheckedRange(FileChannel channel, ObjectKey key, long length, long start, long end) {
      this.channel = channel;
      this.key = key;
      this.length = length;
      this.position = start;
      this.end = end;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (position >= end) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      long index = position / CHUNK;
      if (chunkStart != index * CHUNK) {
        load(index);
      }
      int within = (int) (position - chunkStart);
      int n = (int) Math.min(Math.min(len, chunk.limit() - within), end - position);
      chunk.get(within, b, off, n);
      position += n;
      return n;
    }

    private void load(long index) throws IOException {
      chunkStart = -1;
      long start = index * CHUNK;
      chunk.clear().limit((int) Math.min(CHUNK, length - start));
      readFully(chunk, HEADER + start);
      ByteBuffer expected = ByteBuffer.allocate(4);
      readFully(expected, HEADER + length + 4 * index);
      if (crc(chunk.array(), 0, chunk.limit()) != expected.getInt(0)) {
        throw new CorruptObjectException("object " + key + " is corrupt: chunk " + index + " (bytes " + start
            + " to " + (start + chunk.limit()) + ") fails its checksum");
      }
      chunkStart = start;
    }

    private void readFully(ByteBuffer buffer, long at) throws IOException {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, at + buffer.position()) < 0) {
          throw new CorruptObjectException("object " + key + " is corrupt: its file ends early");
        }
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  @Override
  public ObjectInfo head(ObjectKey key) throws IOException {
    return describe(key, pathOf(key));
  }

  private static ObjectInfo describe(ObjectKey key, Path file) throws IOException {
    OpenFile open = openExisting(key, file);
    try (InputStream in = open.in()) {
      Header header = readHeader(in, key, open.size());
      return new ObjectInfo(key, header.length(), ObjectInfo.sha256Digest(Streams.hex(header.digest())),
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

  /** Releases the directory's lock; streams already open stay readable. */
  @Override
  public void close() throws IOException {
    lock.close();
  }
}
