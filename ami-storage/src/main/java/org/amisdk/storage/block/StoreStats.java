package org.amisdk.storage.block;

/**
 * The size of a whole store: the distinct non-zero blocks all snapshots and volumes reference,
 * their logical bytes (blocks × 512 KiB) and the bytes really on the backend (compressed, with
 * overhead).
 */
public record StoreStats(long blocks, long logicalBytes, long storedBytes) {}
