package org.amisdk.cloud;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.amisdk.json.AwsJson;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.storage.block.BlockStore;
import org.amisdk.storage.block.RepairReport;
import org.amisdk.storage.object.ObjectStore;

/**
 * A local EC2: regions of images, snapshots, volumes and instances with EC2's rules, on real bytes.
 *
 * <p>Build one with {@link #inMemory()} (a fresh world in milliseconds, for tests), {@link
 * #open(Path)} (durable: what a call committed survives a crash) or {@link #builder()} (also for a
 * durable cloud kept whole in an object store). Callers act through {@link #client}, bound to one
 * account in one region.
 *
 * <p>Thread-safe. Operations on one region are linearizable (one lock per region); every
 * operation is atomic: a refusal ({@link Ec2Exception}) leaves the world
 * unchanged. A storage failure surfaces as {@link java.io.UncheckedIOException} naming the
 * resource; after a failed catalog write a durable cloud refuses further calls until reopened,
 * so nothing uncommitted is ever reported as done. States that take time follow the clock and are
 * computed when read. A durable cloud records each committed call as one record in its region's
 * catalog journal before the call returns, and has one background thread that writes catalog
 * checkpoints (see the README's "Durability").
 */
public interface LocalCloud extends Closeable {

  /** A fresh in-memory cloud with a system clock, random ids and {@link LifecycleTimings#realistic()}. */
  static LocalCloud inMemory() {
    return builder().build();
  }

  /** A durable cloud in {@code directory} (created if missing), with the default parts. */
  static LocalCloud open(Path directory) throws IOException {
    return builder().directory(directory).open();
  }

  /**
   * Salvages a damaged durable cloud in {@code directory} (one no process has open), explicitly:
   * the block store first ({@link BlockStore#repairDirectory}), then the catalog, keeping every
   * checkpoint and journal record that checks out and dropping the entries whose references no
   * longer hold (an image mapping a lost snapshot, a snapshot or volume whose stored data is gone).
   * Each region that lost anything is rewritten as one fresh checkpoint; an intact region, or an
   * intact store, is left as it is. The next {@link #open} then sweeps stored data that no kept
   * entry names. Instance-store bundles in the object store are not repaired: a damaged object is
   * refused when read.
   *
   * @return the files checked, the entries and records kept, and one line per loss (file, offset,
   *     damage, or the entry dropped)
   * @throws IOException when the directory is in use, or a file cannot be read or written
   */
  static RepairReport repair(Path directory) throws IOException {
    return CatalogRepair.repairDirectory(directory);
  }

  /**
   * As {@link #repair(Path)}, for a durable cloud kept under {@code prefix} in {@code store} (see
   * {@link Builder#objectStorage}): its block store ({@link BlockStore#repairObjects}), then its
   * catalog. One no process has open; {@code store} stays open.
   */
  static RepairReport repair(ObjectStore store, String prefix) throws IOException {
    return CatalogRepair.repairObjects(store, prefix);
  }

  /** A builder of a cloud from explicitly passed parts. */
  static Builder builder() {
    return new Builder();
  }

  /** A client acting as {@code account} in {@code region}; every call is checked against that identity. */
  Ec2 client(AccountId account, Region region);

  /**
   * Seeds {@code region} with images as EC2 reported them (e.g. from {@code aws ec2
   * describe-images} JSON read by {@code AwsJson}): ids, owners, aliases, names and
   * mappings are kept; each EBS snapshot the images map exists as metadata only (a volume restored
   * from it reads zeros). Images already present keep their state; the seeding is one atomic step.
   *
   * @throws Ec2Exception {@code InvalidAMIName.Duplicate} when two images of one
   *     owner share a name, or an id is already taken by a different image
   */
  void seed(Region region, List<Image> images);

  /**
   * Empties every region: images, snapshots (pending ones too), volumes, instances, tags and block
   * public access settings are gone and their stored bytes freed, as in a fresh cloud; the clock,
   * the id source and the object store's bundles are kept. Each region empties atomically.
   */
  void reset();

  /** The object store instance-store bundles are read from: bundle images into it before registering them. */
  ObjectStore objectStore();

  /** A read-only picture of everything this cloud holds, with the storage facts cost and audit need. */
  Inventory inventory();

  /** The clock every state is computed from. */
  Clock clock();

  /**
   * Closes the block and object stores and, for a durable cloud, lets a checkpoint being written
   * finish and releases the catalog; the cloud is unusable afterwards.
   */
  @Override
  void close() throws IOException;

  /** Collects a cloud's parts; each has a sensible default. */
  final class Builder {
    private BlockStore blockStore;
    private ObjectStore objectStore;
    private Path directory;
    private boolean newAccountsBlockPublicAccess = true;
    private ObjectStore storage;
    private String storagePrefix;
    private long checkpointBytes = CloudImpl.DEFAULT_CHECKPOINT_BYTES;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator ids = new SplittableRandom();
    private LifecycleTimings timings = LifecycleTimings.realistic();
    private final Map<AccountId, Set<LaunchPermission>> memberships = new HashMap<>();

    Builder() {}

    /** Where volume and snapshot bytes live; default: in memory, or {@code directory/blocks} for {@link #open()}. */
    public Builder blockStore(BlockStore store) {
      this.blockStore = Objects.requireNonNull(store, "blockStore");
      return this;
    }

