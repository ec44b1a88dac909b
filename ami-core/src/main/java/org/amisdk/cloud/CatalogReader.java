package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.BootMode;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Hypervisor;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.ImageType;
import org.amisdk.model.ImageWatermark;
import org.amisdk.model.ImdsSupport;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.KernelId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Platform;
import org.amisdk.model.ProductCode;
import org.amisdk.model.ProductCodeType;
import org.amisdk.model.RamdiskId;
import org.amisdk.model.Region;
import org.amisdk.model.ReservationId;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.SseType;
import org.amisdk.model.StateReason;
import org.amisdk.model.StorageTier;
import org.amisdk.model.Tag;
import org.amisdk.model.TpmSupport;
import org.amisdk.model.TransferType;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.VolumeId;
import org.amisdk.model.VolumeType;
import org.amisdk.storage.block.BlockSnapshotId;
import org.amisdk.storage.block.BlockVolumeId;

/** Reads the catalog's batches (the layout {@link Catalog} writes), strictly: the bytes are untrusted. */
final class CatalogReader {
  private CatalogReader() {}

  /**
   * Reads one batch.
   *
   * @param where what the batch is, for errors (a file and offset, an object key)
   * @throws IOException naming {@code where} and the offset inside the batch when it is not a valid batch
   */
  static List<Catalog.Change> read(byte[] batch, String where) throws IOException {
    CatalogIn in = new CatalogIn(batch, where);
    try {
      int count = in.count(3);
      List<Catalog.Change> changes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        changes.add(change(in));
      }
      in.end();
      return changes;
    } catch (RuntimeException e) {
      throw in.corrupt("a value breaks a rule: " + e.getMessage());
    }
  }

  /** Reads batches in parallel (a checkpoint's), keeping their order; the first bad one fails all. */
  static List<List<Catalog.Change>> readAll(List<byte[]> batches, String where) throws IOException {
    List<List<Catalog.Change>> all = new ArrayList<>(batches.size());
    readInOrder(batches, where, all::add);
    return all;
  }

  /**
   * Reads batches (a checkpoint's) and hands each to {@code use} in their order on the calling
   * thread, as soon as it and those before it are read: the common pool's threads read ahead
   * while the caller uses what is read, and the caller reads too when the next batch is not ready,
   * so reading and applying overlap on every core. The first bad batch (in order) fails all,
   * before {@code use} sees it.
   */
  static void readInOrder(List<byte[]> batches, String where, Consumer<List<Catalog.Change>> use) throws IOException {
    int count = batches.size();
    AtomicInteger claimed = new AtomicInteger();
    List<CompletableFuture<Object>> read = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      read.add(new CompletableFuture<>());
    }
    Runnable reader = () -> {
      for (int i; (i = claimed.getAndIncrement()) < count; ) {
        try {
          read.get(i).complete(readOrFault(batches.get(i), where));
        } catch (Throwable e) { // an Error: the caller must not wait for this batch forever
          read.get(i).completeExceptionally(e);
        }
      }
    };
    int helpers = Math.min(ForkJoinPool.getCommonPoolParallelism(), count - 1);
    for (int i = 0; i < helpers; i++) {
      ForkJoinPool.commonPool().execute(reader);
    }
    try {
      for (int i = 0; i < count; i++) {
        CompletableFuture<Object> next = read.get(i);
        while (!next.isDone()) {
          int mine = claimed.getAndIncrement();
          if (mine >= count) {
            break;
          }
          read.get(mine).complete(readOrFault(batches.get(mine), where));
        }
        Object batch = next.join();
        if (batch instanceof IOException fault) {
          throw fault;
        }
        @SuppressWarnings("unchecked")
        List<Catalog.Change> changes = (List<Catalog.Change>) batch;
        use.accept(changes);
      }
    } finally {
      claimed.set(count); // the helpers stop after the batch they are reading
    }
  }

  /** The batch's changes, or the fault that refuses it. */
  private static Object readOrFault(byte[] batch, String where) {
    try {
      return read(batch, where);
    } catch (IOException fault) {
      return fault;
    }
  }

  private static Catalog.Change change(CatalogIn in) throws IOException {
    int kind = in.varint();
    String text = in.string();
    boolean present = in.bool();
    Object key;
    Object entry = null;
    switch (kind) {
      case Catalog.IMAGE -> {
        ImageId id = ImageId.parse(text);
        key = id;
        entry = present ? image(in, id) : null;
      }
      case Catalog.SNAPSHOT -> {
        SnapshotId id = SnapshotId.parse(text);
        key = id;
        entry = present ? snapshot(in, id) : null;
      }
      case Catalog.STARTED_SNAPSHOT -> {
        SnapshotId id = SnapshotId.parse(text);
        key = id;
        if (!present) {
          throw in.corrupt("started snapshot " + text + " is removed: a removal is recorded as a snapshot's");
        }
        RegionState.SnapshotEntry started = (RegionState.SnapshotEntry) snapshot(in, id);
        entry = started.withDeadline(Optional.of(new RegionState.Deadline(Duration.ofSeconds(in.varlong()), in.instant())));
      }
      case Catalog.VOLUME -> {
        VolumeId id = VolumeId.parse(text);
        key = id;
        entry = present ? volume(in, id) : null;
      }
      case Catalog.INSTANCE -> {
        InstanceId id = InstanceId.parse(text);
        key = id;
        if (!present) {
          throw in.corrupt("instance " + text + " is removed: instances are never removed");
        }
        entry = instance(in, id);
      }
      case Catalog.ACCOUNT -> {
        key = in.account(text);
        entry = present ? in.varint() : null;
      }
      case Catalog.BINNED_IMAGE -> {
        ImageId id = ImageId.parse(text);
        key = new RegionState.InBin(id);
        entry = present ? new RegionState.BinnedImage((RegionState.ImageEntry) image(in, id), in.instant(), in.instant()) : null;
      }
      case Catalog.BINNED_SNAPSHOT -> {
        SnapshotId id = SnapshotId.parse(text);
        key = new RegionState.InBin(id);
        entry = present ? new RegionState.BinnedSnapshot((RegionState.SnapshotEntry) snapshot(in, id), in.instant(), in.instant())
            : null;
      }
      case Catalog.RULE -> {
        key = RetentionRule.checkIdentifier(text);
        entry = present ? new RegionState.RuleEntry(text, in.account(), new RetentionRuleRequest(
            in.name(RecycleBinResourceType.class), in.varint(), in.optional(CatalogIn::string), tags(in), tags(in))) : null;
      }
      case Catalog.CLIENT_TOKEN -> {
        key = ClientTokens.Key.parse(text);
        entry = present ? new ClientTokens.Use(in.shared(), in.string(), in.list(CatalogIn::string)) : null;
      }
      default -> throw in.corrupt("change kind " + kind + " is not 1 to 10");
    }
    return new Catalog.Change(key, entry);
  }

  private static Object image(CatalogIn in, ImageId id) throws IOException {
    Image image = readImage(in, id);
    ImmutableSet<LaunchPermission> permissions = permissions(in);
    ImmutableMap<AccountId, ImmutableList<Tag>> tags = tagsByAccount(in);
    Instant availableAt = in.instant();
    RegionState.Protection protection = new RegionState.Protection(in.bool(), in.bool(), in.optional(CatalogIn::instant));
    return new RegionState.ImageEntry(image, permissions, tags, availableAt,
        protection.equals(RegionState.Protection.NONE) ? RegionState.Protection.NONE : protection);
  }

  private static Image readImage(CatalogIn in, ImageId id) throws IOException {
    Image.Builder b = Image.builder();
    b.imageId(id);
    b.imageLocation(in.optional(CatalogIn::string));
    b.state(in.name(ImageState.class));
    b.ownerId(in.account());
    b.creationDate(in.optional(CatalogIn::instant));
    b.isPublic(in.bool());
    b.productCodes(in.list(i -> ProductCode.of(i.string(), i.name(ProductCodeType.class))));
    b.architecture(in.name(Architecture.class));
    b.imageType(in.name(ImageType.class));
    b.kernelId(in.optional(i -> KernelId.parse(i.string())));
    b.ramdiskId(in.optional(i -> RamdiskId.parse(i.string())));
    b.platform(in.optional(i -> i.name(Platform.class)));
    b.platformDetails(in.optional(CatalogIn::shared));
    b.usageOperation(in.optional(CatalogIn::shared));
    b.blockDeviceMappings(in.list(CatalogReader::mapping));
    b.description(in.optional(CatalogIn::string));
    b.enaSupport(in.optional(CatalogIn::bool));
    b.hypervisor(in.name(Hypervisor.class));
    b.imageOwnerAlias(in.optional(CatalogIn::shared));
    b.name(in.optional(CatalogIn::string));
    b.rootDeviceName(in.optional(CatalogIn::shared));
    b.rootDeviceType(in.name(RootDeviceType.class));
    b.sriovNetSupport(in.optional(CatalogIn::shared));
    b.stateReason(in.optional(i -> StateReason.of(i.string(), i.string())));
    b.tags(tags(in));
    b.virtualizationType(in.name(VirtualizationType.class));
    b.bootMode(in.optional(i -> i.name(BootMode.class)));
    b.tpmSupport(in.optional(i -> i.name(TpmSupport.class)));
    b.deprecationTime(in.optional(CatalogIn::instant));
    b.imdsSupport(in.optional(i -> i.name(ImdsSupport.class)));
    b.sourceInstanceId(in.optional(i -> InstanceId.parse(i.string())));
    b.deregistrationProtection(in.optional(CatalogIn::shared));
    b.lastLaunchedTime(in.optional(CatalogIn::instant));
    b.imageAllowed(in.optional(CatalogIn::bool));
    b.sourceImageId(in.optional(i -> ImageId.parse(i.string())));
    b.sourceImageRegion(in.optional(i -> Region.of(i.string())));
    b.freeTierEligible(in.optional(CatalogIn::bool));
    b.publicSsmParameterName(in.optional(CatalogIn::string));
    b.imageWatermarks(in.list(i -> ImageWatermark.builder()
        .watermarkKey(i.string())
        .sourceImageRegion(i.optional(r -> Region.of(r.string())))
        .sourceImageId(i.optional(r -> ImageId.parse(r.string())))
        .sourceImageCreationTime(i.optional(CatalogIn::instant))
        .watermarkCreationTime(i.optional(CatalogIn::instant))
        .build()));
    return b.build();
  }

  private static BlockDeviceMapping mapping(CatalogIn in) throws IOException {
    String device = in.shared();
    int kind = in.varint();
    return switch (kind) {
      case 0 -> new BlockDeviceMapping.Ebs(device, EbsBlockDevice.builder()
          .snapshotId(in.optional(i -> SnapshotId.parse(i.string())))
          .volumeSize(in.optional(CatalogIn::varint))
          .volumeType(in.optional(i -> i.name(VolumeType.class)))
          .iops(in.optional(CatalogIn::varint))
          .throughput(in.optional(CatalogIn::varint))
          .encrypted(in.optional(CatalogIn::bool))
          .kmsKeyId(in.optional(CatalogIn::shared))
          .deleteOnTermination(in.optional(CatalogIn::bool))
          .build());
      case 1 -> new BlockDeviceMapping.Ephemeral(device, in.string());
      case 2 -> new BlockDeviceMapping.NoDevice(device);
      default -> throw in.corrupt("mapping kind " + kind + " is not 0 to 2");
    };
  }

  private static Object snapshot(CatalogIn in, SnapshotId id) throws IOException {
    Snapshot snapshot = Snapshot.builder()
        .snapshotId(id)
        .volumeId(in.optional(i -> VolumeId.parse(i.string())))
        .state(in.name(SnapshotState.class))
        .stateMessage(in.optional(CatalogIn::string))
        .startTime(in.instant())
        .progress(in.optional(CatalogIn::varint))
        .ownerId(in.account())
        .ownerAlias(in.optional(CatalogIn::shared))
        .description(in.optional(CatalogIn::shared))
        .volumeSize(in.varint())
        .tags(tags(in))
        .encrypted(in.optional(CatalogIn::bool))
        .kmsKeyId(in.optional(CatalogIn::string))
        .dataEncryptionKeyId(in.optional(CatalogIn::string))
        .sseType(in.optional(i -> i.name(SseType.class)))
        .outpostArn(in.optional(CatalogIn::string))
        .availabilityZone(in.optional(CatalogIn::shared))
        .storageTier(in.optional(i -> i.name(StorageTier.class)))
        .restoreExpiryTime(in.optional(CatalogIn::instant))
        .transferType(in.optional(i -> i.name(TransferType.class)))
        .completionDurationMinutes(in.optional(CatalogIn::varint))
        .completionTime(in.optional(CatalogIn::instant))
        .fullSnapshotSizeInBytes(in.optional(CatalogIn::varlong))
        .build();
    Instant completeAt = in.instant();
    Optional<BlockSnapshotId> data = in.optional(i -> BlockSnapshotId.parse(i.string()));
    ImmutableSet<LaunchPermission> permissions = permissions(in);
    ImmutableMap<AccountId, ImmutableList<Tag>> tags = tagsByAccount(in);
    RegionState.Tier tier = new RegionState.Tier(in.shared(), in.optional(CatalogIn::instant), in.optional(CatalogIn::instant),
        in.optional(CatalogIn::instant));
    return new RegionState.SnapshotEntry(snapshot, completeAt, data, permissions, tags,
        tier.equals(RegionState.Tier.STANDARD) ? RegionState.Tier.STANDARD : tier); // most entries share the constants
  }

  private static Object volume(CatalogIn in, VolumeId id) throws IOException {
    return new RegionState.VolumeEntry(id, in.account(), in.varint(),
        in.optional(i -> SnapshotId.parse(i.string())), in.name(VolumeType.class), in.bool(), in.optional(CatalogIn::string),
        in.optional(CatalogIn::varint), in.optional(CatalogIn::varint), in.string(), in.instant(), in.instant(),
        BlockVolumeId.parse(in.string()),
        in.optional(i -> new RegionState.Attachment(InstanceId.parse(i.string()), i.string(), i.instant(), i.instant(),
            i.optional(CatalogIn::instant))),
        in.optional(CatalogIn::instant), tags(in));
  }

  private static Object instance(CatalogIn in, InstanceId id) throws IOException {
    return new RegionState.InstanceEntry(id, in.account(),
        ImageId.parse(in.string()), in.string(), in.name(Architecture.class), in.name(RootDeviceType.class),
        in.optional(CatalogIn::string),
        in.list(i -> new Instance.Attachment(i.string(), VolumeId.parse(i.string()), i.bool())),
        in.instant(), in.string(), in.name(RegionState.Phase.class), in.instant(), tags(in),
        in.optional(i -> BlockVolumeId.parse(i.string())), ReservationId.parse(in.string()));
  }

  private static ImmutableSet<LaunchPermission> permissions(CatalogIn in) throws IOException {
    List<LaunchPermission> permissions = in.list(i -> {
      int kind = i.varint();
      return switch (kind) {
        case 0 -> new LaunchPermission.Account(i.account());
        case 1 -> new LaunchPermission.Organization(i.string());
        case 2 -> new LaunchPermission.OrganizationalUnit(i.string());
        case 3 -> LaunchPermission.EVERYONE;
        default -> throw i.corrupt("permission kind " + kind + " is not 0 to 3");
      };
    });
    return ImmutableSet.copyOf(permissions);
  }

  private static ImmutableList<Tag> tags(CatalogIn in) throws IOException {
    return in.list(i -> Tag.reported(i.shared(), i.shared()));
  }

  private static ImmutableMap<AccountId, ImmutableList<Tag>> tagsByAccount(CatalogIn in) throws IOException {
    Map<AccountId, ImmutableList<Tag>> tags = new LinkedHashMap<>();
    int count = in.count(2);
    for (int i = 0; i < count; i++) {
      AccountId account = in.account();
      if (tags.put(account, tags(in)) != null) {
        throw in.corrupt("account " + account + " has two tag lists");
      }
    }
    return ImmutableMap.copyOf(tags);
  }
}
