package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/**
 * A region's catalog in bytes: a batch of changes, each a key (an image, snapshot, volume or
 * instance id, or an account for its settings) and either the key's whole entry or its absence.
 * One committed operation is one batch; a checkpoint is the whole region as batches of puts.
 *
 * <p>The layout is compact binary: unsigned LEB128 varints for counts, lengths and small numbers,
 * strings as a varint length then UTF-8, an optional value as a presence byte then the value,
 * enum constants by name, instants as zigzag seconds and nanoseconds. Every field of every entry
 * is written, in declaration order ({@link #FIELDS} counts them per type so a test notices a new
 * field). Reading is strict and untrusted: every length is checked against the bytes left, every
 * value is rebuilt through the model's own checks, and any fault is an {@link IOException}
 * naming where the batch came from and the offset.
 */
final class Catalog {
  /**
   * How many fields the codec writes per model type and catalog entry, and how many kinds per
   * sealed type; a model change must update the codec (a test compares these with the model).
   */
  static final Map<Class<?>, Integer> FIELDS = Map.ofEntries(
      Map.entry(Image.class, 39), Map.entry(Snapshot.class, 23), Map.entry(EbsBlockDevice.class, 8),
      Map.entry(ImageWatermark.class, 5), Map.entry(ProductCode.class, 2), Map.entry(StateReason.class, 2),
      Map.entry(Tag.class, 2), Map.entry(BlockDeviceMapping.class, 3), Map.entry(BlockDeviceMapping.Ebs.class, 2),
      Map.entry(BlockDeviceMapping.Ephemeral.class, 2), Map.entry(BlockDeviceMapping.NoDevice.class, 1),
      Map.entry(LaunchPermission.class, 4), Map.entry(Instance.Attachment.class, 3), Map.entry(RegionState.ImageEntry.class, 5),
      Map.entry(RegionState.SnapshotEntry.class, 6), Map.entry(RegionState.VolumeEntry.class, 10),
      Map.entry(RegionState.InstanceEntry.class, 13), Map.entry(RegionState.Protection.class, 3),
      Map.entry(RegionState.Tier.class, 4));

  private static final int IMAGE = 1;
  private static final int SNAPSHOT = 2;
  private static final int VOLUME = 3;
  private static final int INSTANCE = 4;
  private static final int ACCOUNT = 5;
  /** The settings bit of an account that turned image block public access on. */
  private static final int BLOCKS_PUBLIC_ACCESS = 1;

  private Catalog() {}

  /** One change: a key and its entry, or {@code null} when the key was removed. */
  record Change(Object key, Object entry) {}

  // ---- writing

  /** The batch recording the current entry (or absence) of each of {@code keys} in {@code state}. */
  static byte[] changes(RegionState state, Collection<Object> keys) {
    Out out = new Out();
    out.varint(keys.size());
    for (Object key : keys) {
      change(out, key, current(state, key));
    }
    return out.toByteArray();
  }

  /** Every entry of {@code state} as a put: what a checkpoint holds. Cheap (no encoding): called under the region's lock. */
  static List<Change> contents(RegionState state) {
    List<Change> all = new ArrayList<>(state.images().size() + state.snapshots().size() + state.volumes().size()
        + state.instances().size() + state.blockPublicAccess().size());
    state.images().forEach(e -> all.add(new Change(e.image().imageId(), e)));
    state.snapshots().forEach(e -> all.add(new Change(e.snapshot().snapshotId(), e)));
    state.volumes().forEach(e -> all.add(new Change(e.id(), e)));
    state.instances().forEach(e -> all.add(new Change(e.id(), e)));
    state.blockPublicAccess().forEach(a -> all.add(new Change(a, BLOCKS_PUBLIC_ACCESS)));
    return all;
  }

  /**
   * A checkpoint's batches of {@code contents} (from {@link #contents}), images in name order so
   * that loading inserts them into the name index in order (much faster than at random).
   */
  static List<byte[]> checkpoint(List<Change> contents, int perBatch) {
    List<Change> sorted = new ArrayList<>(contents);
    sorted.sort(java.util.Comparator.comparing(Catalog::imageName));
    return batches(sorted, perBatch);
  }

