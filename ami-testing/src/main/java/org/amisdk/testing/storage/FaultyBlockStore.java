package org.amisdk.testing.storage;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.amisdk.storage.block.BlockAddress;
import org.amisdk.storage.block.BlockStore;

/**
 * A {@link BlockStore} that forwards to another and fails or stalls on cue ({@link #faults()}):
 * for testing what a tool does when storage fails half-way. Bytes counted are the values put and
 * got and the records committed and read. Closing closes the wrapped store.
 */
public final class FaultyBlockStore implements BlockStore {
  private final BlockStore delegate;
  private final Faults faults = new Faults();

  private FaultyBlockStore(BlockStore delegate) {
    this.delegate = delegate;
  }

  /** Wraps {@code delegate}; no fault is set until told. */
  public static FaultyBlockStore wrap(BlockStore delegate) {
    return new FaultyBlockStore(java.util.Objects.requireNonNull(delegate, "delegate"));
  }

  /** Where faults are set and calls and bytes counted. */
  public Faults faults() {
    return faults;
  }

  @Override
  public void put(Map<BlockAddress, byte[]> blocks) throws IOException {
    faults.call("put of " + blocks.size() + " blocks");
    faults.bytes("put of " + blocks.size() + " blocks", blocks.values().stream().mapToLong(v -> v.length).sum());
    delegate.put(blocks);
  }

  @Override
  public byte[] get(BlockAddress address) throws IOException {
    faults.call("get of block " + address);
    byte[] value = delegate.get(address);
    faults.bytes("get of block " + address, value == null ? 0 : value.length);
    return value;
  }

  @Override
  public boolean contains(BlockAddress address) throws IOException {
    faults.call("contains of block " + address);
    return delegate.contains(address);
  }

  @Override
  public void delete(Collection<BlockAddress> addresses) throws IOException {
    faults.call("delete of " + addresses.size() + " blocks");
    delegate.delete(addresses);
  }

  @Override
  public Set<BlockAddress> addresses() throws IOException {
    faults.call("addresses");
    return delegate.addresses();
  }

  @Override
  public long storedBytes() throws IOException {
    faults.call("storedBytes");
    return delegate.storedBytes();
  }

  @Override
  public void commit(Map<String, byte[]> puts, Collection<String> deletes) throws IOException {
    String what = "commit of " + puts.size() + " records";
    faults.call(what);
    faults.bytes(what, puts.values().stream().mapToLong(v -> v.length).sum());
    delegate.commit(puts, deletes);
  }

  @Override
  public Map<String, byte[]> records() throws IOException {
    faults.call("records");
    Map<String, byte[]> records = delegate.records();
    faults.bytes("records", records.values().stream().mapToLong(v -> v.length).sum());
    return records;
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