    /** Where instance-store bundles live; default: in memory, or {@code directory/objects} for {@link #open()}. */
    public Builder objectStore(ObjectStore store) {
      this.objectStore = Objects.requireNonNull(store, "objectStore");
      return this;
    }

    /** The directory a durable cloud keeps its catalog (and, by default, its blocks) in. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Keeps a durable cloud whole in an object store (any S3-compatible service, or a local one):
     * the catalog journal under {@code prefix/catalog/}, the blocks under {@code prefix/blocks/}
     * unless {@link #blockStore} is given, and the bundles in {@code store} itself unless {@link
     * #objectStore} is given. Keys under {@code prefix/} belong to the cloud; one process at a time
     * may open a prefix (object stores offer no lock). Open it with {@link #open()}.
     */
    public Builder objectStorage(ObjectStore store, String prefix) {
      this.storage = Objects.requireNonNull(store, "store");
      this.storagePrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** The journal size below which no checkpoint is written; small values exercise checkpoints in tests. */
    Builder checkpointBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("checkpoint size " + bytes + " is not positive");
      }
      this.checkpointBytes = bytes;
      return this;
    }

    /** The clock; default the system UTC clock. A mutable test clock makes every state observable. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where new resource ids come from; seed it for reproducible ids. */
    public Builder ids(RandomGenerator ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /**
     * Whether image block public access starts on for an account that never set it in a region.
     * On by default, as EC2 starts a new account ("Block public access to your AMIs", Amazon EC2
     * User Guide: new accounts have it enabled); {@code false} starts every account unblocked, as
     * accounts that predate the setting are. An account's own Enable/DisableImageBlockPublicAccess
     * always wins. Configuration, like {@link #organization}: pass it again when reopening.
     */
    public Builder imageBlockPublicAccessForNewAccounts(boolean on) {
      this.newAccountsBlockPublicAccess = on;
      return this;
    }

    /** How long asynchronous work takes on the clock. */
    public Builder timings(LifecycleTimings timings) {
      this.timings = Objects.requireNonNull(timings, "timings");
      return this;
    }

    /**
     * Makes {@code account} a member of an organization and of the organizational units on its
     * path, so images shared with any of them (by ARN) may be launched by it. Membership is configuration: pass it again when reopening a durable cloud.
     *
     * @throws Ec2Exception {@code InvalidAMIAttributeItemValue} for a malformed ARN
     */
    public Builder organization(AccountId account, String organizationArn, String... organizationalUnitArns) {
      Set<LaunchPermission> covers = memberships.computeIfAbsent(Objects.requireNonNull(account, "account"), a -> new HashSet<>());
      covers.add(new LaunchPermission.Organization(organizationArn));
      for (String unit : organizationalUnitArns) {
        covers.add(new LaunchPermission.OrganizationalUnit(unit));
      }
      return this;
    }

    /**
     * An in-memory cloud from these parts.
     *
     * @throws IllegalStateException when a directory was given: use {@link #open()}
     */
    public LocalCloud build() {
      if (directory != null || storage != null) {
        throw new IllegalStateException("cloud builder has " + (directory != null ? "directory " + directory : "object storage")
            + ": open() it instead");
      }
      try {
        return CloudImpl.create(Optional.ofNullable(blockStore).orElseGet(BlockStore::inMemory),
            Optional.ofNullable(objectStore).orElseGet(ObjectStore::inMemory), null, checkpointBytes, clock, ids, timings,
            memberships, newAccountsBlockPublicAccess);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("in-memory block store failed to open", e);
      }
    }

    /**
     * A durable cloud in the directory or object storage: reads the committed catalog (its
     * checkpoints and journal), checks it (every record's checksum, every snapshot an image maps,
     * every stored-data reference), and only then drops storage that no committed resource
     * references (leftovers of a crash).
     *
     * @throws IOException naming the file (or object) and offset of any damage, or the first broken
     *     reference; the open then changed nothing ({@link LocalCloud#repair} salvages). Only a
     *     last journal record that a crash tore (cut short, or ending in unwritten zeros) is dropped.
     * @throws IllegalStateException when neither a directory nor object storage was given, or both
     */
    public LocalCloud open() throws IOException {
      if ((directory == null) == (storage == null)) {
        throw new IllegalStateException(directory == null
            ? "cloud builder has no directory: give directory(path), objectStorage(store, prefix), or build() in memory"
            : "cloud builder has both directory " + directory + " and object storage: give one");
      }
      CatalogStore catalog = null;
      BlockStore store = blockStore;
      ObjectStore objects = objectStore;
      try {
        if (directory != null) {
          store = store != null ? store : BlockStore.directory(directory.resolve("blocks"));
          objects = objects != null ? objects : ObjectStore.directory(directory.resolve("objects"));
          catalog = CatalogStore.directory(directory.resolve("catalog"));
        } else {
          store = store != null ? store : BlockStore.onObjects(storage, storagePrefix + "/blocks");
          objects = objects != null ? objects : storage;
          catalog = CatalogStore.objects(storage, storagePrefix + "/catalog");
        }
      } catch (IOException | RuntimeException e) {
        try (BlockStore s = store; ObjectStore o = objects; CatalogStore c = catalog) {
          throw e;
        }
      }
      return CloudImpl.create(store, objects, catalog, checkpointBytes, clock, ids, timings, memberships,
          newAccountsBlockPublicAccess);
    }
  }
}