  /** An image's name ("" when it has none); "" for every other entry, which then keep their order. */
  private static String imageName(Change change) {
    return change.entry() instanceof RegionState.ImageEntry e ? e.image().name().orElse("") : "";
  }

  /** {@code changes} encoded as batches of at most {@code perBatch}. */
  static List<byte[]> batches(List<Change> changes, int perBatch) {
    List<byte[]> batches = new ArrayList<>();
    for (int from = 0; from < changes.size() || from == 0; from += perBatch) {
      List<Change> part = changes.subList(from, Math.min(changes.size(), from + perBatch));
      Out out = new Out();
      out.varint(part.size());
      part.forEach(c -> change(out, c.key(), c.entry()));
      batches.add(out.toByteArray());
      if (changes.isEmpty()) {
        break;
      }
    }
    return batches;
  }

  private static Object current(RegionState state, Object key) {
    if (key instanceof ImageId id) {
      return state.image(id).orElse(null);
    } else if (key instanceof SnapshotId id) {
      return state.snapshot(id).orElse(null);
    } else if (key instanceof VolumeId id) {
      return state.volume(id).orElse(null);
    } else if (key instanceof InstanceId id) {
      return state.instance(id).orElse(null);
    } else if (key instanceof AccountId account) {
      return state.blocksPublicAccess(account) ? BLOCKS_PUBLIC_ACCESS : null;
    }
    throw new IllegalArgumentException("catalog key " + key + " is of no kind the journal records");
  }

  private static void change(Out out, Object key, Object entry) {
    int kind = key instanceof ImageId ? IMAGE : key instanceof SnapshotId ? SNAPSHOT : key instanceof VolumeId ? VOLUME
        : key instanceof InstanceId ? INSTANCE : ACCOUNT;
    out.varint(kind);
    out.string(key.toString());
    out.bool(entry != null);
    if (entry == null) {
      return;
    }
    switch (kind) {
      case IMAGE -> image(out, (RegionState.ImageEntry) entry);
      case SNAPSHOT -> snapshot(out, (RegionState.SnapshotEntry) entry);
      case VOLUME -> volume(out, (RegionState.VolumeEntry) entry);
      case INSTANCE -> instance(out, (RegionState.InstanceEntry) entry);
      default -> out.varint((Integer) entry);
    }
  }

  private static void image(Out out, RegionState.ImageEntry e) {
    image(out, e.image());
    permissions(out, e.permissions());
    tagsByAccount(out, e.tags());
    out.instant(e.availableAt());
    out.bool(e.protection().enabled());
    out.bool(e.protection().cooldown());
    out.optional(e.protection().until(), out::instant);
  }

  private static void image(Out out, Image i) {
    out.optional(i.imageLocation(), out::string);
    out.name(i.state());
    out.string(i.ownerId().toString());
    out.optional(i.creationDate(), out::instant);
    out.bool(i.isPublic());
    out.list(i.productCodes(), p -> {
      out.string(p.productCodeId());
      out.name(p.type());
    });
    out.name(i.architecture());
    out.name(i.imageType());
    out.optional(i.kernelId(), id -> out.string(id.toString()));
    out.optional(i.ramdiskId(), id -> out.string(id.toString()));
    out.optional(i.platform(), out::name);
    out.optional(i.platformDetails(), out::string);
    out.optional(i.usageOperation(), out::string);
    out.list(i.blockDeviceMappings(), m -> mapping(out, m));
    out.optional(i.description(), out::string);
    out.optional(i.enaSupport(), out::bool);
    out.name(i.hypervisor());
    out.optional(i.imageOwnerAlias(), out::string);
    out.optional(i.name(), out::string);
    out.optional(i.rootDeviceName(), out::string);
    out.name(i.rootDeviceType());
    out.optional(i.sriovNetSupport(), out::string);
    out.optional(i.stateReason(), r -> {
      out.string(r.code());
      out.string(r.message());
    });
    tags(out, i.tags());
    out.name(i.virtualizationType());
    out.optional(i.bootMode(), out::name);
    out.optional(i.tpmSupport(), out::name);
    out.optional(i.deprecationTime(), out::instant);
    out.optional(i.imdsSupport(), out::name);
    out.optional(i.sourceInstanceId(), id -> out.string(id.toString()));
    out.optional(i.deregistrationProtection(), out::string);
    out.optional(i.lastLaunchedTime(), out::instant);
    out.optional(i.imageAllowed(), out::bool);
    out.optional(i.sourceImageId(), id -> out.string(id.toString()));
    out.optional(i.sourceImageRegion(), r -> out.string(r.code()));
    out.optional(i.freeTierEligible(), out::bool);
    out.optional(i.publicSsmParameterName(), out::string);
    out.list(i.imageWatermarks(), w -> {
      out.string(w.watermarkKey());
      out.optional(w.sourceImageRegion(), r -> out.string(r.code()));
      out.optional(w.sourceImageId(), id -> out.string(id.toString()));
      out.optional(w.sourceImageCreationTime(), out::instant);
      out.optional(w.watermarkCreationTime(), out::instant);
    });
  }

