package org.amisdk.storage.io;

import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive, advisory lock on a store directory, held through the file {@value #FILE} in it: a
 * store directory belongs to one process at a time. The holder writes its pid, host and start
 * time into the file, so a second opener (another process, or another store in this process) is
 * told who holds it. The operating system releases the lock when the holder exits, however it
 * exits; the file itself stays.
 *
 * <p>Within one process, the directories held are also kept in a table checked before the lock
 * file is even opened: on POSIX systems closing any channel to a locked file releases the
 * process's lock on it, so a refused second opener must never touch the file. For the same reason
 * nothing else in the holding process may open the lock file (a backup walking the directory in
 * the same JVM should skip it).
 */
public final class DirectoryLock implements Closeable {

  /** The name of the lock file in a store directory. */
  public static final String FILE = "lock";

  private static final int MAX_HOLDER_BYTES = 512;
  /** The directories this process holds, by real path, with what holds them. */
  private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

  private final Path directory;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
    this.directory = directory;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code directory} if needed and locks it for this store; call it before anything in the
   * directory is read or changed.
   *
   * @throws DirectoryInUseException when another process, or another open store of this process,
   *     holds the directory
   */
  public static DirectoryLock acquire(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path absolute = directory.toRealPath();
    String self = describeSelf();
    String holder = HELD.putIfAbsent(absolute, self);
    if (holder != null) {
      throw new DirectoryInUseException("store directory " + absolute + " is in use by another store of this "
          + "process (held by " + holder.strip() + "): a store directory belongs to one open store at a time");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(absolute.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      HELD.remove(absolute);
      throw e;
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) { // not through this class: still refuse, leave it be
        throw new DirectoryInUseException("store directory " + absolute + " is locked by this process outside "
            + "its stores: a store directory belongs to one open store at a time");
      }
      if (lock == null) {
        throw new DirectoryInUseException("store directory " + absolute + " is in use by another process ("
            + holder(channel) + "): a store directory belongs to one process at a time");
      }
      ByteBuffer bytes = ByteBuffer.wrap(self.getBytes(StandardCharsets.UTF_8));
      channel.truncate(0);
      while (bytes.hasRemaining()) {
        channel.write(bytes, bytes.position());
      }
      // not forced: the holder's description only matters while it runs
      return new DirectoryLock(absolute, channel, lock);
    } catch (IOException | RuntimeException e) {
      HELD.remove(absolute);
      channel.close();
      throw e;
    }
  }

  private static String describeSelf() {
    return "pid " + ProcessHandle.current().pid() + " (" + ManagementFactory.getRuntimeMXBean().getName()
        + "), since " + Instant.now() + "\n";
  }

  /** What the lock file says about its holder, or that it says nothing. */
  private static String holder(FileChannel channel) {
    try {
      ByteBuffer bytes = ByteBuffer.allocate(MAX_HOLDER_BYTES);
      while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
        // read up to the bound
      }
      String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "holder unknown: the lock file is empty" : "held by " + text;
    } catch (IOException e) {
      return "holder unknown: " + e.getMessage();
    }
  }

  /** The directory this lock holds. */
  public Path directory() {
    return directory;
  }

  /** Releases the lock; the lock file stays. */
  @Override
  public synchronized void close() throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
      HELD.remove(directory);
    }
  }
}
