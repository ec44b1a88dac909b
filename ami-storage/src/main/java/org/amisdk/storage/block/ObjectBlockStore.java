package org.amisdk.storage.block;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amisdk.storage.object.NoSuchObjectException;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;

/**
 * {@link BlockStore#onObjects}: every SPI call is one object put (the only atomic write an object
 * store offers) in a log under {@code <prefix>/log/<20-digit sequence>-<kind>}, laid out by
 * {@link ObjectLog}: a {@code put} writes a pack, a {@code delete} a list of addresses, a
 * {@code commit} its record puts and deletes. Opening lists the log, loads the latest checkpoint
 * and replays the later entries in sequence order (reading only pack headers, with ranged gets)
 * into an in-memory index; a {@code get} is one ranged get.
 *
 * <p>A pack none of whose blocks is live is deleted. Once {@code checkpointEvery} deletes and
 * commits follow the last checkpoint, a new checkpoint (every record and every live block's place)
 * is written, then the entries it supersedes are deleted; a crash in between leaves entries that
 * the next opening skips and deletes. Puts run concurrently (each takes a sequence number and
 * indexes its blocks unless a later pack already holds them); deletes, commits and checkpoints run
 * one at a time, with no put in flight.
 *
 * <p>Single writer: one process at a time may open a given prefix. Object stores offer no
 * compare-and-swap, so a second writer would take the same sequence numbers and overwrite entries.
 */
final class ObjectBlockStore implements BlockStore {
  static final int DEFAULT_CHECKPOINT_EVERY = 128;
  /** The largest delete, commit or checkpoint object read back whole. */
  static final int MAX_ENTRY_BYTES = Integer.MAX_VALUE - 16;

  private static final Pattern ENTRY = Pattern.compile("(\\d{20})-(pack|delete|commit|checkpoint)");

  /** Where a live block's value lies. */
  private record Location(long pack, long offset, int length, int crc) {}

  /** A log object this store keeps, with its size; {@code live} counts a pack's indexed blocks. */
  private static final class Entry {
    final long sequence;
    final String kind;
    final long size;
    int live;

    Entry(long sequence, String kind, long size) {
      this.sequence = sequence;
      this.kind = kind;
      this.size = size;
    }
  }

  private final ObjectStore objects;
  private final String logPrefix;
  private final int checkpointEvery;
  private final Map<BlockAddress, Location> index = new ConcurrentHashMap<>();
  private final Map<String, byte[]> records = new HashMap<>();
  /** Every log object kept, by sequence; guarded by {@code this}. */
  private final TreeMap<Long, Entry> log = new TreeMap<>();
  private final AtomicLong nextSequence = new AtomicLong();
  /** Puts hold the read lock; deletes, commits and checkpoints the write lock. */
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private long checkpoint = -1;
  private int sinceCheckpoint;

  private ObjectBlockStore(ObjectStore objects, String prefix, int checkpointEvery) {
    this.objects = objects;
    this.logPrefix = prefix + "/log/";
    this.checkpointEvery = checkpointEvery;
  }

