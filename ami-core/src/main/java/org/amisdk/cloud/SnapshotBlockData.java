package org.amisdk.cloud;

/**
 * GetSnapshotBlock's answer: the 524,288 bytes of one block and their base64 SHA-256.
 *
 * @param data the block's bytes (a fresh array the caller owns)
 * @param checksum the base64 SHA-256 of {@code data}
 */
public record SnapshotBlockData(byte[] data, String checksum) {}
