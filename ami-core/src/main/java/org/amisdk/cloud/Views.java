package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.amisdk.model.AccountId;
import org.amisdk.model.AvailabilityZone;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.Instance;
import org.amisdk.model.ImageState;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.StorageTier;
import org.amisdk.model.Tag;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeAttachment;
import org.amisdk.model.WireValue;
/**
 * How a caller sees the catalog: states computed from the clock, only the caller's own tags, the
 * describe filters (docs/ec2-coverage.md lists them) and page tokens.
 */
final class Views {
  /** EC2's time text for filters, made on first use (building a formatter is slow in a cold JVM). */
  private static final class Iso {
    static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  }

  private static String iso(java.time.temporal.TemporalAccessor time) {
    return Iso.MILLIS.format(time);
  }

  private Views() {}

  // ---- access

  /** Whether the caller, covered by {@code principals} (its account, everyone, its organization and OUs), may launch the image. */
  static boolean mayLaunch(AccountId caller, Set<LaunchPermission> principals, RegionState.ImageEntry entry) {
    return entry.image().ownerId().equals(caller) || grants(entry.permissions(), principals);
  }

  /** Whether the caller may create volumes from (and copy) the snapshot. */
  static boolean mayRestore(AccountId caller, Set<LaunchPermission> principals, RegionState.SnapshotEntry entry) {
    return entry.snapshot().ownerId().equals(caller) || grants(entry.permissions(), principals);
  }

  private static boolean grants(Collection<LaunchPermission> permissions, Set<LaunchPermission> principals) {
    for (LaunchPermission permission : permissions) {
      if (principals.contains(permission)) {
        return true;
      }
    }
    return false;
  }

  // ---- states from the clock

  static ImageState imageState(RegionState.ImageEntry entry, Instant now) {
    ImageState stored = entry.image().state();
    return stored == ImageState.PENDING && !now.isBefore(entry.availableAt()) ? ImageState.AVAILABLE : stored;
  }

  static boolean isDeprecated(Image image, Instant now) {
    return image.deprecationTime().map(t -> !t.isAfter(now)).orElse(false);
  }

  static Image image(RegionState.ImageEntry entry, AccountId caller, Instant now) {
    Image stored = entry.image();
    ImageState state = imageState(entry, now);
    List<Tag> tags = entry.tags().getOrDefault(caller, ImmutableList.of());
    Optional<String> protection = entry.protection().equals(RegionState.Protection.NONE)
        ? stored.deregistrationProtection() : Optional.of(entry.protection().wireValue(now));
    if (state == stored.state() && tags.isEmpty() && protection.equals(stored.deregistrationProtection())) {
      return stored;
    }
    return Image.builder().from(stored).state(state).tags(tags).deregistrationProtection(protection).build();
  }

  /** A snapshot's state at {@code now}: a started one past its deadline is in error (cancelled), a pending one done by then completed. */
  static SnapshotState snapshotState(RegionState.SnapshotEntry entry, Instant now) {
    SnapshotState stored = entry.snapshot().state();
    if (stored != SnapshotState.PENDING) {
      return stored;
    }
    if (entry.deadline().isPresent()) {
      return now.isBefore(entry.deadline().get().at()) ? SnapshotState.PENDING : SnapshotState.ERROR;
    }
    return now.isBefore(entry.completeAt()) ? SnapshotState.PENDING : SnapshotState.COMPLETED;
  }

  static StorageTier tier(RegionState.SnapshotEntry entry, Instant now) {
    RegionState.Tier tier = entry.tier();
    boolean done = tier.completes().map(t -> !now.isBefore(t)).orElse(true);
    return switch (tier.lastOperation()) {
      case "archival" -> done ? StorageTier.ARCHIVE : StorageTier.STANDARD;
      case "temporary-restore" -> done && tier.restoreExpiry().map(now::isBefore).orElse(false)
          ? StorageTier.STANDARD : StorageTier.ARCHIVE;
      case "permanent-restore" -> done ? StorageTier.STANDARD : StorageTier.ARCHIVE;
      default -> StorageTier.STANDARD;
    };
  }

  static Snapshot snapshot(RegionState.SnapshotEntry entry, AccountId caller, Instant now) {
    Snapshot stored = entry.snapshot();
    Snapshot.Builder view = Snapshot.builder().from(stored);
    SnapshotState state = snapshotState(entry, now);
    view.state(state).storageTier(tier(entry, now));
    if (state == SnapshotState.COMPLETED) {
      view.progress(100).completionTime(stored.completionTime().orElse(entry.completeAt()));
    } else if (state == SnapshotState.PENDING) {
      long total = Duration.between(stored.startTime(), entry.completeAt()).toMillis();
      long done = Duration.between(stored.startTime(), now).toMillis();
      view.progress(total <= 0 ? 99 : (int) Math.max(0, Math.min(99, done * 100 / total)));
    }
    if (entry.tier().lastOperation().equals("temporary-restore")) {
      view.restoreExpiryTime(entry.tier().restoreExpiry());
    }
    return view.tags(entry.tags().getOrDefault(caller, ImmutableList.of())).build();
  }

