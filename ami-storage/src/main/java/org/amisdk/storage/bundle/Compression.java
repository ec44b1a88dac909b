package org.amisdk.storage.bundle;

import java.util.Locale;

/** How a bundle's image is compressed. Both are streams of independent members or frames. */
public enum Compression {
  /** gzip (deflate level 6), as EC2's bundling tools use; a concatenation of gzip members. */
  GZIP,
  /** zstd level 3; a concatenation of zstd frames. Several times faster than gzip. */
  ZSTD;

  /** The name used in manifests: {@code gzip} or {@code zstd}. */
  public String manifestName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Compression fromManifestName(String name) {
    for (Compression c : values()) {
      if (c.manifestName().equals(name)) {
        return c;
      }
    }
    return null;
  }
}
