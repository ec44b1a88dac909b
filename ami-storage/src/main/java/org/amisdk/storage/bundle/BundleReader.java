package org.amisdk.storage.bundle;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.crypto.SecretKey;
import org.amisdk.storage.OperationCancelledException;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.object.CorruptObjectException;
import org.amisdk.storage.object.NoSuchObjectException;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;

/**
 * Unbundling: the manifest is read and checked, then the parts are fetched in order (the next one
 * while the current one is decompressed), each checked for length, digest and tag, and the
 * decompressed image is counted, and digested and written in order by a writer thread while the
 * next chunk is decompressed (never after unbundling returns). Memory: two parts and a few chunks.
 */
final class BundleReader {
  /** The size of each chunk of the image handed to the sink; only the last one may be shorter. */
  static final int DECOMPRESSED_CHUNK = 256 * 1024;
  private static final int WRITES_IN_FLIGHT = 8;

  private BundleReader() {}

  static BundleManifest manifest(ObjectStore store, ObjectKey prefix) throws IOException {
    ObjectKey key = ObjectKey.of(ManifestCodec.manifestKey(prefix));
    byte[] json;
    try {
      json = store.readAllBytes(key, ManifestCodec.MAX_MANIFEST_BYTES);
    } catch (NoSuchObjectException e) {
      throw new NoSuchObjectException(key.value(), "bundle " + prefix + " does not exist: it has no manifest " + key, e);
    }
    return ManifestCodec.read(json, prefix);
  }

  /** Where the image goes: its chunks in order, on the writer thread. */
  @FunctionalInterface
  interface ImageSink {
    void accept(byte[] chunk, int length) throws IOException;
  }