  // ---- filters

  /** The values filter {@code name} reads from a image, or null for a filter EC2 does not have. Lambdas are made
   * only for the filters used, which keeps a fresh cloud's first describe fast. */
  private static Function<Image, Stream<String>> imageField(String name) {
    return switch (name) {
      case "architecture" -> i -> wire(i.architecture());
      case "block-device-mapping.delete-on-termination" -> i -> ebs(i).map(e -> e.deleteOnTermination().map(String::valueOf).orElse(null));
      case "block-device-mapping.device-name" -> i -> i.blockDeviceMappings().stream().map(BlockDeviceMapping::deviceName);
      case "block-device-mapping.snapshot-id" -> i -> ebs(i).map(e -> e.snapshotId().map(Object::toString).orElse(null));
      case "block-device-mapping.volume-size" -> i -> ebs(i).map(e -> e.volumeSize().map(String::valueOf).orElse(null));
      case "block-device-mapping.volume-type" -> i -> ebs(i).map(e -> e.effectiveVolumeType().wireValue());
      case "block-device-mapping.encrypted" -> i -> ebs(i).map(e -> String.valueOf(e.encrypted().orElse(false)));
      case "creation-date" -> i -> opt(i.creationDate().map(Views::iso));
      case "description" -> i -> opt(i.description());
      case "ena-support" -> i -> opt(i.enaSupport().map(String::valueOf));
      case "free-tier-eligible" -> i -> opt(i.freeTierEligible().map(String::valueOf));
      case "hypervisor" -> i -> wire(i.hypervisor());
      case "image-allowed" -> i -> Stream.of(String.valueOf(i.imageAllowed().orElse(true)));
      case "image-id" -> i -> Stream.of(i.imageId().toString());
      case "image-type" -> i -> wire(i.imageType());
      case "image-watermark.source-image-creation-time" -> i -> i.imageWatermarks().stream().map(w -> w.sourceImageCreationTime().map(Views::iso).orElse(null));
      case "image-watermark.source-image-id" -> i -> i.imageWatermarks().stream().map(w -> w.sourceImageId().map(Object::toString).orElse(null));
      case "image-watermark.source-image-region" -> i -> i.imageWatermarks().stream().map(w -> w.sourceImageRegion().map(Object::toString).orElse(null));
      case "image-watermark.watermark-creation-time" -> i -> i.imageWatermarks().stream().map(w -> w.watermarkCreationTime().map(Views::iso).orElse(null));
      case "image-watermark.watermark-key" -> i -> i.imageWatermarks().stream().map(w -> w.watermarkKey());
      case "is-public" -> i -> Stream.of(String.valueOf(i.isPublic()));
      case "kernel-id" -> i -> opt(i.kernelId().map(Object::toString));
      case "manifest-location" -> i -> opt(i.imageLocation());
      case "name" -> i -> opt(i.name());
      case "owner-alias" -> i -> opt(i.imageOwnerAlias());
      case "owner-id" -> i -> Stream.of(i.ownerId().toString());
      case "platform" -> i -> opt(i.platform().map(Views::wireValue));
      case "product-code" -> i -> i.productCodes().stream().map(p -> p.productCodeId());
      case "product-code.type" -> i -> i.productCodes().stream().map(p -> p.type().wireValue());
      case "public-ssm-parameter-name" -> i -> opt(i.publicSsmParameterName());
      case "ramdisk-id" -> i -> opt(i.ramdiskId().map(Object::toString));
      case "root-device-name" -> i -> opt(i.rootDeviceName());
      case "root-device-type" -> i -> wire(i.rootDeviceType());
      case "source-image-id" -> i -> opt(i.sourceImageId().map(Object::toString));
      case "source-image-region" -> i -> opt(i.sourceImageRegion().map(Object::toString));
      case "source-instance-id" -> i -> opt(i.sourceInstanceId().map(Object::toString));
      case "state" -> i -> wire(i.state());
      case "state-reason-code" -> i -> opt(i.stateReason().map(r -> r.code()));
      case "state-reason-message" -> i -> opt(i.stateReason().map(r -> r.message()));
      case "sriov-net-support" -> i -> opt(i.sriovNetSupport());
      case "tag-key" -> i -> i.tags().stream().map(Tag::key);
      case "virtualization-type" -> i -> wire(i.virtualizationType());
      default -> null;
    };
  }