  private static void mapping(Out out, BlockDeviceMapping mapping) {
    out.string(mapping.deviceName());
    if (mapping instanceof BlockDeviceMapping.Ebs ebs) {
      out.varint(0);
      EbsBlockDevice d = ebs.ebs();
      out.optional(d.snapshotId(), id -> out.string(id.toString()));
      out.optional(d.volumeSize(), out::varint);
      out.optional(d.volumeType(), out::name);
      out.optional(d.iops(), out::varint);
      out.optional(d.throughput(), out::varint);
      out.optional(d.encrypted(), out::bool);
      out.optional(d.kmsKeyId(), out::string);
      out.optional(d.deleteOnTermination(), out::bool);
    } else if (mapping instanceof BlockDeviceMapping.Ephemeral ephemeral) {
      out.varint(1);
      out.string(ephemeral.virtualName());
    } else if (mapping instanceof BlockDeviceMapping.NoDevice) {
      out.varint(2);
    } else {
      throw new IllegalArgumentException("mapping " + mapping + " is of a kind the catalog does not record");
    }
  }

  private static void snapshot(Out out, RegionState.SnapshotEntry e) {
    Snapshot s = e.snapshot();
    out.optional(s.volumeId(), id -> out.string(id.toString()));
    out.name(s.state());
    out.optional(s.stateMessage(), out::string);
    out.instant(s.startTime());
    out.optional(s.progress(), out::varint);
    out.string(s.ownerId().toString());
    out.optional(s.ownerAlias(), out::string);
    out.optional(s.description(), out::string);
    out.varint(s.volumeSize());
    tags(out, s.tags());
    out.optional(s.encrypted(), out::bool);
    out.optional(s.kmsKeyId(), out::string);
    out.optional(s.dataEncryptionKeyId(), out::string);
    out.optional(s.sseType(), out::name);
    out.optional(s.outpostArn(), out::string);
    out.optional(s.availabilityZone(), out::string);
    out.optional(s.storageTier(), out::name);
    out.optional(s.restoreExpiryTime(), out::instant);
    out.optional(s.transferType(), out::name);
    out.optional(s.completionDurationMinutes(), out::varint);
    out.optional(s.completionTime(), out::instant);
    out.optional(s.fullSnapshotSizeInBytes(), out::varlong);
    out.instant(e.completeAt());
    out.optional(e.data(), d -> out.string(d.toString()));
    permissions(out, e.permissions());
    tagsByAccount(out, e.tags());
    out.string(e.tier().lastOperation());
    out.optional(e.tier().started(), out::instant);
    out.optional(e.tier().completes(), out::instant);
    out.optional(e.tier().restoreExpiry(), out::instant);
  }

  private static void volume(Out out, RegionState.VolumeEntry e) {
    out.string(e.owner().toString());
    out.varint(e.size());
    out.optional(e.snapshotId(), id -> out.string(id.toString()));
    out.name(e.type());
    out.bool(e.encrypted());
    out.instant(e.created());
    out.string(e.data().toString());
    out.optional(e.attachedTo(), id -> out.string(id.toString()));
    tags(out, e.tags());
  }