  static ObjectBlockStore open(ObjectStore objects, String prefix, int checkpointEvery) throws IOException {
    ObjectKey.of(prefix + "/log/x");
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpoint interval " + checkpointEvery + " is not positive");
    }
    ObjectBlockStore store = new ObjectBlockStore(objects, prefix, checkpointEvery);
    store.replay();
    return store;
  }

  /**
   * {@link BlockStore#repairObjects}: replays every log entry that reads back, newest intact
   * checkpoint first, skipping and deleting the damaged ones; then writes a checkpoint of what was
   * kept, which supersedes everything before it. An intact log is left as it is.
   */
  static RepairReport repair(ObjectStore objects, String prefix) throws IOException {
    ObjectBlockStore store = new ObjectBlockStore(objects, prefix, DEFAULT_CHECKPOINT_EVERY);
    List<String> lost = new ArrayList<>();
    long kept = store.salvage(lost);
    int checked;
    synchronized (store) {
      checked = store.log.size();
    }
    if (!lost.isEmpty()) {
      store.sinceCheckpoint = store.checkpointEvery;
      store.checkpointIfDue();
      store.deleteEmptiedPacks();
    }
    return new RepairReport(checked, kept, lost);
  }

  /** As {@link #replay}, but every damaged entry is described in {@code lost}, deleted and skipped; returns the entries kept. */
  private long salvage(List<String> lost) throws IOException {
    List<Entry> damaged = new ArrayList<>();
    synchronized (this) {
      for (ObjectInfo info : objects.listAll(logPrefix)) {
        Matcher match = ENTRY.matcher(info.key().value().substring(logPrefix.length()));
        long sequence = match.matches() ? Long.parseLong(match.group(1)) : -1;
        if (sequence < 0 || sequence == Long.MAX_VALUE || log.containsKey(sequence)) {
          lost.add("object " + info.key() + " is no log entry, or shares its sequence number (deleted)");
          objects.delete(info.key());
          continue;
        }
        log.put(sequence, new Entry(sequence, match.group(2), info.size()));
        nextSequence.set(sequence + 1);
      }
    }
    long kept = 0;
    Map<BlockAddress, Long> vanished = new HashMap<>();
    for (Entry entry : new ArrayList<>(log.descendingMap().values())) {
      if (entry.kind.equals("checkpoint")) {
        try {
          vanished = loadCheckpoint(entry);
          kept++;
          break;
        } catch (IOException e) {
          lost.add(e.getMessage() + " (every record and block only it listed is lost)");
          damaged.add(entry);
          records.clear();
          index.clear();
          log.values().forEach(pack -> pack.live = 0);
        }
      }
    }
    for (Entry entry : log.tailMap(checkpoint, false).values()) {
      if (damaged.contains(entry)) {
        continue; // a damaged checkpoint newer than the one loaded
      }
      try {
        replay(entry, vanished);
        kept++;
      } catch (IOException e) {
        lost.add(e.getMessage() + " (skipped and deleted)");
        damaged.add(entry);
      }
    }
    if (!vanished.isEmpty()) {
      lost.add(vanished.size() + " blocks the checkpoint lists are in packs that are gone (dropped)");
      vanished.keySet().forEach(index::remove);
    }
    for (Entry entry : damaged) {
      deleteEntry(entry);
    }
    return kept;
  }

  private String key(long sequence, String kind) {
    return logPrefix + String.format("%020d-%s", sequence, kind);
  }

  private ObjectKey objectKey(Entry entry) {
    return ObjectKey.of(key(entry.sequence, entry.kind));
  }

  // ---- opening

  private synchronized void replay() throws IOException {
    for (ObjectInfo info : objects.listAll(logPrefix)) {
      String name = info.key().value().substring(logPrefix.length());
      Matcher match = ENTRY.matcher(name);
      if (!match.matches()) {
        throw new IOException("object " + info.key() + " in the block store log is not a log entry");
      }
      long sequence = Long.parseLong(match.group(1));
      if (sequence == Long.MAX_VALUE) {
        throw new IOException("log object " + info.key() + " has no sequence number after it");
      }
      if (log.put(sequence, new Entry(sequence, match.group(2), info.size())) != null) {
        throw new IOException("log object " + info.key() + " shares its sequence number with another");
      }
      nextSequence.set(sequence + 1);
    }
    Entry last = null;
    for (Entry entry : log.values()) {
      if (entry.kind.equals("checkpoint")) {
        last = entry;
      }
    }
    Map<BlockAddress, Long> vanished = last == null ? new HashMap<>() : loadCheckpoint(last);
    for (Entry entry : log.tailMap(checkpoint, false).values()) {
      replay(entry, vanished);
      sinceCheckpoint += entry.kind.equals("pack") ? 0 : 1;
    }
    if (!vanished.isEmpty()) {
      Map.Entry<BlockAddress, Long> lost = vanished.entrySet().iterator().next();
      throw new IOException("block " + lost.getKey() + " of the block store under " + logPrefix + " is lost: pack "
          + key(lost.getValue(), "pack") + " is missing (" + vanished.size() + " blocks in all)");
    }
    // finish what a crash interrupted: entries a checkpoint superseded, packs with nothing live
    deleteSuperseded();
    deleteEmptiedPacks();
  }

  /** Replays one pack, delete or commit entry after the checkpoint into the index and records. */
  private void replay(Entry entry, Map<BlockAddress, Long> vanished) throws IOException {
    String key = key(entry.sequence, entry.kind);
    switch (entry.kind) {
      case "pack" -> {
        for (ObjectLog.Slot slot : readPackTable(entry)) {
          vanished.remove(slot.address());
          index(slot.address(), new Location(entry.sequence, slot.offset(), slot.length(), slot.crc()));
        }
      }
      case "delete" -> {
        for (BlockAddress address : ObjectLog.readDelete(key, readWhole(entry))) {
          vanished.remove(address);
          unindex(address);
        }
      }
      case "commit" -> {
        ObjectLog.Commit commit = ObjectLog.readCommit(key, readWhole(entry));
        MemoryBlockStore.apply(records, commit.puts(), commit.deletes());
      }
      default -> throw new IOException("log object " + key + " is a checkpoint older than another it follows");
    }
  }

  /**
   * With no put in flight (while opening, or under the write lock): deletes every pack none of
   * whose blocks is live, including one a concurrent put of the same block left behind.
   */
  private void deleteEmptiedPacks() throws IOException {
    List<Entry> emptied = new ArrayList<>();
    synchronized (this) {
      for (Entry entry : log.values()) {
        if (entry.kind.equals("pack") && entry.live == 0) {
          emptied.add(entry);
        }
      }
    }
    for (Entry pack : emptied) {
      deleteEntry(pack);
    }
  }

  /**
   * Loads the records and index a checkpoint holds. Returns the blocks whose pack is gone: a pack
   * is deleted only once a later entry deleted or re-put all its blocks, so replay must account
   * for each of them.
   */
  private Map<BlockAddress, Long> loadCheckpoint(Entry entry) throws IOException {
    String key = key(entry.sequence, entry.kind);
    ObjectLog.Checkpoint loaded = ObjectLog.readCheckpoint(key, readWhole(entry));
    records.putAll(loaded.records());
    Map<BlockAddress, Long> vanished = new HashMap<>();
    for (ObjectLog.Located block : loaded.blocks()) {
      Entry pack = log.get(block.pack());
      if (pack == null) {
        vanished.put(block.address(), block.pack());
        continue;
      }
      if (!pack.kind.equals("pack") || block.pack() > entry.sequence
          || block.offset() < ObjectLog.PACK_PREFIX || block.offset() + block.length() > pack.size) {
        throw new IOException("log object " + key + " is corrupt: block " + block.address()
            + " lies outside pack " + block.pack());
      }
      index(block.address(), new Location(block.pack(), block.offset(), block.length(), block.crc()));
    }
    checkpoint = entry.sequence;
    return vanished;
  }

  private List<ObjectLog.Slot> readPackTable(Entry entry) throws IOException {
    ObjectKey key = objectKey(entry);
    byte[] prefix = readRange(key, 0, ObjectLog.PACK_PREFIX);
    int count = ObjectLog.packCount(key.value(), prefix, entry.size);
    byte[] table = readRange(key, ObjectLog.PACK_PREFIX, ObjectLog.PACK_ENTRY * count + ObjectLog.CRC);
    return ObjectLog.packSlots(key.value(), prefix, table, count, entry.size);
  }

  private byte[] readWhole(Entry entry) throws IOException {
    if (entry.size > MAX_ENTRY_BYTES) {
      throw new IOException("log object " + objectKey(entry) + " of " + entry.size + " bytes is larger than the "
          + MAX_ENTRY_BYTES + " bytes allowed");
    }
    return objects.readAllBytes(objectKey(entry), (int) entry.size);
  }

  private byte[] readRange(ObjectKey key, long offset, int length) throws IOException {
    try (InputStream in = objects.get(key, offset, length)) {
      byte[] bytes = in.readNBytes(length);
      if (bytes.length != length) {
        throw new IOException("log object " + key + " is cut short: " + bytes.length + " of " + length
            + " bytes at offset " + offset);
      }
      return bytes;
    }
  }

  // ---- the index, guarded by this

  private synchronized void index(BlockAddress address, Location location) {
    Location old = index.get(address);
    if (old != null && old.pack() > location.pack()) {
      return; // a later pack holds it already: replay keeps the later one too
    }
    index.put(address, location);
    log.get(location.pack()).live++;
    if (old != null) {
      log.get(old.pack()).live--;
    }
  }

  /** Removes an address from the index, if it is there. */
  private synchronized void unindex(BlockAddress address) {
    Location old = index.remove(address);
    if (old != null) {
      log.get(old.pack()).live--;
    }
  }

  private void deleteEntry(Entry entry) throws IOException {
    objects.delete(objectKey(entry));
    synchronized (this) {
      log.remove(entry.sequence);
    }
  }

  /** Deletes every checkpoint, delete and commit entry older than the latest checkpoint. */
  private void deleteSuperseded() throws IOException {
    List<Entry> superseded;
    synchronized (this) {
      superseded = new ArrayList<>();
      for (Entry entry : log.headMap(checkpoint, false).values()) {
        if (!entry.kind.equals("pack")) {
          superseded.add(entry);
        }
      }
    }
    for (Entry entry : superseded) {
      deleteEntry(entry);
    }
  }

  // ---- writing

  /** Writes one log object; on return it is durable, and it is kept in the log. */
  private Entry write(long sequence, String kind, InputStream content, long size) throws IOException {
    objects.put(ObjectKey.of(key(sequence, kind)), content, size);
    Entry entry = new Entry(sequence, kind, size);
    synchronized (this) {
      log.put(sequence, entry);
    }
    return entry;
  }

  private Entry write(String kind, byte[] content) throws IOException {
    return write(nextSequence.getAndIncrement(), kind, new ByteArrayInputStream(content), content.length);
  }

  @Override
  public void put(Map<BlockAddress, byte[]> blocks) throws IOException {
    if (blocks.size() > ObjectLog.MAX_PACK_BLOCKS) {
      throw new IllegalArgumentException("a put of " + blocks.size() + " blocks is more than the "
          + ObjectLog.MAX_PACK_BLOCKS + " one pack holds");
    }
    lock.readLock().lock();
    try {
      List<Map.Entry<BlockAddress, byte[]>> fresh = new ArrayList<>();
      for (Map.Entry<BlockAddress, byte[]> block : blocks.entrySet()) {
        if (!index.containsKey(block.getKey())) {
          fresh.add(block);
        }
      }
      if (fresh.isEmpty()) {
        return;
      }
      byte[] header = ObjectLog.packHeader(fresh);
      List<InputStream> parts = new ArrayList<>(fresh.size() + 1);
      parts.add(new ByteArrayInputStream(header));
      long size = header.length;
      for (Map.Entry<BlockAddress, byte[]> block : fresh) {
        parts.add(new ByteArrayInputStream(block.getValue()));
        size += block.getValue().length;
      }
      long sequence = nextSequence.getAndIncrement();
      write(sequence, "pack", new SequenceInputStream(Collections.enumeration(parts)), size);
      long offset = header.length;
      for (Map.Entry<BlockAddress, byte[]> block : fresh) {
        index(block.getKey(), new Location(sequence, offset, block.getValue().length, ObjectLog.crc(block.getValue())));
        offset += block.getValue().length;
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public byte[] get(BlockAddress address) throws IOException {
    Location location = index.get(address);
    if (location == null) {
      return null;
    }
    ObjectKey key = ObjectKey.of(key(location.pack(), "pack"));
    try {
      return ObjectLog.checked(key.value(), address, location.offset(),
          readRange(key, location.offset(), location.length()), location.crc());
    } catch (NoSuchObjectException e) {
      // the pack was deleted meanwhile: the block was deleted, or is held by a later pack
      Location now = index.get(address);
      if (location.equals(now)) {
        throw new IOException("pack " + key + " holding block " + address + " is missing", e);
      }
      return now == null ? null : get(address);
    }
  }

  @Override
  public boolean contains(BlockAddress address) {
    return index.containsKey(address);
  }

  @Override
  public void delete(Collection<BlockAddress> addresses) throws IOException {
    lock.writeLock().lock();
    try {
      Set<BlockAddress> present = new java.util.LinkedHashSet<>();
      for (BlockAddress address : addresses) {
        if (index.containsKey(address)) {
          present.add(address);
        }
      }
      if (present.isEmpty()) {
        return;
      }
      write("delete", ObjectLog.delete(present));
      present.forEach(this::unindex);
      sinceCheckpoint++;
      deleteEmptiedPacks();
      checkpointIfDue();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Set<BlockAddress> addresses() {
    return Set.copyOf(index.keySet());
  }

  @Override
  public synchronized long storedBytes() {
    long bytes = 0;
    for (Entry entry : log.values()) {
      bytes += entry.size;
    }
    return bytes;
  }

  @Override
  public void commit(Map<String, byte[]> puts, Collection<String> deletes) throws IOException {
    if (puts.isEmpty() && deletes.isEmpty()) {
      return;
    }
    byte[] entry = ObjectLog.commit(puts, deletes);
    lock.writeLock().lock();
    try {
      write("commit", entry);
      synchronized (this) {
        MemoryBlockStore.apply(records, puts, deletes);
      }
      sinceCheckpoint++;
      checkpointIfDue();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Under the write lock: writes a checkpoint once enough entries follow the last, and trims the log. */
  private void checkpointIfDue() throws IOException {
    if (sinceCheckpoint < checkpointEvery) {
      return;
    }
    byte[] content;
    synchronized (this) {
      List<ObjectLog.Located> blocks = new ArrayList<>(index.size());
      index.forEach((address, at) -> blocks.add(
          new ObjectLog.Located(address, at.pack(), at.offset(), at.length(), at.crc())));
      content = ObjectLog.checkpoint(records, blocks);
    }
    Entry written = write("checkpoint", content);
    synchronized (this) {
      checkpoint = written.sequence;
      sinceCheckpoint = 0;
    }
    deleteSuperseded();
  }

  @Override
  public synchronized Map<String, byte[]> records() {
    return MemoryBlockStore.copyOf(records);
  }

  /** Closes the object store too: this store owns it. */
  @Override
  public void close() throws IOException {
    objects.close();
  }
}