  /** The values filter {@code name} reads from a snapshot, or null for a filter EC2 does not have. Lambdas are made
   * only for the filters used, which keeps a fresh cloud's first describe fast. */
  private static Function<Snapshot, Stream<String>> snapshotField(String name) {
    return switch (name) {
      case "description" -> s -> opt(s.description());
      case "encrypted" -> s -> Stream.of(String.valueOf(s.isEncrypted()));
      case "owner-alias" -> s -> opt(s.ownerAlias());
      case "owner-id" -> s -> Stream.of(s.ownerId().toString());
      case "kms-key-id" -> s -> opt(s.kmsKeyId());
      case "progress" -> s -> opt(s.progress().map(p -> p + "%"));
      case "snapshot-id" -> s -> Stream.of(s.snapshotId().toString());
      case "start-time" -> s -> Stream.of(iso(s.startTime()));
      case "status" -> s -> wire(s.state());
      case "storage-tier" -> s -> opt(s.storageTier().map(Views::wireValue));
      case "transfer-type" -> s -> opt(s.transferType().map(Views::wireValue));
      case "tag-key" -> s -> s.tags().stream().map(Tag::key);
      case "volume-id" -> s -> opt(s.volumeId().map(Object::toString));
      case "volume-size" -> s -> Stream.of(String.valueOf(s.volumeSize()));
      default -> null;
    };
  }

  /** A compiled filter list: each filter's values as wildcards, ANDed across filters, ORed within. */
  record Matcher<T>(List<Function<T, Stream<String>>> fields, List<List<Wildcard>> patterns) {
    boolean matches(T value) {
      for (int i = 0; i < fields.size(); i++) {
        List<Wildcard> any = patterns.get(i);
        if (fields.get(i).apply(value).noneMatch(v -> v != null && any.stream().anyMatch(w -> w.matches(v)))) {
          return false;
        }
      }
      return true;
    }
  }