  private static void instance(Out out, RegionState.InstanceEntry e) {
    out.string(e.owner().toString());
    out.string(e.imageId().toString());
    out.string(e.type());
    out.name(e.architecture());
    out.name(e.rootDeviceType());
    out.optional(e.rootDeviceName(), out::string);
    out.list(e.devices(), a -> {
      out.string(a.deviceName());
      out.string(a.volumeId().toString());
      out.bool(a.deleteOnTermination());
    });
    out.instant(e.launchTime());
    out.name(e.phase());
    out.instant(e.phaseEnds());
    tags(out, e.tags());
    out.optional(e.instanceStore(), v -> out.string(v.toString()));
  }

  private static void permissions(Out out, Collection<LaunchPermission> permissions) {
    out.list(permissions, p -> {
      if (p instanceof LaunchPermission.Account a) {
        out.varint(0);
        out.string(a.accountId().toString());
      } else if (p instanceof LaunchPermission.Organization o) {
        out.varint(1);
        out.string(o.arn());
      } else if (p instanceof LaunchPermission.OrganizationalUnit u) {
        out.varint(2);
        out.string(u.arn());
      } else if (p instanceof LaunchPermission.Everyone) {
        out.varint(3);
      } else {
        throw new IllegalArgumentException("permission " + p + " is of a kind the catalog does not record");
      }
    });
  }

  private static void tags(Out out, List<Tag> tags) {
    out.list(tags, t -> {
      out.string(t.key());
      out.string(t.value());
    });
  }

  private static void tagsByAccount(Out out, ImmutableMap<AccountId, ImmutableList<Tag>> tags) {
    out.list(tags.entrySet(), e -> {
      out.string(e.getKey().toString());
      tags(out, e.getValue());
    });
  }

  // ---- reading

