package org.amisdk.storage.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.amisdk.storage.io.DirectoryLock;
import org.amisdk.storage.io.DurableFiles;

/**
 * {@link BlockStore#directory}: blocks in append-only pack files ({@code packs/NNNNNNNN.pack}),
 * records in {@code catalog.log}, both {@link BatchLog}s. The index of blocks is rebuilt from the
 * packs' tables when the store opens. Writes go to a fresh pack per opening, rotated at
 * {@value #PACK_LIMIT} bytes; a sealed pack that is mostly deleted blocks is compacted (its live
 * blocks appended to the current pack, then the pack file deleted), so a crash in between leaves
 * at worst a block twice.
 *
 * <p>Opening locks the directory ({@link DirectoryLock}) before it reads anything, then reads every
 * pack's tables and the whole catalog, each batch and record checked against its checksum. Only
 * once all of it loaded cleanly does it change anything: it cuts off torn last batches and removes
 * leftover temporary files. Damage anywhere else refuses the open and changes nothing; {@link
 * #repair} salvages.
 */
final class DirectoryBlockStore implements BlockStore {
  static final long PACK_LIMIT = 256L << 20;
  static final String CATALOG = "catalog.log";
  private static final String PACK_SUFFIX = ".pack";

  private record Location(BatchLog pack, long offset, int length, int crc) {}

  private final DirectoryLock lock;
  private final Path packsDirectory;
  private final Map<BlockAddress, Location> index = new ConcurrentHashMap<>();
  private final TreeMap<Integer, BatchLog> packs = new TreeMap<>();
  private final Map<BatchLog, Long> liveBytes = new HashMap<>();
  private BatchLog catalog;
  private final Map<String, byte[]> records = new HashMap<>();
  private BatchLog current;
  private int nextPack;

  private DirectoryBlockStore(DirectoryLock lock, Path root) {
    this.lock = lock;
    this.packsDirectory = root.resolve("packs");
  }

  private void load(Path root) throws IOException {
    for (Path file : packFiles(packsDirectory)) {
      int number = packNumber(file);
      List<BatchLog.Entry> entries = new ArrayList<>();
      BatchLog pack = BatchLog.open(file, entries);
      packs.put(number, pack);
      liveBytes.put(pack, 0L);
      for (BatchLog.Entry entry : entries) {
        BlockAddress address = BlockAddress.fromBytes(entry.key());
        Location old = entry.kind() == BatchLog.PUT
            ? index.put(address, new Location(pack, entry.offset(), entry.length(), entry.crc()))
            : index.remove(address);
        if (old != null) {
          liveBytes.merge(old.pack(), (long) -old.length(), Long::sum);
        }
        if (entry.kind() == BatchLog.PUT) {
          liveBytes.merge(pack, (long) entry.length(), Long::sum);
        }
      }
      nextPack = number + 1;
    }
    Path catalogFile = root.resolve(CATALOG);
    List<BatchLog.Entry> catalogEntries = new ArrayList<>();
    BatchLog log = BatchLog.open(catalogFile, catalogEntries, true);
    this.catalog = log;
    long liveBytes = 0;
    for (BatchLog.Entry entry : catalogEntries) {
      String name = new String(entry.key(), StandardCharsets.UTF_8);
      if (entry.kind() == BatchLog.PUT) {
        records.put(name, log.read(entry));
      } else {
        records.remove(name);
      }
    }
    // everything loaded cleanly: only now may opening change the directory
    for (BatchLog pack : packs.values()) {
      pack.dropTornTail();
    }
    log.dropTornTail();
    Files.createDirectories(packsDirectory);
    DurableFiles.removeLeftovers(root);
    for (byte[] value : records.values()) {
      liveBytes += value.length;
    }
    if (log.size() > 2 * liveBytes + (1 << 20)) {
      log.close();
      this.catalog = null;
      this.catalog = rewriteCatalog(catalogFile);
    }
  }

