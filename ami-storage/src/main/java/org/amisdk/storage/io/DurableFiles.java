package org.amisdk.storage.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Crash-safe file writes: write to a temporary name in the target's directory, fsync the file,
 * rename it atomically over the target, fsync the directory. A reader sees either the old file or
 * the whole new one; a crash leaves at most a temporary file, which {@link #removeLeftovers}
 * deletes when a store opens.
 *
 * <p>Temporary files end with {@value #TEMP_SUFFIX}; stores must not use that suffix for their own
 * files.
 */
public final class DurableFiles {

  /** The suffix of temporary files; anything ending with it is a leftover of an interrupted write. */
  public static final String TEMP_SUFFIX = ".amisdk-tmp";

  private DurableFiles() {}

  /** Writes the bytes a {@link Writer} produces to {@code target}, durably and atomically. */
  public static void write(Path target, Writer writer) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temp = directory.resolve(target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(channel);
        writer.writeTo(out);
        out.flush();
        channel.force(true);
      }
      moveAtomically(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    fsyncDirectory(directory);
  }

  /** Writes {@code bytes} to {@code target}, durably and atomically. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Publishes an already written and forced file under {@code target}: renames atomically, then
   * forces the directory. Used when the content was streamed to a temporary file the caller made
   * with {@link #temporaryFileFor}.
   */
  public static void publish(Path temp, Path target) throws IOException {
    moveAtomically(temp, target);
    fsyncDirectory(target.toAbsolutePath().getParent());
  }

  /** A fresh temporary file name beside {@code target}, recognised by {@link #removeLeftovers}. */
  public static Path temporaryFileFor(Path target) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    return directory.resolve(target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
  }

  /** Deletes a file if it exists and forces its directory, so the deletion survives a crash. */
  public static boolean delete(Path file) throws IOException {
    boolean deleted = Files.deleteIfExists(file);
    if (deleted) {
      fsyncDirectory(file.toAbsolutePath().getParent());
    }
    return deleted;
  }

  /** Forces a directory's entries to disk, where the platform allows opening a directory. */
  public static void fsyncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
      if (!System.getProperty("os.name", "").startsWith("Windows")) {
        throw e;
      }
    }
  }

  /**
   * Deletes every temporary file left by an interrupted write under {@code root}, recursively.
   *
   * @return how many leftovers were removed
   */
  public static int removeLeftovers(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry)) {
          removed += removeLeftovers(entry);
        } else if (entry.getFileName().toString().endsWith(TEMP_SUFFIX)) {
          Files.deleteIfExists(entry);
          removed++;
        }
      }
    }
    if (removed > 0) {
      fsyncDirectory(root);
    }
    return removed;
  }

  private static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      throw new IOException("cannot rename " + source + " atomically to " + target, e);
    }
  }

  /** Produces the content of a file. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }
}