  static Matcher<Image> imageMatcher(List<Filter> filters) {
    return matcher(filters, Views::imageField, (i, key) -> i.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value));
  }

  static Matcher<Instance> instanceMatcher(List<Filter> filters) {
    return matcher(filters, Views::instanceField, (i, key) -> i.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value));
  }

  /** The values filter {@code name} reads from an instance, or null for a filter this local cloud does not have. */
  private static Function<Instance, Stream<String>> instanceField(String name) {
    return switch (name) {
      case "instance-id" -> i -> Stream.of(i.instanceId().toString());
      case "instance-state-name" -> i -> Stream.of(i.state().wireValue());
      case "image-id" -> i -> Stream.of(i.imageId().toString());
      case "instance-type" -> i -> Stream.of(i.instanceType());
      case "architecture" -> i -> Stream.of(i.architecture().wireValue());
      case "root-device-type" -> i -> Stream.of(i.rootDeviceType().wireValue());
      case "owner-id" -> i -> Stream.of(i.ownerId().toString());
      case "reservation-id" -> i -> Stream.of(i.reservationId().toString());
      case "tag-key" -> i -> i.tags().stream().map(Tag::key);
      default -> null;
    };
  }

  static Matcher<Volume> volumeMatcher(List<Filter> filters) {
    return matcher(filters, Views::volumeField, (v, key) -> v.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value));
  }

  /** The values filter {@code name} reads from a volume (the API reference's DescribeVolumes filters), or null for another name. */
  private static Function<Volume, Stream<String>> volumeField(String name) {
    return switch (name) {
      case "attachment.attach-time" -> v -> v.attachments().stream().map(a -> iso(a.attachTime()));
      case "attachment.delete-on-termination" -> v -> v.attachments().stream().map(a -> String.valueOf(a.deleteOnTermination()));
      case "attachment.device" -> v -> v.attachments().stream().map(VolumeAttachment::device);
      case "attachment.instance-id" -> v -> v.attachments().stream().map(a -> a.instanceId().toString());
      case "attachment.status" -> v -> v.attachments().stream().map(a -> a.state().wireValue());
      case "availability-zone" -> v -> Stream.of(v.availabilityZone());
      case "create-time" -> v -> Stream.of(iso(v.createTime()));
      case "encrypted" -> v -> Stream.of(String.valueOf(v.encrypted()));
      case "multi-attach-enabled" -> v -> Stream.of("false");
      case "size" -> v -> Stream.of(String.valueOf(v.size()));
      case "snapshot-id" -> v -> v.snapshotId().stream().map(Object::toString);
      case "status" -> v -> Stream.of(v.state().wireValue());
      case "volume-id" -> v -> Stream.of(v.volumeId().toString());
      case "volume-type" -> v -> Stream.of(v.volumeType().wireValue());
      case "tag-key" -> v -> v.tags().stream().map(Tag::key);
      default -> null;
    };
  }

  /**
   * The matcher of DescribeAvailabilityZones' filters (the API reference's list); {@code message},
   * {@code parent-zone-name} and {@code parent-zone-id} match no Availability Zone, which has none.
   */
  static Matcher<AvailabilityZone> zoneMatcher(List<Filter> filters) {
    return matcher(filters, name -> switch (name) {
      case "zone-name" -> z -> Stream.of(z.zoneName());
      case "zone-id" -> z -> Stream.of(z.zoneId());
      case "region-name" -> z -> Stream.of(z.region().code());
      case "state" -> z -> Stream.of(z.state());
      case "zone-type" -> z -> Stream.of(z.zoneType());
      case "group-name" -> z -> Stream.of(z.groupName());
      case "opt-in-status" -> z -> Stream.of(z.optInStatus());
      case "message", "parent-zone-name", "parent-zone-id" -> z -> Stream.empty();
      default -> null;
    }, (z, key) -> Stream.empty());
  }

  /** The matcher of DescribeTags' filters: key, value, resource-id, resource-type and tag:<key> (the resource's tag of that key). */
  static Matcher<DescribeTagsResponse.TagDescription> tagMatcher(List<Filter> filters) {
    return matcher(filters, name -> switch (name) {
      case "key" -> t -> Stream.of(t.tag().key());
      case "value" -> t -> Stream.of(t.tag().value());
      case "resource-id" -> t -> Stream.of(t.resourceId().toString());
      case "resource-type" -> t -> Stream.of(t.resourceType());
      default -> null;
    }, (t, key) -> t.tag().key().equals(key) ? Stream.of(t.tag().value()) : Stream.empty());
  }

  static Matcher<Snapshot> snapshotMatcher(List<Filter> filters) {
    return matcher(filters, Views::snapshotField, (s, key) -> s.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value));
  }

  private static <T> Matcher<T> matcher(List<Filter> filters, Function<String, Function<T, Stream<String>>> known,
      BiFunction<T, String, Stream<String>> tagValues) {
    List<Function<T, Stream<String>>> fields = new ArrayList<>();
    List<List<Wildcard>> patterns = new ArrayList<>();
    for (Filter filter : filters) {
      Function<T, Stream<String>> field = known.apply(filter.name());
      if (field == null && filter.name().startsWith("tag:") && filter.name().length() > 4) {
        String key = filter.name().substring(4);
        field = value -> tagValues.apply(value, key);
      }
      if (field == null) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "The filter '%s' is invalid", filter.name());
      }
      if (filter.values().isEmpty()) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_FILTER, "filter %s has no values: a filter needs at least one value", filter.name());
      }
      fields.add(field);
      patterns.add(filter.values().stream().map(Wildcard::of).toList());
    }
    return new Matcher<>(fields, patterns);
  }

  /** The values of the {@code name} filters (there may be several filters of one name; each must match). */
  static List<List<Wildcard>> namePatterns(List<Filter> filters) {
    return filters.stream().filter(f -> f.name().equals("name")).map(f -> f.values().stream().map(Wildcard::of).toList()).toList();
  }

  private static Stream<EbsBlockDevice> ebs(Image image) {
    return image.blockDeviceMappings().stream()
        .filter(m -> m instanceof BlockDeviceMapping.Ebs).map(m -> ((BlockDeviceMapping.Ebs) m).ebs());
  }

  private static Stream<String> opt(Optional<String> value) {
    return value.stream();
  }

  private static Stream<String> wire(WireValue value) {
    return Stream.of(value.wireValue());
  }

  private static String wireValue(WireValue value) {
    return value.wireValue();
  }

  // ---- pages

  static String token(String lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  /** The id a token continues after. */
  static String afterToken(String token) {
    try {
      String id = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!id.matches("(ami|snap|vol|i)-[0-9a-f]{8,17}")) {
        throw new IllegalArgumentException(id);
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw invalidToken(token);
    }
  }

  /** The refusal of a next token no page returned ({@code InvalidNextToken}), quoting at most 64 characters of it. */
  static Ec2Exception invalidToken(String token) {
    return Ec2Exception.of(Ec2ErrorCode.INVALID_NEXT_TOKEN, "next token \"%s\" is not valid: pass the token a previous page returned",
        token.length() > 64 ? token.substring(0, 64) + "..." : token);
  }
}
