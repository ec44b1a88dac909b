package org.amisdk.storage.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import org.amisdk.storage.bundle.ChunkCompressor.Compressed;
import org.amisdk.storage.OperationCancelledException;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.object.ObjectInfo;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;

/**
 * One bundling: the caller's thread reads the image in 1 MiB chunks and digests each; an all-zero
 * chunk takes the compressed member made once for it, any other goes to a pool to compress while
 * it is digested (at most {@value #CHUNKS_PER_THREAD} per thread in flight, zero chunks not
 * counted: the results are taken in order, and a shallower window leaves threads idle behind one
 * slow chunk). The caller's thread concatenates the results in order into part buffers; a second
 * pool encrypts and stores parts (at most four in flight), taking each part's SHA-256 from the
 * store when it digests what it writes. Chunk, output and part buffers are reused, so memory is
 * bounded by the part size and thread count, and bundling makes little garbage.
 */
final class BundleWriter {
  static final int CHUNK_SIZE = 1 << 20;
  private static final int PARTS_IN_FLIGHT = 4;
  private static final int CHUNKS_PER_THREAD = 8;
  /** At most this many chunks read and not yet appended, zero ones included (they hold no buffer). */
  private static final int MAX_PENDING = 4096;
  private static final String SHA256_DIGEST = ObjectInfo.sha256Digest("");

  private final ObjectStore store;
  private final ObjectKey prefix;
  private final BundleOptions options;
  private final ProgressListener progress;
  private final String bundleId = UUID.randomUUID().toString();
  private final Optional<SecretKey> dataKey;
  private final ChunkCompressor compressor;
  private final ConcurrentLinkedQueue<byte[]> chunkBuffers = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<byte[]> outputBuffers = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<byte[]> partBuffers = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<byte[]> sealedBuffers = new ConcurrentLinkedQueue<>();
  /** The chunks read and not yet appended, in order. */
  private final ArrayDeque<Pending> chunks = new ArrayDeque<>();
  private final ArrayDeque<Future<BundlePart>> partsInFlight = new ArrayDeque<>();
  private final List<BundlePart> parts = new ArrayList<>();
  private ExecutorService pool;
  /** Stores parts: mostly waiting on the disk or network, so it does not take compressing threads. */
  private ExecutorService storers;
  private byte[] part;
  private int partFill;
  private int partNumber;
  /** How many of {@link #chunks} the pool is compressing (zero chunks are done when read). */
  private int compressing;

  /** A chunk read: its compressed form, and whether the pool is making it (and holds a buffer). */
  private record Pending(Future<Compressed> member, boolean compressing) {}

  BundleWriter(ObjectStore store, ObjectKey prefix, BundleOptions options, ProgressListener progress) {
    this.store = store;
    this.prefix = prefix;
    this.options = options;
    this.progress = progress;
    this.dataKey = options.wrappingKey().map(k -> BundleCrypto.newDataKey());
    this.compressor = new ChunkCompressor(options.compression(), CHUNK_SIZE);
  }

  BundleManifest write(RawImageSource image) throws IOException {
    pool = Executors.newFixedThreadPool(options.threads(), runnable -> {
      Thread thread = new Thread(runnable, "amisdk-bundle-" + prefix);
      thread.setDaemon(true);
      return thread;
    });
    storers = Executors.newFixedThreadPool(PARTS_IN_FLIGHT, runnable -> {
      Thread thread = new Thread(runnable, "amisdk-bundle-store-" + prefix);
      thread.setDaemon(true);
      return thread;
    });
    try {
      String imageSha256 = readCompressAndStore(image);
      BundleManifest manifest = new BundleManifest(BundleManifest.VERSION, bundleId, image.size(), imageSha256,
          options.compression(), options.partSize(), Optional.empty(), parts);
      if (dataKey.isPresent()) {
        BundleManifest.WrappedKey wrapped =
            BundleCrypto.wrap(options.wrappingKey().orElseThrow(), dataKey.get(), BundleCrypto.keyAad(manifest));
        manifest = new BundleManifest(manifest.version(), bundleId, manifest.imageSize(), imageSha256,
            manifest.compression(), manifest.partSize(), Optional.of(wrapped), parts);
      }
      byte[] json = ManifestCodec.write(manifest);
      compressor.close(); // every chunk is compressed by now
      store.put(ObjectKey.of(ManifestCodec.manifestKey(prefix)), new ByteArrayInputStream(json), json.length);
      return manifest;
    } catch (IOException | RuntimeException | Error e) {
      pool.shutdownNow();
      storers.shutdownNow();
      if (awaitPools()) {
        compressor.close();
      }
      deleteParts(e);
      throw e;
    } finally {
      pool.shutdownNow();
      storers.shutdownNow();
    }
  }