  /** Replaces a catalog log mostly made of superseded records by one holding only the live ones. */
  private BatchLog rewriteCatalog(Path catalogFile) throws IOException {
    Path temp = DurableFiles.temporaryFileFor(catalogFile);
    try (BatchLog fresh = BatchLog.open(temp, new ArrayList<>())) {
      List<BatchLog.Put> puts = new ArrayList<>();
      for (Map.Entry<String, byte[]> record : records.entrySet()) {
        puts.add(BatchLog.Put.put(record.getKey().getBytes(StandardCharsets.UTF_8), record.getValue()));
        if (puts.size() == BatchLog.MAX_BATCH_ENTRIES) { // bounded batches: each stays readable on open
          fresh.append(puts);
          puts.clear();
        }
      }
      if (!puts.isEmpty()) {
        fresh.append(puts);
      }
    }
    DurableFiles.publish(temp, catalogFile);
    return BatchLog.open(catalogFile, new ArrayList<>());
  }

  private static List<Path> packFiles(Path packsDirectory) throws IOException {
    List<Path> packFiles = new ArrayList<>();
    if (Files.isDirectory(packsDirectory)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(packsDirectory, "*" + PACK_SUFFIX)) {
        files.forEach(packFiles::add);
      }
    }
    packFiles.sort(null);
    return packFiles;
  }

  private static int packNumber(Path file) throws IOException {
    String name = file.getFileName().toString();
    try {
      return Integer.parseInt(name.substring(0, name.length() - PACK_SUFFIX.length()));
    } catch (NumberFormatException e) {
      throw new IOException("pack file " + file + " has no pack number", e);
    }
  }

  static DirectoryBlockStore open(Path root) throws IOException {
    DirectoryLock lock = DirectoryLock.acquire(root);
    DirectoryBlockStore store = new DirectoryBlockStore(lock, lock.directory());
    try {
      store.load(lock.directory());
      return store;
    } catch (IOException | RuntimeException e) {
      try {
        store.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * {@link BlockStore#repairDirectory}: under the directory's lock, rewrites each damaged pack and
   * the catalog with every intact batch and entry they hold, and reports what it dropped.
   */
  static RepairReport repair(Path root) throws IOException {
    try (DirectoryLock lock = DirectoryLock.acquire(root)) {
      List<String> lost = new ArrayList<>();
      long kept = 0;
      List<Path> files = new ArrayList<>(packFiles(lock.directory().resolve("packs")));
      Path catalog = lock.directory().resolve(CATALOG);
      if (Files.exists(catalog)) {
        files.add(catalog);
      }
      for (Path file : files) {
        kept += BatchLog.salvage(file, lost);
      }
      return new RepairReport(files.size(), kept, lost);
    }
  }

  @Override
  public void put(Map<BlockAddress, byte[]> blocks) throws IOException {
    List<BatchLog.Put> puts = new ArrayList<>(blocks.size());
    blocks.forEach((address, value) -> puts.add(BatchLog.Put.put(address.toBytes(), value)));
    append(puts);
  }

  /**
   * As {@link #put}, each value the bytes from its buffer's position to its limit (left as they
   * were): a direct buffer is written where it lies, with no copy to the heap.
   */
  void putBuffers(Map<BlockAddress, ByteBuffer> blocks) throws IOException {
    List<BatchLog.Put> puts = new ArrayList<>(blocks.size());
    blocks.forEach((address, value) -> puts.add(new BatchLog.Put(BatchLog.PUT, address.toBytes(), value)));
    append(puts);
  }

  /** Appends block puts to the current pack and indexes them. */
  private void append(List<BatchLog.Put> puts) throws IOException {
    if (puts.isEmpty()) {
      return;
    }
    synchronized (this) {
      List<BatchLog.Entry> written = currentPack().append(puts);
      index(written);
    }
  }

  private void index(List<BatchLog.Entry> written) {
    for (BatchLog.Entry entry : written) {
      Location old = index.put(BlockAddress.fromBytes(entry.key()),
          new Location(current, entry.offset(), entry.length(), entry.crc()));
      if (old != null) {
        liveBytes.merge(old.pack(), (long) -old.length(), Long::sum);
      }
      liveBytes.merge(current, (long) entry.length(), Long::sum);
    }
  }

  private BatchLog currentPack() throws IOException {
    if (current == null || current.size() > PACK_LIMIT) {
      int number = nextPack++;
      current = BatchLog.open(packsDirectory.resolve(String.format("%08d%s", number, PACK_SUFFIX)), new ArrayList<>());
      DurableFiles.fsyncDirectory(packsDirectory);
      packs.put(number, current);
      liveBytes.put(current, 0L);
    }
    return current;
  }

  @Override
  public long storedSize(BlockAddress address) {
    Location location = index.get(address);
    return location == null ? 0 : location.length();
  }

  @Override
  public byte[] get(BlockAddress address) throws IOException {
    Location location = index.get(address);
    if (location == null) {
      return null;
    }
    try {
      return location.pack().read(location.offset(), location.length(), location.crc(), address.toBytes());
    } catch (java.nio.channels.ClosedChannelException e) {
      // the pack was compacted away meanwhile: its live blocks were appended to the current pack
      Location now = index.get(address);
      if (now != null && now.pack() == location.pack()) {
        throw new IOException("pack " + location.pack().file() + " was closed while block " + address + " was read", e);
      }
      return now == null ? null : get(address);
    }
  }

  @Override
  public boolean contains(BlockAddress address) {
    return index.containsKey(address);
  }

  @Override
  public synchronized void delete(Collection<BlockAddress> addresses) throws IOException {
    List<BatchLog.Put> tombstones = new ArrayList<>();
    for (BlockAddress address : addresses) {
      if (index.containsKey(address)) {
        tombstones.add(BatchLog.Put.delete(address.toBytes()));
      }
    }
    if (tombstones.isEmpty()) {
      return;
    }
    currentPack().append(tombstones);
    for (BatchLog.Put tombstone : tombstones) {
      Location old = index.remove(BlockAddress.fromBytes(tombstone.key()));
      liveBytes.merge(old.pack(), (long) -old.length(), Long::sum);
    }
    compact();
  }

  /** Rewrites the live blocks of sealed packs that are more than half dead, then deletes them. */
  private void compact() throws IOException {
    for (BatchLog pack : List.copyOf(packs.values())) {
      if (pack == current || liveBytes.get(pack) * 2 > pack.size()) {
        continue;
      }
      List<BatchLog.Put> live = new ArrayList<>();
      try {
        for (Map.Entry<BlockAddress, Location> entry : index.entrySet()) {
          Location location = entry.getValue();
          if (location.pack() == pack) {
            byte[] key = entry.getKey().toBytes();
            live.add(BatchLog.Put.put(key, pack.read(location.offset(), location.length(), location.crc(), key)));
          }
        }
      } catch (org.amisdk.storage.io.DamagedFileException e) {
        continue; // a damaged pack is kept as it is, for reads to report and a repair to salvage
      }
      if (!live.isEmpty()) {
        index(currentPack().append(live));
      }
      packs.values().remove(pack);
      liveBytes.remove(pack);
      pack.close();
      DurableFiles.delete(pack.file());
    }
  }

  @Override
  public Set<BlockAddress> addresses() {
    return Set.copyOf(index.keySet());
  }

  @Override
  public synchronized long storedBytes() {
    return packs.values().stream().mapToLong(BatchLog::size).sum();
  }

  @Override
  public synchronized void commit(Map<String, byte[]> puts, Collection<String> deletes) throws IOException {
    List<BatchLog.Put> entries = new ArrayList<>();
    for (String name : deletes) {
      entries.add(BatchLog.Put.delete(name.getBytes(StandardCharsets.UTF_8)));
    }
    puts.forEach((name, value) -> entries.add(BatchLog.Put.put(name.getBytes(StandardCharsets.UTF_8), value)));
    if (entries.isEmpty()) {
      return;
    }
    catalog.append(entries);
    MemoryBlockStore.apply(records, puts, deletes);
  }

  @Override
  public synchronized Map<String, byte[]> records() {
    return MemoryBlockStore.copyOf(records);
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      for (BatchLog pack : packs.values()) {
        pack.close();
      }
      if (catalog != null) {
        catalog.close();
      }
    } finally {
      lock.close();
    }
  }
}
