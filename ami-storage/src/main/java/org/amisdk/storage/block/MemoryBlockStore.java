package org.amisdk.storage.block;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link BlockStore#inMemory()}: two concurrent maps; copies values in and out. */
final class MemoryBlockStore implements BlockStore {
  private final Map<BlockAddress, byte[]> blocks = new ConcurrentHashMap<>();
  private final Map<String, byte[]> records = new HashMap<>();

  @Override
  public void put(Map<BlockAddress, byte[]> values) {
    values.forEach((address, value) -> blocks.put(address, value.clone()));
  }

  @Override
  public byte[] get(BlockAddress address) {
    byte[] value = blocks.get(address);
    return value == null ? null : value.clone();
  }

  @Override
  public long storedSize(BlockAddress address) {
    byte[] value = blocks.get(address);
    return value == null ? 0 : value.length;
  }

  @Override
  public boolean contains(BlockAddress address) {
    return blocks.containsKey(address);
  }

  @Override
  public void delete(Collection<BlockAddress> addresses) {
    addresses.forEach(blocks::remove);
  }

  @Override
  public Set<BlockAddress> addresses() {
    return Set.copyOf(blocks.keySet());
  }

  @Override
  public long storedBytes() {
    return blocks.values().stream().mapToLong(value -> value.length).sum();
  }

  @Override
  public synchronized void commit(Map<String, byte[]> puts, Collection<String> deletes) {
    apply(records, puts, deletes);
  }

  @Override
  public synchronized Map<String, byte[]> records() {
    return copyOf(records);
  }

  /** Applies a commit to a map of records, copying the values in. */
  static void apply(Map<String, byte[]> records, Map<String, byte[]> puts, Collection<String> deletes) {
    deletes.forEach(records::remove);
    puts.forEach((name, value) -> records.put(name, value.clone()));
  }

  /** A copy of a map of records whose values are copies too. */
  static Map<String, byte[]> copyOf(Map<String, byte[]> records) {
    Map<String, byte[]> copy = new HashMap<>();
    records.forEach((name, value) -> copy.put(name, value.clone()));
    return copy;
  }

  @Override
  public void close() {}
}
