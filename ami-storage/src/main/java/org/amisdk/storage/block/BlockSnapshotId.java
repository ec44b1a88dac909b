package org.amisdk.storage.block;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The storage-level id of a snapshot: {@code s-} and 16 hex digits. Not an EC2 id: the control
 * plane maps its own ids onto these. {@code parse(id.toString()).equals(id)} always.
 */
public record BlockSnapshotId(String value) {
  private static final Pattern FORMAT = Pattern.compile("s-[0-9a-f]{16}");

  /** Checks the format. */
  public BlockSnapshotId {
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("snapshot id '" + value + "' is not s- and 16 hex digits");
    }
  }

  /** Parses an id as {@link #toString()} writes it. */
  public static BlockSnapshotId parse(String value) {
    return new BlockSnapshotId(value);
  }

  static BlockSnapshotId random() {
    return new BlockSnapshotId(String.format("s-%016x", ThreadLocalRandom.current().nextLong()));
  }

  @Override
  public String toString() {
    return value;
  }
}
