package org.amisdk.storage.block;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The address of a stored block: the SHA-256 of its 524,288 uncompressed bytes. Its
 * {@link #toString()} is 64 lower-case hex digits and {@link #parse} reads it back.
 */
public final class BlockAddress implements Comparable<BlockAddress> {
  /** The length of an address in bytes. */
  public static final int BYTES = 32;

  private final byte[] hash;
  private final int hashCode;

  private BlockAddress(byte[] hash) {
    this.hash = hash;
    this.hashCode = Arrays.hashCode(hash);
  }

  /** The address of {@code length} bytes of {@code data} from {@code offset}. */
  public static BlockAddress of(byte[] data, int offset, int length) {
    MessageDigest digest = sha256();
    digest.update(data, offset, length);
    return new BlockAddress(digest.digest());
  }

  /** The address whose digest {@code digest} has accumulated; resets the digest. */
  static BlockAddress of(MessageDigest digest) {
    return new BlockAddress(digest.digest());
  }

  /** The address with these 32 digest bytes. */
  public static BlockAddress fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("block address length " + bytes.length + " is not " + BYTES + " bytes");
    }
    return new BlockAddress(bytes.clone());
  }

  /** Parses 64 hex digits, as {@link #toString()} writes them. */
  public static BlockAddress parse(String hex) {
    if (hex.length() != 2 * BYTES) {
      throw new IllegalArgumentException("block address '" + hex + "' is not 64 hex digits");
    }
    try {
      return new BlockAddress(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("block address '" + hex + "' is not 64 hex digits", e);
    }
  }

  /** Parses the base64 SHA-256 checksum the EBS direct APIs use. */
  public static BlockAddress fromBase64(String checksum) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(checksum);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checksum '" + checksum + "' is not base64", e);
    }
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("checksum '" + checksum + "' is not a base64 SHA-256");
    }
    return new BlockAddress(bytes);
  }

  /** The base64 SHA-256 checksum, as the EBS direct APIs write it. */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(hash);
  }

  /** A copy of the 32 digest bytes. */
  public byte[] toBytes() {
    return hash.clone();
  }

  void writeTo(byte[] target, int offset) {
    System.arraycopy(hash, 0, target, offset, BYTES);
  }

  static BlockAddress read(byte[] source, int offset) {
    return new BlockAddress(Arrays.copyOfRange(source, offset, offset + BYTES));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BlockAddress that && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public int compareTo(BlockAddress other) {
    return Arrays.compareUnsigned(hash, other.hash);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(hash);
  }
}
