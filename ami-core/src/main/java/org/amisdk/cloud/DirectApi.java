package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ImageId;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.StorageTier;
import org.amisdk.model.Tag;
import org.amisdk.storage.block.BlockAddress;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.block.ChangedBlock;
import org.amisdk.storage.block.SnapshotBlock;

/**
 * The EBS direct APIs for one caller in one region: snapshots written and read block by block,
 * through the catalog. A started snapshot is a {@code pending} catalog snapshot of the caller
 * (its {@code completeAt} is {@link #UNTIL_COMPLETED}: no clock completes it) until {@link
 * #completeSnapshot}, or until its deadline (StartSnapshot's timeout after the start or the last
 * block written) passes: then it is in error, and the next change of the region frees its blocks
 * ({@link #cancelExpired}). Blocks are read from any completed snapshot the caller may restore (own,
 * or shared by createVolumePermission). Refusals are {@link DirectApiException}s with the API's
 * codes and leave the world unchanged.
 */
final class DirectApi extends SessionArea {
  /** The {@code completeAt} of a snapshot started here: it completes on CompleteSnapshot, never by the clock. */
  static final Instant UNTIL_COMPLETED = Instant.parse("9999-12-31T23:59:59Z");
  /** How long the block tokens of a listing are accepted. */
  static final Duration TOKEN_LIFETIME = Duration.ofDays(7);
  static final int MIN_RESULTS = 100;
  static final int MAX_RESULTS = 10_000;
  static final long MAX_VOLUME_GIB = 65_536;
  /** StartSnapshot's {@code Timeout} range, in minutes. */
  static final int MIN_TIMEOUT_MINUTES = 10;
  static final int MAX_TIMEOUT_MINUTES = 4_320;
  private static final long GIB = 1L << 30;
  private static final int TOKEN_BYTES = BlockAddress.BYTES + Long.BYTES;

  DirectApi(Session session) {
    super(session);
  }

  // ---- writing