  /**
   * Reads one batch.
   *
   * @param where what the batch is, for errors (a file and offset, an object key)
   * @throws IOException naming {@code where} and the offset inside the batch when it is not a valid batch
   */
  static List<Change> read(byte[] batch, String where) throws IOException {
    In in = new In(batch, where);
    try {
      int count = in.count(3);
      List<Change> changes = new ArrayList<>(count);
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
  static List<List<Change>> readAll(List<byte[]> batches, String where) throws IOException {
    try {
      return batches.parallelStream().map(batch -> {
        try {
          return read(batch, where);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Applies changes through the region's put and remove methods, then forgets them as changes to commit. */
  static void apply(RegionState state, List<Change> changes) {
    for (Change c : changes) {
      Object key = c.key();
      Object entry = c.entry();
      if (key instanceof ImageId id) {
        if (entry == null) {
          state.remove(id);
        } else {
          state.put((RegionState.ImageEntry) entry);
        }
      } else if (key instanceof SnapshotId id) {
        if (entry == null) {
          state.remove(id);
        } else {
          state.put((RegionState.SnapshotEntry) entry);
        }
      } else if (key instanceof VolumeId id) {
        if (entry == null) {
          state.remove(id);
        } else {
          state.put((RegionState.VolumeEntry) entry);
        }
      } else if (key instanceof InstanceId id) {
        if (entry == null) {
          throw new IllegalStateException("instance " + id + " is removed by a batch: instances are never removed");
        }
        state.put((RegionState.InstanceEntry) entry);
      } else {
        state.blockPublicAccess((AccountId) key, entry != null && ((Integer) entry & BLOCKS_PUBLIC_ACCESS) != 0);
      }
    }
    state.changed.clear();
  }

  private static Change change(In in) throws IOException {
    int kind = in.varint();
    String text = in.string();
    boolean present = in.bool();
    Object key;
    Object entry = null;
    switch (kind) {
      case IMAGE -> {
        ImageId id = ImageId.parse(text);
        key = id;
        entry = present ? image(in, id) : null;
      }
      case SNAPSHOT -> {
        SnapshotId id = SnapshotId.parse(text);
        key = id;
        entry = present ? snapshot(in, id) : null;
      }
      case VOLUME -> {
        VolumeId id = VolumeId.parse(text);
        key = id;
        entry = present ? volume(in, id) : null;
      }
      case INSTANCE -> {
        InstanceId id = InstanceId.parse(text);
        key = id;
        if (!present) {
          throw in.corrupt("instance " + text + " is removed: instances are never removed");
        }
        entry = instance(in, id);
      }
      case ACCOUNT -> {
        key = in.account(text);
        entry = present ? in.varint() : null;
      }
      default -> throw in.corrupt("change kind " + kind + " is not 1 to 5");
    }
    return new Change(key, entry);
  }

  private static Object image(In in, ImageId id) throws IOException {
    Image image = readImage(in, id);
    ImmutableSet<LaunchPermission> permissions = permissions(in);
    ImmutableMap<AccountId, ImmutableList<Tag>> tags = tagsByAccount(in);
    Instant availableAt = in.instant();
    RegionState.Protection protection = new RegionState.Protection(in.bool(), in.bool(), in.optional(In::instant));
    return new RegionState.ImageEntry(image, permissions, tags, availableAt, protection);
  }

  private static Image readImage(In in, ImageId id) throws IOException {
    Image.Builder b = Image.builder();
    b.imageId(id);
    b.imageLocation(in.optional(In::string));
    b.state(in.name(ImageState.class));
    b.ownerId(in.account());
    b.creationDate(in.optional(In::instant));
    b.isPublic(in.bool());
    b.productCodes(in.list(i -> ProductCode.of(i.string(), i.name(ProductCodeType.class))));
    b.architecture(in.name(Architecture.class));
    b.imageType(in.name(ImageType.class));
    b.kernelId(in.optional(i -> KernelId.parse(i.string())));
    b.ramdiskId(in.optional(i -> RamdiskId.parse(i.string())));
    b.platform(in.optional(i -> i.name(Platform.class)));
    b.platformDetails(in.optional(In::string));
    b.usageOperation(in.optional(In::string));
    b.blockDeviceMappings(in.list(Catalog::mapping));
    b.description(in.optional(In::string));
    b.enaSupport(in.optional(In::bool));
    b.hypervisor(in.name(Hypervisor.class));
    b.imageOwnerAlias(in.optional(In::string));
    b.name(in.optional(In::string));
    b.rootDeviceName(in.optional(In::string));
    b.rootDeviceType(in.name(RootDeviceType.class));
    b.sriovNetSupport(in.optional(In::string));
    b.stateReason(in.optional(i -> StateReason.of(i.string(), i.string())));
    b.tags(tags(in));
    b.virtualizationType(in.name(VirtualizationType.class));
    b.bootMode(in.optional(i -> i.name(BootMode.class)));
    b.tpmSupport(in.optional(i -> i.name(TpmSupport.class)));
    b.deprecationTime(in.optional(In::instant));
    b.imdsSupport(in.optional(i -> i.name(ImdsSupport.class)));
    b.sourceInstanceId(in.optional(i -> InstanceId.parse(i.string())));
    b.deregistrationProtection(in.optional(In::string));
    b.lastLaunchedTime(in.optional(In::instant));
    b.imageAllowed(in.optional(In::bool));
    b.sourceImageId(in.optional(i -> ImageId.parse(i.string())));
    b.sourceImageRegion(in.optional(i -> Region.of(i.string())));
    b.freeTierEligible(in.optional(In::bool));
    b.publicSsmParameterName(in.optional(In::string));
    b.imageWatermarks(in.list(i -> ImageWatermark.builder()
        .watermarkKey(i.string())
        .sourceImageRegion(i.optional(r -> Region.of(r.string())))
        .sourceImageId(i.optional(r -> ImageId.parse(r.string())))
        .sourceImageCreationTime(i.optional(In::instant))
        .watermarkCreationTime(i.optional(In::instant))
        .build()));
    return b.build();
  }

  private static BlockDeviceMapping mapping(In in) throws IOException {
    String device = in.string();
    int kind = in.varint();
    return switch (kind) {
      case 0 -> new BlockDeviceMapping.Ebs(device, EbsBlockDevice.builder()
          .snapshotId(in.optional(i -> SnapshotId.parse(i.string())))
          .volumeSize(in.optional(In::varint))
          .volumeType(in.optional(i -> i.name(VolumeType.class)))
          .iops(in.optional(In::varint))
          .throughput(in.optional(In::varint))
          .encrypted(in.optional(In::bool))
          .kmsKeyId(in.optional(In::string))
          .deleteOnTermination(in.optional(In::bool))
          .build());
      case 1 -> new BlockDeviceMapping.Ephemeral(device, in.string());
      case 2 -> new BlockDeviceMapping.NoDevice(device);
      default -> throw in.corrupt("mapping kind " + kind + " is not 0 to 2");
    };
  }

  private static Object snapshot(In in, SnapshotId id) throws IOException {
    Snapshot snapshot = Snapshot.builder()
        .snapshotId(id)
        .volumeId(in.optional(i -> VolumeId.parse(i.string())))
        .state(in.name(SnapshotState.class))
        .stateMessage(in.optional(In::string))
        .startTime(in.instant())
        .progress(in.optional(In::varint))
        .ownerId(in.account())
        .ownerAlias(in.optional(In::string))
        .description(in.optional(In::string))
        .volumeSize(in.varint())
        .tags(tags(in))
        .encrypted(in.optional(In::bool))
        .kmsKeyId(in.optional(In::string))
        .dataEncryptionKeyId(in.optional(In::string))
        .sseType(in.optional(i -> i.name(SseType.class)))
        .outpostArn(in.optional(In::string))
        .availabilityZone(in.optional(In::string))
        .storageTier(in.optional(i -> i.name(StorageTier.class)))
        .restoreExpiryTime(in.optional(In::instant))
        .transferType(in.optional(i -> i.name(TransferType.class)))
        .completionDurationMinutes(in.optional(In::varint))
        .completionTime(in.optional(In::instant))
        .fullSnapshotSizeInBytes(in.optional(In::varlong))
        .build();
    Instant completeAt = in.instant();
    Optional<org.amisdk.storage.block.BlockSnapshotId> data = in.optional(i -> org.amisdk.storage.block.BlockSnapshotId.parse(i.string()));
    ImmutableSet<LaunchPermission> permissions = permissions(in);
    ImmutableMap<AccountId, ImmutableList<Tag>> tags = tagsByAccount(in);
    RegionState.Tier tier = new RegionState.Tier(in.string(), in.optional(In::instant), in.optional(In::instant),
        in.optional(In::instant));
    return new RegionState.SnapshotEntry(snapshot, completeAt, data, permissions, tags, tier);
  }

  private static Object volume(In in, VolumeId id) throws IOException {
    return new RegionState.VolumeEntry(id, in.account(), in.varint(),
        in.optional(i -> SnapshotId.parse(i.string())), in.name(VolumeType.class), in.bool(), in.instant(),
        org.amisdk.storage.block.BlockVolumeId.parse(in.string()), in.optional(i -> InstanceId.parse(i.string())), tags(in));
  }

  private static Object instance(In in, InstanceId id) throws IOException {
    return new RegionState.InstanceEntry(id, in.account(),
        ImageId.parse(in.string()), in.string(), in.name(Architecture.class), in.name(RootDeviceType.class),
        in.optional(In::string),
        in.list(i -> new Instance.Attachment(i.string(), VolumeId.parse(i.string()), i.bool())),
        in.instant(), in.name(RegionState.Phase.class), in.instant(), tags(in),
        in.optional(i -> org.amisdk.storage.block.BlockVolumeId.parse(i.string())));
  }

  private static ImmutableSet<LaunchPermission> permissions(In in) throws IOException {
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

  private static ImmutableList<Tag> tags(In in) throws IOException {
    return in.list(i -> Tag.reported(i.string(), i.string()));
  }

  private static ImmutableMap<AccountId, ImmutableList<Tag>> tagsByAccount(In in) throws IOException {
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

  // ---- bytes

  /** A growing byte array with the layout's primitives. */
  private static final class Out {
    private byte[] bytes = new byte[256];
    private int size;

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    void byte1(int value) {
      ensure(1);
      bytes[size++] = (byte) value;
    }

    void bool(boolean value) {
      byte1(value ? 1 : 0);
    }

    void varint(int value) {
      varlong(value & 0xFFFFFFFFL);
    }

    void varlong(long value) {
      ensure(10);
      while ((value & ~0x7FL) != 0) {
        bytes[size++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      bytes[size++] = (byte) value;
    }

    void string(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      varint(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, bytes, size, utf8.length);
      size += utf8.length;
    }

    void name(Enum<?> value) {
      string(value.name());
    }

    void instant(Instant value) {
      long seconds = value.getEpochSecond();
      varlong((seconds << 1) ^ (seconds >> 63));
      varint(value.getNano());
    }

    <T> void optional(Optional<T> value, java.util.function.Consumer<T> write) {
      bool(value.isPresent());
      value.ifPresent(write);
    }

    <T> void list(Collection<T> values, java.util.function.Consumer<T> write) {
      varint(values.size());
      values.forEach(write);
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }

  /** A batch being read; every read is checked against the bytes left. */
  private static final class In {
    private final byte[] bytes;
    private final String where;
    private final Map<String, AccountId> accounts = new java.util.HashMap<>();
    private int position;

    In(byte[] bytes, String where) {
      this.bytes = bytes;
      this.where = where;
    }

    IOException corrupt(String why) {
      return new IOException(where + " is corrupt at byte " + position + " of its batch: " + why);
    }

    private void need(long count) throws IOException {
      if (count > bytes.length - position) {
        throw corrupt(count + " bytes are announced but only " + (bytes.length - position) + " are left");
      }
    }

    int byte1() throws IOException {
      need(1);
      return bytes[position++] & 0xFF;
    }

    boolean bool() throws IOException {
      int value = byte1();
      if (value > 1) {
        throw corrupt("a flag is " + value + ", not 0 or 1");
      }
      return value == 1;
    }

    long varlong() throws IOException {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = byte1();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw corrupt("a number runs over 10 bytes");
    }

    int varint() throws IOException {
      long value = varlong();
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw corrupt("a number " + value + " is out of range");
      }
      return (int) value;
    }

    /** A count of elements of at least {@code minBytes} each, which must fit in what is left. */
    int count(int minBytes) throws IOException {
      int count = varint();
      need((long) count * minBytes);
      return count;
    }

    String string() throws IOException {
      int length = varint();
      need(length);
      String value = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return value;
    }

    /** An account id; the few distinct ones of a batch are parsed once. */
    AccountId account() throws IOException {
      return account(string());
    }

    AccountId account(String text) {
      AccountId account = accounts.get(text);
      if (account == null) {
        account = AccountId.parse(text);
        accounts.put(text, account);
      }
      return account;
    }

    <E extends Enum<E>> E name(Class<E> type) throws IOException {
      String name = string();
      try {
        return Enum.valueOf(type, name);
      } catch (IllegalArgumentException e) {
        throw corrupt(type.getSimpleName() + " has no value " + name);
      }
    }

    Instant instant() throws IOException {
      long zigzag = varlong();
      long seconds = (zigzag >>> 1) ^ -(zigzag & 1);
      int nanos = varint();
      if (nanos > 999_999_999) {
        throw corrupt("an instant has " + nanos + " nanoseconds");
      }
      try {
        return Instant.ofEpochSecond(seconds, nanos);
      } catch (java.time.DateTimeException e) {
        throw corrupt("an instant of " + seconds + " seconds is out of range");
      }
    }

    <T> Optional<T> optional(Reader<T> read) throws IOException {
      return bool() ? Optional.of(read.read(this)) : Optional.empty();
    }

    <T> ImmutableList<T> list(Reader<T> read) throws IOException {
      int count = count(1);
      ImmutableList.Builder<T> values = ImmutableList.builderWithExpectedSize(count);
      for (int i = 0; i < count; i++) {
        values.add(read.read(this));
      }
      return values.build();
    }

    void end() throws IOException {
      if (position != bytes.length) {
        throw corrupt((bytes.length - position) + " bytes follow its last change");
      }
    }
  }

  /** Reads one value. */
  @FunctionalInterface
  private interface Reader<T> {
    T read(In in) throws IOException;
  }
}
