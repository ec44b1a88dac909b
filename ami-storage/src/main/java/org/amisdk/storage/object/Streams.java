package org.amisdk.storage.object;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stream helpers shared by the local backends: exact-length copies and digest checks. */
final class Streams {
  private static final int BUFFER = 64 * 1024;

  private Streams() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  static void checkLength(String what, long length) {
    if (length < 0) {
      throw new IllegalArgumentException(what + " has a negative declared length " + length);
    }
  }

  /**
   * Copies exactly {@code length} bytes of {@code in} to {@code out}, updating {@code digest}.
   *
   * @throws IOException naming {@code what} if the stream ends early or holds more
   */
  static void copyExactly(InputStream in, long length, OutputStream out, MessageDigest digest, String what)
      throws IOException {
    byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(length, 1))];
    long done = 0;
    while (done < length) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - done));
      if (n < 0) {
        throw new IOException(what + " is shorter than declared: the stream ended after " + done
            + " of " + length + " bytes");
      }
      digest.update(buffer, 0, n);
      out.write(buffer, 0, n);
      done += n;
    }
    if (in.read() != -1) {
      throw new IOException(what + " is longer than declared: the stream holds more than " + length + " bytes");
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Wraps {@code in} so that reaching its end checks the content's SHA-256 against {@code expected}. */
  static InputStream verifying(InputStream in, byte[] expected, String what) {
    return new FilterInputStream(in) {
      private final MessageDigest digest = sha256();
      private boolean checked;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          check();
        } else {
          digest.update((byte) b);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
          check();
        } else {
          digest.update(b, off, n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        // every byte must be digested: skip by reading
        byte[] discard = new byte[(int) Math.min(BUFFER, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
          int r = read(discard, 0, (int) Math.min(discard.length, n - skipped));
          if (r < 0) {
            break;
          }
          skipped += r;
        }
        return skipped;
      }

      @Override
      public boolean markSupported() {
        return false;
      }

      private void check() throws IOException {
        if (!checked) {
          checked = true;
          byte[] actual = digest.digest();
          if (!MessageDigest.isEqual(actual, expected)) {
            throw new CorruptObjectException(what + " is corrupt: its SHA-256 is " + hex(actual)
                + ", not " + hex(expected));
          }
        }
      }
    };
  }
}
