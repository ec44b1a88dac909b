package org.amisdk.cloud;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test helpers that look into a cloud's catalog and its files. */
final class Catalogs {
  private Catalogs() {}

  /** Every catalog entry of every region holding any, by region code then key: what a reopening must give back. */
  static Map<String, Map<String, Object>> contents(LocalCloud cloud) {
    Map<String, Map<String, Object>> all = new TreeMap<>();
    for (RegionState state : ((CloudImpl) cloud).regions()) {
      Map<String, Object> entries = new TreeMap<>();
      state.lock.lock();
      try {
        for (Catalog.Change change : Catalog.contents(state)) {
          entries.put(change.key().getClass().getSimpleName() + " " + change.key(), change.entry());
        }
      } finally {
        state.lock.unlock();
      }
      if (!entries.isEmpty()) {
        all.put(state.region.code(), entries);
      }
    }
    return all;
  }

  /** The offsets of the records of a journal segment file, in order (its header is 8 bytes). */
  static List<Integer> recordOffsets(byte[] segment) {
    List<Integer> offsets = new ArrayList<>();
    for (int at = JournalFormat.FILE_HEADER; at < segment.length; at += JournalFormat.OVERHEAD + ByteBuffer.wrap(segment, at + 4, 4).getInt()) {
      offsets.add(at);
    }
    return offsets;
  }

  /** The journal segments of a region of the durable cloud in {@code dir}, in order. */
  static List<Path> segments(Path dir, String region) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("catalog").resolve(region))) {
      return files.filter(f -> f.getFileName().toString().startsWith("journal-")).sorted().toList();
    }
  }

  /** Every file under {@code dir} but the lock file, with a digest of its bytes: to show that a refused open changed nothing. */
  static Map<String, String> snapshotOfFiles(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("lock"))::iterator) {
        files.put(dir.relativize(file).toString(), java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return files;
  }

  /** Deletes a directory tree. */
  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }

  /** Copies a directory tree. */
  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().equals("lock")) {
          Files.copy(source, target);
        }
      }
    }
  }
}