  private String readCompressAndStore(RawImageSource image) throws IOException {
    long size = image.size();
    MessageDigest digest = sha256();
    try (InputStream in = image.open()) {
      long done = 0;
      int maxChunks = CHUNKS_PER_THREAD * options.threads();
      do {
        int length = (int) Math.min(CHUNK_SIZE, size - done);
        byte[] chunk = Optional.ofNullable(chunkBuffers.poll()).orElseGet(() -> new byte[CHUNK_SIZE]);
        int read = in.readNBytes(chunk, 0, length);
        if (read < length) {
          throw new IOException("raw image for bundle " + prefix + " is shorter than its declared size: it ended after "
              + (done + read) + " of " + size + " bytes");
        }
        done += length;
        if (compressor.isZero(chunk, length)) {
          chunks.add(new Pending(CompletableFuture.completedFuture(compressor.zeroMember(length)), false));
          digest.update(chunk, 0, length);
          chunkBuffers.offer(chunk);
        } else {
          compressing++;
          chunks.add(new Pending(pool.submit(() -> {
            try {
              byte[] out = Optional.ofNullable(outputBuffers.poll()).orElseGet(() -> new byte[compressor.outputSize()]);
              return compressor.compress(chunk, length, out);
            } finally {
              chunkBuffers.offer(chunk); // only this thread takes buffers, after digesting this one
            }
          }), true));
          digest.update(chunk, 0, length); // while the pool compresses the same bytes
        }
        while (!chunks.isEmpty() && chunks.peek().member().isDone()) {
          appendNext();
        }
        while (compressing >= maxChunks || chunks.size() >= MAX_PENDING) {
          appendNext();
        }
        if (!progress.progress("bundle", done, size)) {
          throw new OperationCancelledException("bundling " + prefix + " was cancelled after " + done + " of "
              + size + " bytes; its parts were deleted");
        }
      } while (done < size);
      if (in.read() != -1) {
        throw new IOException("raw image for bundle " + prefix + " is longer than its declared size of " + size + " bytes");
      }
    }
    while (!chunks.isEmpty()) {
      appendNext();
    }
    if (partFill > 0) {
      flushPart();
    }
    while (!partsInFlight.isEmpty()) {
      parts.add(await(partsInFlight.poll()));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Waits for the oldest chunk's compressed form and appends it, then reuses its output buffer. */
  private void appendNext() throws IOException {
    Pending next = chunks.poll();
    Compressed compressed = await(next.member());
    appendCompressed(compressed.bytes(), compressed.length());
    if (next.compressing()) {
      compressing--;
      outputBuffers.offer(compressed.bytes()); // a zero member is shared: never reused as a buffer
    }
  }

  private void appendCompressed(byte[] compressed, int length) throws IOException {
    int offset = 0;
    while (offset < length) {
      if (part == null) {
        part = Optional.ofNullable(partBuffers.poll()).orElseGet(() -> new byte[options.partSize()]);
        partFill = 0;
      }
      int n = Math.min(length - offset, part.length - partFill);
      System.arraycopy(compressed, offset, part, partFill, n);
      partFill += n;
      offset += n;
      if (partFill == part.length) {
        flushPart();
      }
    }
  }

  private void flushPart() throws IOException {
    if (partNumber == ManifestCodec.MAX_PARTS) {
      throw new IllegalArgumentException("bundle " + prefix + " needs more than " + ManifestCodec.MAX_PARTS
          + " parts of " + options.partSize() + " bytes, more than a manifest may list: choose a larger part size");
    }
    int number = ++partNumber;
    byte[] buffer = part;
    int length = partFill;
    part = null;
    partFill = 0;
    partsInFlight.add(storers.submit(() -> storePart(number, buffer, length)));
    while (partsInFlight.size() > PARTS_IN_FLIGHT) {
      parts.add(await(partsInFlight.poll()));
    }
  }

  private BundlePart storePart(int number, byte[] buffer, int length) throws IOException {
    byte[] stored = buffer;
    int storedLength = length;
    if (dataKey.isPresent()) {
      stored = Optional.ofNullable(sealedBuffers.poll())
          .orElseGet(() -> new byte[options.partSize() + BundleCrypto.OVERHEAD]);
      storedLength = BundleCrypto.encryptPart(dataKey.get(), bundleId, number, buffer, length, stored);
      partBuffers.offer(buffer);
    }
    ObjectKey key = ManifestCodec.partKey(prefix, number);
    ObjectInfo info = store.put(key, new ByteArrayInputStream(stored, 0, storedLength), storedLength);
    // the local stores and S3's single puts digest what they store: reuse their SHA-256
    String sha256 = info.digest().startsWith(SHA256_DIGEST) && info.digest().length() == SHA256_DIGEST.length() + 64
        ? info.digest().substring(SHA256_DIGEST.length())
        : HexFormat.of().formatHex(digest(stored, storedLength));
    if (dataKey.isEmpty()) {
      partBuffers.offer(buffer);
    } else {
      sealedBuffers.offer(stored);
    }
    return new BundlePart(number, key, storedLength, sha256);
  }

  private static <T> T await(Future<T> future) throws IOException {
    return await(future, "bundling");
  }

  /** The result of {@code future}, its failure rethrown as it was; {@code operation} names the work in messages. */
  static <T> T await(Future<T> future, String operation) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException(operation + " was interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException(operation + " failed: " + cause, cause);
    }
  }

  /** Waits for the pools' threads to stop; true if they did. */
  private boolean awaitPools() {
    try {
      return pool.awaitTermination(1, TimeUnit.MINUTES) && storers.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void deleteParts(Throwable failure) {
    try {
      for (ObjectInfo info : store.listAll(ManifestCodec.partKeyPrefix(prefix))) {
        store.delete(info.key());
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static byte[] digest(byte[] bytes, int length) {
    MessageDigest digest = sha256();
    digest.update(bytes, 0, length);
    return digest.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