  Snapshot startSnapshot(StartSnapshotRequest request) {
    if (request.volumeSize() < 1 || request.volumeSize() > MAX_VOLUME_GIB) {
      throw invalid("INVALID_VOLUME_SIZE", "volume size %d GiB is not between 1 and %d GiB", request.volumeSize(), MAX_VOLUME_GIB);
    }
    if (request.description().map(String::length).orElse(0) > Snapshot.MAX_DESCRIPTION_LENGTH) {
      throw invalid("INVALID_PARAMETER_VALUE", "snapshot description of %d characters is too long: at most %d",
          request.description().get().length(), Snapshot.MAX_DESCRIPTION_LENGTH);
    }
    if (request.timeout() < MIN_TIMEOUT_MINUTES || request.timeout() > MAX_TIMEOUT_MINUTES) {
      throw invalid("INVALID_PARAMETER_VALUE", "snapshot timeout of %d minutes is out of range: it is %d to %d minutes",
          request.timeout(), MIN_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES);
    }
    if (request.clientToken().isPresent() && !request.clientToken().get().matches("\\S{1,255}")) {
      throw invalid("INVALID_PARAMETER_VALUE", "client token '%s' is malformed: it is 1 to 255 characters, none of them white space",
          request.clientToken().get());
    }
    if (request.kmsKeyArn().isPresent() && !request.encrypted()) {
      throw invalid("INVALID_PARAMETER_VALUE", "snapshot names KMS key %s without Encrypted: KmsKeyArn needs Encrypted true",
          request.kmsKeyArn().get());
    }
    Optional<SnapshotId> parentId = request.parentSnapshotId().map(DirectApi::parseId);
    return cloud.write(region, state -> {
      Instant now = cloud.clock.instant();
      Optional<ImmutableList<String>> earlier = state.tokens.earlier(caller, request.clientToken(), "StartSnapshot", request,
          message -> new DirectApiException(DirectApiException.CONFLICT, null, message));
      if (earlier.isPresent()) {
        SnapshotId first = SnapshotId.parse(earlier.get().get(0));
        return Views.snapshot(state.snapshot(first).orElseThrow(() -> new DirectApiException(DirectApiException.CONFLICT, null,
            String.format("client token %s started snapshot %s, which is deleted: a new request needs a new token",
                request.clientToken().get(), first))), caller, now);
      }
      Optional<BlockSnapshotId> parentData = Optional.empty();
      if (parentId.isPresent()) {
        RegionState.SnapshotEntry parent = completed(readable(state, parentId.get()), now);
        if (parent.snapshot().volumeSize() > request.volumeSize()) {
          throw invalid("INVALID_VOLUME_SIZE", "volume size %d GiB is smaller than parent snapshot %s (%d GiB)",
              request.volumeSize(), parentId.get(), parent.snapshot().volumeSize());
        }
        parentData = parent.data();
      }
      BlockSnapshotId data;
      try {
        data = cloud.storage.startSnapshot(request.volumeSize() * GIB, parentData);
      } catch (IllegalArgumentException | IllegalStateException | NoSuchElementException e) {
        throw invalid("INVALID_PARAMETER_VALUE", "snapshot cannot start: %s", e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException("snapshot of " + request.volumeSize() + " GiB failed to start in the block store", e);
      }
      SnapshotId id = cloud.newSnapshotId();
      Snapshot snapshot = Snapshot.builder()
          .snapshotId(id)
          .state(SnapshotState.PENDING)
          .startTime(now)
          .ownerId(caller)
          .description(request.description().orElse(""))
          .volumeSize((int) request.volumeSize())
          .encrypted(request.encrypted())
          .kmsKeyId(request.kmsKeyArn())
          .storageTier(StorageTier.STANDARD)
          .build();
      ImmutableMap<AccountId, ImmutableList<Tag>> tags =
          request.tags().isEmpty() ? ImmutableMap.of() : ImmutableMap.of(caller, ImmutableList.copyOf(request.tags()));
      Duration timeout = Duration.ofMinutes(request.timeout());
      RegionState.SnapshotEntry entry = new RegionState.SnapshotEntry(snapshot, UNTIL_COMPLETED, Optional.of(data),
          ImmutableSet.of(), tags, RegionState.Tier.STANDARD, Optional.of(new RegionState.Deadline(timeout, now.plus(timeout))));
      state.put(entry);
      cloud.retain(data);
      state.tokens.record(caller, request.clientToken(), "StartSnapshot", request, List.of(id));
      return Views.snapshot(entry, caller, now);
    });
  }

  void putSnapshotBlock(String snapshotId, long blockIndex, byte[] data, String checksum) {
    SnapshotId id = parseId(snapshotId);
    RegionState.SnapshotEntry entry = cloud.read(region, state -> pending(owned(state, id), cloud.clock.instant()));
    long blocks = entry.snapshot().volumeSize() * (GIB / BlockStore.BLOCK_SIZE);
    if (blockIndex < 0 || blockIndex >= blocks) {
      throw invalid("INVALID_BLOCK", "block index %d is outside snapshot %s: it has blocks 0 to %d", blockIndex, id, blocks - 1);
    }
    if (data.length != BlockStore.BLOCK_SIZE) {
      throw invalid("INVALID_BLOCK", "block %d of snapshot %s has %d bytes: a block is %d bytes", blockIndex, id, data.length,
          BlockStore.BLOCK_SIZE);
    }
    BlockAddress claimed;
    try {
      claimed = BlockAddress.fromBase64(checksum);
    } catch (IllegalArgumentException e) {
      throw invalid("INVALID_BLOCK", "checksum '%s' of block %d is not a base64 SHA-256", checksum, blockIndex);
    }
    BlockAddress actual = BlockAddress.of(data, 0, data.length);
    if (!actual.equals(claimed)) {
      throw invalid("INVALID_BLOCK", "checksum %s of block %d of snapshot %s does not match its content (%s)", checksum,
          blockIndex, id, actual.toBase64());
    }
    try {
      cloud.storage.putSnapshotBlock(entry.data().orElseThrow(), blockIndex, data, checksum);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw invalid("INVALID_BLOCK", "block %d of snapshot %s is refused: %s", blockIndex, id, e.getMessage());
    } catch (NoSuchElementException e) {
      throw notFound(id);
    } catch (IOException e) {
      throw new UncheckedIOException("block " + blockIndex + " of snapshot " + id + " failed to store", e);
    }
    if (entry.deadline().isPresent()) {
      extendDeadline(id);
    }
  }

  /**
   * Moves a started snapshot's deadline to its timeout after now, a block having been written; the
   * deadline is rounded up to the second, so blocks written within one second commit it once. A
   * snapshot cancelled meanwhile refuses (the block is not kept); one completed or deleted meanwhile
   * has no deadline to move.
   */
  private void extendDeadline(SnapshotId id) {
    cloud.write(region, state -> {
      Instant now = cloud.clock.instant();
      RegionState.SnapshotEntry entry = state.snapshot(id).orElse(null);
      if (entry != null && entry.snapshot().state() == SnapshotState.ERROR) {
        throw cancelled(id);
      }
      if (entry == null || entry.deadline().isEmpty()) {
        return null;
      }
      RegionState.Deadline deadline = entry.deadline().get();
      Instant second = now.getNano() == 0 ? now : now.plusSeconds(1).minusNanos(now.getNano());
      Instant later = second.plus(deadline.timeout());
      if (later.isAfter(deadline.at())) {
        state.put(entry.withDeadline(Optional.of(new RegionState.Deadline(deadline.timeout(), later))));
      }
      return null;
    });
  }

  /**
   * Cancels every started snapshot of the region whose deadline has passed: it stays listed in
   * state {@code error} with no blocks, and its stored blocks are freed once that commits. Run
   * before each change of the region, as the Recycle Bin's purge is.
   */
  static void cancelExpired(CloudImpl cloud, RegionState state, Instant now) {
    if (state.startedSnapshots().isEmpty()) {
      return;
    }
    for (SnapshotId id : List.copyOf(state.startedSnapshots())) {
      RegionState.SnapshotEntry entry = state.snapshot(id).orElseThrow();
      RegionState.Deadline deadline = entry.deadline().orElseThrow();
      if (now.isBefore(deadline.at())) {
        continue;
      }
      Snapshot cancelled = Snapshot.builder().from(entry.snapshot()).state(SnapshotState.ERROR).build();
      state.put(new RegionState.SnapshotEntry(cancelled, deadline.at(), Optional.empty(), entry.permissions(), entry.tags(),
          entry.tier()));
      entry.data().ifPresent(data -> cloud.releaseAfterCommit(state, data, id));
    }
  }

  Snapshot completeSnapshot(String snapshotId, int changedBlocksCount) {
    SnapshotId id = parseId(snapshotId);
    if (changedBlocksCount < 0) {
      throw invalid("INVALID_PARAMETER_VALUE", "changed blocks count %d of snapshot %s is negative", changedBlocksCount, id);
    }
    return cloud.write(region, state -> {
      Instant now = cloud.clock.instant();
      RegionState.SnapshotEntry entry = pending(owned(state, id), now);
      try {
        cloud.storage.completeSnapshot(entry.data().orElseThrow(), changedBlocksCount);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw invalid("INVALID_PARAMETER_VALUE", "snapshot %s cannot complete: %s", id, e.getMessage());
      } catch (NoSuchElementException e) {
        throw notFound(id);
      } catch (IOException e) {
        throw new UncheckedIOException("snapshot " + id + " failed to complete in the block store", e);
      }
      Snapshot done = Snapshot.builder().from(entry.snapshot()).state(SnapshotState.COMPLETED).progress(100).completionTime(now).build();
      RegionState.SnapshotEntry completed = new RegionState.SnapshotEntry(done, now, entry.data(), entry.permissions(),
          entry.tags(), entry.tier());
      state.put(completed);
      for (ImageId image : List.copyOf(state.imagesUsing(id))) {
        RegionState.ImageEntry user = state.image(image).orElseThrow();
        Instant ready = now;
        for (SnapshotId other : user.snapshotIds()) {
          RegionState.SnapshotEntry s = state.snapshot(other).orElse(null);
          ready = s != null && s.completeAt().isAfter(ready) ? s.completeAt() : ready;
        }
        state.put(new RegionState.ImageEntry(user.image(), user.permissions(), user.tags(),
            ready.plus(cloud.timings.imageAvailable()), user.protection()));
      }
      return Views.snapshot(completed, caller, now);
    });
  }

  // ---- reading

  SnapshotBlocks<SnapshotBlocks.Block> listSnapshotBlocks(String snapshotId, BlockPage page) {
    SnapshotId id = parseId(snapshotId);
    long from = start(page);
    int max = maxResults(page);
    return cloud.read(region, state -> {
      Instant now = cloud.clock.instant();
      RegionState.SnapshotEntry entry = completed(readable(state, id), now);
      List<SnapshotBlock> all = entry.data().map(cloud.storage::listSnapshotBlocks).orElse(List.of());
      Instant expiry = now.plus(TOKEN_LIFETIME);
      return page(entry, all, SnapshotBlock::index, from, max, expiry,
          b -> new SnapshotBlocks.Block(b.index(), token(b.address(), expiry)));
    });
  }

  SnapshotBlocks<SnapshotBlocks.Changed> listChangedBlocks(Optional<String> firstSnapshotId, String secondSnapshotId,
      BlockPage page) {
    SnapshotId secondId = parseId(secondSnapshotId);
    Optional<SnapshotId> firstId = firstSnapshotId.map(DirectApi::parseId);
    long from = start(page);
    int max = maxResults(page);
    return cloud.read(region, state -> {
      Instant now = cloud.clock.instant();
      Instant expiry = now.plus(TOKEN_LIFETIME);
      RegionState.SnapshotEntry second = completed(readable(state, secondId), now);
      List<ChangedBlock> changed;
      if (firstId.isEmpty()) {
        changed = second.data().map(cloud.storage::listSnapshotBlocks).orElse(List.of()).stream()
            .map(b -> new ChangedBlock(b.index(), Optional.empty(), Optional.of(b.address()))).toList();
      } else {
        RegionState.SnapshotEntry first = completed(readable(state, firstId.get()), now);
        if (first.data().isEmpty() || second.data().isEmpty()) {
          throw invalid("UNRELATED_SNAPSHOTS", "snapshots %s and %s are unrelated: a snapshot seeded as metadata has no blocks to compare",
              firstId.get(), secondId);
        }
        try {
          changed = cloud.storage.listChangedBlocks(first.data().get(), second.data().get());
        } catch (IllegalArgumentException e) {
          throw invalid("UNRELATED_SNAPSHOTS", "snapshots %s and %s are unrelated: neither descends from the other",
              firstId.get(), secondId);
        }
      }
      return page(second, changed, ChangedBlock::index, from, max, expiry,
          b -> new SnapshotBlocks.Changed(b.index(), b.first().map(a -> token(a, expiry)), b.second().map(a -> token(a, expiry))));
    });
  }

  SnapshotBlockData getSnapshotBlock(String snapshotId, long blockIndex, String blockToken) {
    SnapshotId id = parseId(snapshotId);
    byte[] token;
    try {
      token = Base64.getDecoder().decode(blockToken);
    } catch (IllegalArgumentException e) {
      token = new byte[0];
    }
    if (token.length != TOKEN_BYTES) {
      throw invalid("INVALID_BLOCK_TOKEN", "block token '%s' is not one this service gave", blockToken);
    }
    ByteBuffer parts = ByteBuffer.wrap(token);
    byte[] addressBytes = new byte[BlockAddress.BYTES];
    parts.get(addressBytes);
    BlockAddress address = BlockAddress.fromBytes(addressBytes);
    Instant expiry = Instant.ofEpochSecond(parts.getLong());
    BlockSnapshotId data = cloud.read(region, state -> {
      Instant now = cloud.clock.instant();
      if (!now.isBefore(expiry)) {
        throw invalid("INVALID_BLOCK_TOKEN", "block token of block %d expired at %s", blockIndex, expiry);
      }
      return completed(readable(state, id), now).data().orElseThrow(() -> invalid("INVALID_BLOCK_TOKEN",
          "block token of block %d does not name a block of snapshot %s: it was seeded as metadata and has none", blockIndex, id));
    });
    byte[] block;
    try {
      block = cloud.storage.getSnapshotBlock(data, blockIndex);
    } catch (NoSuchElementException e) {
      throw invalid("INVALID_BLOCK_TOKEN", "block token does not name block %d of snapshot %s: it is not written", blockIndex, id);
    } catch (IOException e) {
      throw new UncheckedIOException("block " + blockIndex + " of snapshot " + id + " failed to read", e);
    }
    if (!BlockAddress.of(block, 0, block.length).equals(address)) {
      throw invalid("INVALID_BLOCK_TOKEN", "block token does not name block %d of snapshot %s: the block there differs", blockIndex, id);
    }
    return new SnapshotBlockData(block, address.toBase64());
  }

  // ---- checks

  private static SnapshotId parseId(String text) {
    try {
      return SnapshotId.parse(text);
    } catch (Ec2Exception e) {
      throw invalid("INVALID_SNAPSHOT_ID", "snapshot id '%s' is malformed: it is snap- and hex digits", text);
    }
  }

  /** A snapshot the caller may read (own, shared or public); otherwise not found. */
  private RegionState.SnapshotEntry readable(RegionState state, SnapshotId id) {
    RegionState.SnapshotEntry entry = state.snapshot(id).orElse(null);
    if (entry == null || !Views.mayRestore(caller, principals, entry)) {
      throw notFound(id);
    }
    return entry;
  }

  private RegionState.SnapshotEntry owned(RegionState state, SnapshotId id) {
    RegionState.SnapshotEntry entry = readable(state, id);
    if (!entry.snapshot().ownerId().equals(caller)) {
      throw new DirectApiException(DirectApiException.ACCESS_DENIED, "UNAUTHORIZED_ACCOUNT",
          String.format("snapshot %s belongs to another account: only its owner may write it", id));
    }
    return entry;
  }

  private static RegionState.SnapshotEntry pending(RegionState.SnapshotEntry entry, Instant now) {
    SnapshotState state = Views.snapshotState(entry, now);
    if (state == SnapshotState.ERROR) {
      throw cancelled(entry.snapshot().snapshotId());
    }
    if (!isStarted(entry) || state != SnapshotState.PENDING) {
      throw invalid("INVALID_SNAPSHOT_ID", "snapshot %s is %s: blocks are written only to a pending snapshot started with StartSnapshot",
          entry.snapshot().snapshotId(), state.wireValue());
    }
    return entry;
  }

  private static RegionState.SnapshotEntry completed(RegionState.SnapshotEntry entry, Instant now) {
    SnapshotState state = Views.snapshotState(entry, now);
    if (state != SnapshotState.COMPLETED) {
      throw invalid("INVALID_SNAPSHOT_ID", "snapshot %s is %s: blocks are read only from a completed snapshot",
          entry.snapshot().snapshotId(), state.wireValue());
    }
    return entry;
  }

  /** Whether {@code entry} is a snapshot started with StartSnapshot and not completed yet. */
  static boolean isStarted(RegionState.SnapshotEntry entry) {
    return entry.completeAt().equals(UNTIL_COMPLETED) && entry.snapshot().state() == SnapshotState.PENDING;
  }

  // ---- pages and tokens

  private static int maxResults(BlockPage page) {
    int max = page.maxResults().orElse(MAX_RESULTS);
    if (max < MIN_RESULTS || max > MAX_RESULTS) {
      throw invalid("INVALID_PARAMETER_VALUE", "MaxResults %d is out of range: it is %d to %d", max, MIN_RESULTS, MAX_RESULTS);
    }
    return max;
  }

  /** The lowest index the page lists: the starting index, or past the previous page's last. */
  private static long start(BlockPage page) {
    long from = page.startingBlockIndex().orElse(0L);
    if (from < 0) {
      throw invalid("INVALID_PARAMETER_VALUE", "StartingBlockIndex %d is negative", from);
    }
    if (page.nextToken().isPresent()) {
      String text = page.nextToken().get();
      try {
        String decoded = new String(Base64.getDecoder().decode(text), StandardCharsets.US_ASCII);
        if (!decoded.matches("next:\\d{1,12}")) {
          throw new IllegalArgumentException(decoded);
        }
        from = Math.max(from, Long.parseLong(decoded.substring("next:".length())));
      } catch (IllegalArgumentException e) {
        throw invalid("INVALID_PAGE_TOKEN", "page token '%s' is not one this service gave", text);
      }
    }
    return from;
  }

  private static <T, B> SnapshotBlocks<B> page(RegionState.SnapshotEntry entry, List<T> all, java.util.function.ToLongFunction<T> index,
      long from, int max, Instant expiry, Function<T, B> view) {
    List<B> blocks = new ArrayList<>(Math.min(max, all.size()));
    Optional<String> next = Optional.empty();
    for (T block : all) {
      long at = index.applyAsLong(block);
      if (at < from) {
        continue;
      }
      if (blocks.size() == max) {
        next = Optional.of(Base64.getEncoder().encodeToString(("next:" + at).getBytes(StandardCharsets.US_ASCII)));
        break;
      }
      blocks.add(view.apply(block));
    }
    return new SnapshotBlocks<>(entry.snapshot().volumeSize(), BlockStore.BLOCK_SIZE, blocks, expiry, next);
  }

  /** A block token: the block's SHA-256 and the second it expires, base64. */
  private static String token(BlockAddress address, Instant expiry) {
    return Base64.getEncoder().encodeToString(
        ByteBuffer.allocate(TOKEN_BYTES).put(address.toBytes()).putLong(expiry.getEpochSecond()).array());
  }

  private static DirectApiException invalid(String reason, String format, Object... args) {
    return new DirectApiException(DirectApiException.VALIDATION, reason, String.format(format, args));
  }

  private static DirectApiException cancelled(SnapshotId id) {
    return invalid("INVALID_SNAPSHOT_ID", "snapshot %s is error: it was cancelled, neither written to nor completed within its timeout", id);
  }

  private static DirectApiException notFound(SnapshotId id) {
    return new DirectApiException(DirectApiException.RESOURCE_NOT_FOUND, "SNAPSHOT_NOT_FOUND",
        String.format("snapshot %s does not exist", id));
  }
}