  static BundleManifest read(ObjectStore store, ObjectKey prefix, Optional<SecretKey> key, ImageSink out,
      ProgressListener progress) throws IOException {
    BundleManifest manifest = manifest(store, prefix);
    Optional<SecretKey> dataKey = Optional.empty();
    if (manifest.encryption().isPresent()) {
      SecretKey wrappingKey = key.orElseThrow(() -> new IllegalArgumentException(
          "bundle " + prefix + " is encrypted: a key is needed to unbundle it"));
      BundleCrypto.checkWrappingKey(wrappingKey);
      dataKey = Optional.of(BundleCrypto.unwrap(wrappingKey, manifest, prefix.value()));
    }
    ExecutorService fetcher = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "amisdk-unbundle-" + prefix);
      thread.setDaemon(true);
      return thread;
    });
    ExecutorService sink = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "amisdk-unbundle-write-" + prefix);
      thread.setDaemon(true);
      return thread;
    });
    ArrayDeque<Future<byte[]>> writes = new ArrayDeque<>();
    try (PartStream parts = new PartStream(store, prefix.value(), manifest, dataKey, fetcher)) {
      MessageDigest digest = BundleWriter.sha256();
      long done = 0;
      try (InputStream image = decompressor(manifest.compression(), parts, prefix)) {
        ArrayDeque<byte[]> free = new ArrayDeque<>();
        while (true) {
          byte[] buffer = free.isEmpty() ? new byte[DECOMPRESSED_CHUNK] : free.poll();
          int n = readDecompressed(image, buffer, prefix);
          if (n <= 0) {
            break;
          }
          done += n;
          if (done > manifest.imageSize()) {
            throw new InvalidBundleException("bundle " + prefix + " decompresses to more than its declared "
                + manifest.imageSize() + " bytes");
          }
          writes.add(sink.submit(() -> { // in order, while the next chunk is decompressed
            digest.update(buffer, 0, n);
            out.accept(buffer, n);
            return buffer;
          }));
          while (writes.size() >= WRITES_IN_FLIGHT) {
            free.add(BundleWriter.await(writes.poll(), "unbundling"));
          }
          if (!progress.progress("unbundle", done, manifest.imageSize())) {
            throw new OperationCancelledException("unbundling " + prefix + " was cancelled after " + done + " bytes");
          }
        }
        parts.drain(); // every part is checked, even bytes the decompressor did not need
        while (!writes.isEmpty()) {
          BundleWriter.await(writes.poll(), "unbundling");
        }
      }
      if (done != manifest.imageSize()) {
        throw new InvalidBundleException("bundle " + prefix + " decompresses to " + done + " bytes, not its declared "
            + manifest.imageSize());
      }
      String sha = HexFormat.of().formatHex(digest.digest());
      if (!sha.equals(manifest.imageSha256())) {
        throw new InvalidBundleException("bundle " + prefix + " decompresses to an image whose SHA-256 is " + sha
            + ", not the manifest's " + manifest.imageSha256());
      }
      return manifest;
    } finally {
      fetcher.shutdownNow();
      stop(sink, writes);
    }
  }

  /** Drops the writes not started and waits for the one running, so {@code out} is never written after a return. */
  private static void stop(ExecutorService sink, ArrayDeque<Future<byte[]>> writes) {
    for (Future<byte[]> write : writes) {
      write.cancel(false);
    }
    sink.shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        if (sink.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static InputStream decompressor(Compression compression, InputStream parts, ObjectKey prefix)
      throws IOException {
    try {
      return compression == Compression.GZIP ? new GZIPInputStream(parts, 64 * 1024) : new ZstdInputStream(parts);
    } catch (InvalidBundleException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidBundleException("bundle " + prefix + " is not valid " + compression.manifestName() + ": "
          + e.getMessage(), e);
    }
  }

  private static int readDecompressed(InputStream image, byte[] buffer, ObjectKey prefix) throws IOException {
    try {
      return image.readNBytes(buffer, 0, buffer.length);
    } catch (InvalidBundleException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidBundleException("bundle " + prefix + " does not decompress: " + e.getMessage(), e);
    }
  }

  /** The parts' plain bytes in order, each verified before any of its bytes is returned. */
  private static final class PartStream extends InputStream {
    private final ObjectStore store;
    private final String bundle;
    private final BundleManifest manifest;
    private final Optional<SecretKey> dataKey;
    private final ExecutorService fetcher;
    private final List<BundlePart> parts;
    private int nextIndex;
    private CompletableFuture<byte[]> next;
    private byte[] current = new byte[0];
    private int position;

    PartStream(ObjectStore store, String bundle, BundleManifest manifest, Optional<SecretKey> dataKey,
        ExecutorService fetcher) {
      this.store = store;
      this.bundle = bundle;
      this.manifest = manifest;
      this.dataKey = dataKey;
      this.fetcher = fetcher;
      this.parts = manifest.parts();
      prefetch();
    }

    private void prefetch() {
      if (nextIndex < parts.size()) {
        BundlePart part = parts.get(nextIndex++);
        next = CompletableFuture.supplyAsync(() -> {
          try {
            return fetch(part);
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        }, fetcher);
      } else {
        next = null;
      }
    }

    private byte[] fetch(BundlePart part) throws IOException {
      byte[] stored;
      boolean longer;
      try (InputStream in = store.get(part.key())) {
        stored = in.readNBytes((int) part.size());
        longer = in.read() != -1;
      } catch (NoSuchObjectException e) {
        throw new InvalidBundleException("part " + part.number() + " of bundle " + bundle + " is missing: no object "
            + part.key(), e);
      } catch (CorruptObjectException e) {
        throw new InvalidBundleException("part " + part.number() + " of bundle " + bundle + " is corrupt in the store: "
            + e.getMessage(), e);
      }
      if (stored.length < part.size()) {
        throw new InvalidBundleException("part " + part.number() + " of bundle " + bundle + " is truncated: it holds "
            + stored.length + " bytes, the manifest says " + part.size());
      }
      if (longer) {
        throw new InvalidBundleException("part " + part.number() + " of bundle " + bundle
            + " is longer than the manifest's " + part.size() + " bytes");
      }
      String sha = HexFormat.of().formatHex(BundleWriter.sha256().digest(stored));
      if (!sha.equals(part.sha256())) {
        throw new InvalidBundleException("part " + part.number() + " of bundle " + bundle + " has SHA-256 " + sha
            + ", not the manifest's " + part.sha256());
      }
      return dataKey.isPresent()
          ? BundleCrypto.decryptPart(dataKey.get(), manifest.bundleId(), part.number(), stored, bundle)
          : stored;
    }

    /** Moves to the next part if the current one is used up; false at the end of the last part. */
    private boolean advance() throws IOException {
      while (position == current.length) {
        if (next == null) {
          return false;
        }
        try {
          current = next.join();
        } catch (CompletionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          throw e;
        }
        position = 0;
        prefetch();
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      return advance() ? current[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!advance()) {
        return -1;
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      return n;
    }

    /** Truthful, so that GZIPInputStream looks for a next member across part boundaries. */
    @Override
    public int available() {
      int here = current.length - position;
      return here > 0 ? here : (next != null ? 1 : 0);
    }

    void drain() throws IOException {
      while (advance()) {
        position = current.length;
      }
    }

    @Override
    public void close() {
      if (next != null) {
        next.cancel(true);
      }
    }
  }
}
