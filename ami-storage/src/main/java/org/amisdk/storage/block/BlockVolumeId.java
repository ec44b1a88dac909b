package org.amisdk.storage.block;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The storage-level id of a volume: {@code v-} and 16 hex digits. {@code parse(id.toString())
 * .equals(id)} always.
 */
public record BlockVolumeId(String value) {
  private static final Pattern FORMAT = Pattern.compile("v-[0-9a-f]{16}");

  /** Checks the format. */
  public BlockVolumeId {
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("volume id '" + value + "' is not v- and 16 hex digits");
    }
  }

  /** Parses an id as {@link #toString()} writes it. */
  public static BlockVolumeId parse(String value) {
    return new BlockVolumeId(value);
  }

  static BlockVolumeId random() {
    return new BlockVolumeId(String.format("v-%016x", ThreadLocalRandom.current().nextLong()));
  }

  @Override
  public String toString() {
    return value;
  }
}
