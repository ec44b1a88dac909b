package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.amisdk.model.AccountId;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageWatermark;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.ProductCode;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.StateReason;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeId;

/**
 * A region's catalog in bytes: a batch of changes, each a key (an image, snapshot, volume or
 * instance id, an account for its settings, a binned image or snapshot, a Recycle Bin rule's
 * identifier, an account's client token) and either the key's whole entry or its absence.
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
      Map.entry(RegionState.SnapshotEntry.class, 7), Map.entry(RegionState.VolumeEntry.class, 16),
      Map.entry(RegionState.InstanceEntry.class, 15), Map.entry(RegionState.Protection.class, 3),
      Map.entry(RegionState.Tier.class, 4), Map.entry(RegionState.Deadline.class, 2), Map.entry(ClientTokens.Use.class, 3), Map.entry(RegionState.Attachment.class, 5),
      Map.entry(RegionState.BinnedImage.class, 3), Map.entry(RegionState.BinnedSnapshot.class, 3),
      Map.entry(RegionState.RuleEntry.class, 3), Map.entry(RetentionRuleRequest.class, 5));

  static final int IMAGE = 1;
  static final int SNAPSHOT = 2;
  static final int VOLUME = 3;
  static final int INSTANCE = 4;
  static final int ACCOUNT = 5;
  static final int BINNED_IMAGE = 6;
  static final int BINNED_SNAPSHOT = 7;
  static final int RULE = 8;
  /** A snapshot being written through the EBS direct APIs: a {@link #SNAPSHOT} and its deadline (since version 4). */
  static final int STARTED_SNAPSHOT = 9;
  /** An account's client token and what it was first used for (since version 4). */
  static final int CLIENT_TOKEN = 10;
  /** The settings bit of an account that turned image block public access on. */
  static final int BLOCKS_PUBLIC_ACCESS = 1;

  private Catalog() {}

  /** One change: a key and its entry, or {@code null} when the key was removed. */
  record Change(Object key, Object entry) {}

  // ---- writing

  /** The batch recording the current entry (or absence) of each of {@code keys} in {@code state}. */
  static byte[] changes(RegionState state, Collection<Object> keys) {
    CatalogOut out = new CatalogOut();
    out.varint(keys.size());
    for (Object key : keys) {
      change(out, key, current(state, key));
    }
    return out.toByteArray();
  }

  /** Every entry of {@code state} as a put: what a checkpoint holds. Cheap (no encoding): called under the region's lock. */
  static List<Change> contents(RegionState state) {
    List<Change> all = new ArrayList<>(state.images().size() + state.snapshots().size() + state.volumes().size()
        + state.instances().size() + state.blockPublicAccessSettings().size() + state.binnedImages().size()
        + state.binnedSnapshots().size() + state.rules().size() + state.tokens.all().size());
    state.images().forEach(e -> all.add(new Change(e.image().imageId(), e)));
    state.snapshots().forEach(e -> all.add(new Change(e.snapshot().snapshotId(), e)));
    state.volumes().forEach(e -> all.add(new Change(e.id(), e)));
    state.instances().forEach(e -> all.add(new Change(e.id(), e)));
    state.blockPublicAccessSettings().forEach((a, on) -> all.add(new Change(a, on ? BLOCKS_PUBLIC_ACCESS : 0)));
    state.binnedImages().forEach(b -> all.add(new Change(new RegionState.InBin(b.entry().image().imageId()), b)));
    state.binnedSnapshots().forEach(b -> all.add(new Change(new RegionState.InBin(b.entry().snapshot().snapshotId()), b)));
    state.rules().forEach(r -> all.add(new Change(r.id(), r)));
    state.tokens.all().forEach((key, use) -> all.add(new Change(key, use)));
    return all;
  }

  /**
   * A checkpoint's batches of {@code contents} (from {@link #contents}), images in name order so
   * that loading inserts them into the name index in order (much faster than at random).
   */
  static List<byte[]> checkpoint(List<Change> contents, int perBatch) {
    List<Change> sorted = new ArrayList<>(contents);
    sorted.sort(Comparator.comparing(Catalog::imageName));
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
      CatalogOut out = new CatalogOut();
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
      return state.blockPublicAccess(account).map(on -> on ? BLOCKS_PUBLIC_ACCESS : 0).orElse(null);
    } else if (key instanceof RegionState.InBin bin && bin.id() instanceof ImageId id) {
      return state.binnedImage(id).orElse(null);
    } else if (key instanceof RegionState.InBin bin && bin.id() instanceof SnapshotId id) {
      return state.binnedSnapshot(id).orElse(null);
    } else if (key instanceof String rule) {
      return state.rule(rule).orElse(null);
    } else if (key instanceof ClientTokens.Key token) {
      return state.tokens.get(token).orElse(null);
    }
    throw new IllegalArgumentException("catalog key " + key + " is of no kind the journal records");
  }

  private static void change(CatalogOut out, Object key, Object entry) {
    int kind = key instanceof ImageId ? IMAGE
        : key instanceof SnapshotId ? (entry instanceof RegionState.SnapshotEntry e && e.deadline().isPresent() ? STARTED_SNAPSHOT : SNAPSHOT)
        : key instanceof VolumeId ? VOLUME
        : key instanceof InstanceId ? INSTANCE : key instanceof AccountId ? ACCOUNT
        : key instanceof RegionState.InBin bin ? (bin.id() instanceof ImageId ? BINNED_IMAGE : BINNED_SNAPSHOT)
        : key instanceof ClientTokens.Key ? CLIENT_TOKEN : RULE;
    out.varint(kind);
    out.string(key instanceof RegionState.InBin bin ? bin.id().toString() : key.toString());
    out.bool(entry != null);
    if (entry == null) {
      return;
    }
    switch (kind) {
      case IMAGE -> image(out, (RegionState.ImageEntry) entry);
      case SNAPSHOT -> snapshot(out, (RegionState.SnapshotEntry) entry);
      case STARTED_SNAPSHOT -> {
        RegionState.SnapshotEntry started = (RegionState.SnapshotEntry) entry;
        snapshot(out, started);
        out.varlong(started.deadline().get().timeout().toSeconds());
        out.instant(started.deadline().get().at());
      }
      case VOLUME -> volume(out, (RegionState.VolumeEntry) entry);
      case INSTANCE -> instance(out, (RegionState.InstanceEntry) entry);
      case BINNED_IMAGE -> {
        RegionState.BinnedImage binned = (RegionState.BinnedImage) entry;
        image(out, binned.entry());
        out.instant(binned.entered());
        out.instant(binned.exits());
      }
      case BINNED_SNAPSHOT -> {
        RegionState.BinnedSnapshot binned = (RegionState.BinnedSnapshot) entry;
        snapshot(out, binned.entry());
        out.instant(binned.entered());
        out.instant(binned.exits());
      }
      case RULE -> rule(out, (RegionState.RuleEntry) entry);
      case CLIENT_TOKEN -> {
        ClientTokens.Use use = (ClientTokens.Use) entry;
        out.string(use.action());
        out.string(use.parameters());
        out.list(use.results(), out::string);
      }
      default -> out.varint((Integer) entry);
    }
  }

  private static void image(CatalogOut out, RegionState.ImageEntry e) {
    image(out, e.image());
    permissions(out, e.permissions());
    tagsByAccount(out, e.tags());
    out.instant(e.availableAt());
    out.bool(e.protection().enabled());
    out.bool(e.protection().cooldown());
    out.optional(e.protection().until(), out::instant);
  }

  private static void image(CatalogOut out, Image i) {
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

  private static void mapping(CatalogOut out, BlockDeviceMapping mapping) {
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

  private static void snapshot(CatalogOut out, RegionState.SnapshotEntry e) {
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

  private static void volume(CatalogOut out, RegionState.VolumeEntry e) {
    out.string(e.owner().toString());
    out.varint(e.size());
    out.optional(e.snapshotId(), id -> out.string(id.toString()));
    out.name(e.type());
    out.bool(e.encrypted());
    out.optional(e.kmsKeyId(), out::string);
    out.optional(e.iops(), out::varint);
    out.optional(e.throughput(), out::varint);
    out.string(e.zone());
    out.instant(e.created());
    out.instant(e.availableAt());
    out.string(e.data().toString());
    out.optional(e.attachment(), a -> {
      out.string(a.instance().toString());
      out.string(a.device());
      out.instant(a.attachTime());
      out.instant(a.attachedAt());
      out.optional(a.detachedAt(), out::instant);
    });
    out.optional(e.goneAt(), out::instant);
    tags(out, e.tags());
  }

  private static void instance(CatalogOut out, RegionState.InstanceEntry e) {
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
    out.string(e.zone());
    out.name(e.phase());
    out.instant(e.phaseEnds());
    tags(out, e.tags());
    out.optional(e.instanceStore(), v -> out.string(v.toString()));
    out.string(e.reservation().toString());
  }

  private static void rule(CatalogOut out, RegionState.RuleEntry e) {
    out.string(e.owner().toString());
    RetentionRuleRequest spec = e.spec();
    out.name(spec.resourceType());
    out.varint(spec.retentionDays());
    out.optional(spec.description(), out::string);
    tags(out, spec.resourceTags());
    tags(out, spec.excludeResourceTags());
  }

  private static void permissions(CatalogOut out, Collection<LaunchPermission> permissions) {
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

  private static void tags(CatalogOut out, List<Tag> tags) {
    out.list(tags, t -> {
      out.string(t.key());
      out.string(t.value());
    });
  }

  private static void tagsByAccount(CatalogOut out, ImmutableMap<AccountId, ImmutableList<Tag>> tags) {
    out.list(tags.entrySet(), e -> {
      out.string(e.getKey().toString());
      tags(out, e.getValue());
    });
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
      } else if (key instanceof AccountId account) {
        if (entry == null) {
          state.clearBlockPublicAccess(account);
        } else {
          state.blockPublicAccess(account, ((Integer) entry & BLOCKS_PUBLIC_ACCESS) != 0);
        }
      } else if (key instanceof RegionState.InBin bin && bin.id() instanceof ImageId id) {
        if (entry == null) {
          state.removeBinnedImage(id);
        } else {
          state.put((RegionState.BinnedImage) entry);
        }
      } else if (key instanceof RegionState.InBin bin && bin.id() instanceof SnapshotId id) {
        if (entry == null) {
          state.removeBinnedSnapshot(id);
        } else {
          state.put((RegionState.BinnedSnapshot) entry);
        }
      } else if (key instanceof ClientTokens.Key token) {
        if (entry == null) {
          state.tokens.remove(token);
        } else {
          state.tokens.put(token, (ClientTokens.Use) entry);
        }
      } else {
        if (entry == null) {
          state.removeRule((String) key);
        } else {
          state.put((RegionState.RuleEntry) entry);
        }
      }
    }
    state.changed.clear();
  }
}
