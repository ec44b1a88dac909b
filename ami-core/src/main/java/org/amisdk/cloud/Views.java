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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.amisdk.model.AccountId;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Image;
import org.amisdk.model.ImageState;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotState;
import org.amisdk.model.StorageTier;
import org.amisdk.model.Tag;
import org.amisdk.model.WireValue;

/**
 * How a caller sees the catalog: states computed from the clock, only the caller's own tags, the
 * describe filters of section 11 and page tokens.
 */
final class Views {
  static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

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

  static SnapshotState snapshotState(RegionState.SnapshotEntry entry, Instant now) {
    SnapshotState stored = entry.snapshot().state();
    return stored == SnapshotState.PENDING && !now.isBefore(entry.completeAt()) ? SnapshotState.COMPLETED : stored;
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

  private static final Map<String, Function<Image, Stream<String>>> IMAGE_FILTERS = Map.ofEntries(
      Map.entry("architecture", i -> wire(i.architecture())),
      Map.entry("block-device-mapping.delete-on-termination", i -> ebs(i).map(e -> e.deleteOnTermination().map(String::valueOf).orElse(null))),
      Map.entry("block-device-mapping.device-name", i -> i.blockDeviceMappings().stream().map(BlockDeviceMapping::deviceName)),
      Map.entry("block-device-mapping.snapshot-id", i -> ebs(i).map(e -> e.snapshotId().map(Object::toString).orElse(null))),
      Map.entry("block-device-mapping.volume-size", i -> ebs(i).map(e -> e.volumeSize().map(String::valueOf).orElse(null))),
      Map.entry("block-device-mapping.volume-type", i -> ebs(i).map(e -> e.effectiveVolumeType().wireValue())),
      Map.entry("block-device-mapping.encrypted", i -> ebs(i).map(e -> String.valueOf(e.encrypted().orElse(false)))),
      Map.entry("creation-date", i -> opt(i.creationDate().map(ISO_MILLIS::format))),
      Map.entry("description", i -> opt(i.description())),
      Map.entry("ena-support", i -> opt(i.enaSupport().map(String::valueOf))),
      Map.entry("free-tier-eligible", i -> opt(i.freeTierEligible().map(String::valueOf))),
      Map.entry("hypervisor", i -> wire(i.hypervisor())),
      Map.entry("image-allowed", i -> Stream.of(String.valueOf(i.imageAllowed().orElse(true)))),
      Map.entry("image-id", i -> Stream.of(i.imageId().toString())),
      Map.entry("image-type", i -> wire(i.imageType())),
      Map.entry("image-watermark.source-image-creation-time", i -> i.imageWatermarks().stream().map(w -> w.sourceImageCreationTime().map(ISO_MILLIS::format).orElse(null))),
      Map.entry("image-watermark.source-image-id", i -> i.imageWatermarks().stream().map(w -> w.sourceImageId().map(Object::toString).orElse(null))),
      Map.entry("image-watermark.source-image-region", i -> i.imageWatermarks().stream().map(w -> w.sourceImageRegion().map(Object::toString).orElse(null))),
      Map.entry("image-watermark.watermark-creation-time", i -> i.imageWatermarks().stream().map(w -> w.watermarkCreationTime().map(ISO_MILLIS::format).orElse(null))),
      Map.entry("image-watermark.watermark-key", i -> i.imageWatermarks().stream().map(w -> w.watermarkKey())),
      Map.entry("is-public", i -> Stream.of(String.valueOf(i.isPublic()))),
      Map.entry("kernel-id", i -> opt(i.kernelId().map(Object::toString))),
      Map.entry("manifest-location", i -> opt(i.imageLocation())),
      Map.entry("name", i -> opt(i.name())),
      Map.entry("owner-alias", i -> opt(i.imageOwnerAlias())),
      Map.entry("owner-id", i -> Stream.of(i.ownerId().toString())),
      Map.entry("platform", i -> opt(i.platform().map(Views::wireValue))),
      Map.entry("product-code", i -> i.productCodes().stream().map(p -> p.productCodeId())),
      Map.entry("product-code.type", i -> i.productCodes().stream().map(p -> p.type().wireValue())),
      Map.entry("public-ssm-parameter-name", i -> opt(i.publicSsmParameterName())),
      Map.entry("ramdisk-id", i -> opt(i.ramdiskId().map(Object::toString))),
      Map.entry("root-device-name", i -> opt(i.rootDeviceName())),
      Map.entry("root-device-type", i -> wire(i.rootDeviceType())),
      Map.entry("source-image-id", i -> opt(i.sourceImageId().map(Object::toString))),
      Map.entry("source-image-region", i -> opt(i.sourceImageRegion().map(Object::toString))),
      Map.entry("source-instance-id", i -> opt(i.sourceInstanceId().map(Object::toString))),
      Map.entry("state", i -> wire(i.state())),
      Map.entry("state-reason-code", i -> opt(i.stateReason().map(r -> r.code()))),
      Map.entry("state-reason-message", i -> opt(i.stateReason().map(r -> r.message()))),
      Map.entry("sriov-net-support", i -> opt(i.sriovNetSupport())),
      Map.entry("tag-key", i -> i.tags().stream().map(Tag::key)),
      Map.entry("virtualization-type", i -> wire(i.virtualizationType())));

  private static final Map<String, Function<Snapshot, Stream<String>>> SNAPSHOT_FILTERS = Map.ofEntries(
      Map.entry("description", s -> opt(s.description())),
      Map.entry("encrypted", s -> Stream.of(String.valueOf(s.isEncrypted()))),
      Map.entry("owner-alias", s -> opt(s.ownerAlias())),
      Map.entry("owner-id", s -> Stream.of(s.ownerId().toString())),
      Map.entry("progress", s -> opt(s.progress().map(p -> p + "%"))),
      Map.entry("snapshot-id", s -> Stream.of(s.snapshotId().toString())),
      Map.entry("start-time", s -> Stream.of(ISO_MILLIS.format(s.startTime()))),
      Map.entry("status", s -> wire(s.state())),
      Map.entry("storage-tier", s -> opt(s.storageTier().map(Views::wireValue))),
      Map.entry("transfer-type", s -> opt(s.transferType().map(Views::wireValue))),
      Map.entry("tag-key", s -> s.tags().stream().map(Tag::key)),
      Map.entry("volume-id", s -> opt(s.volumeId().map(Object::toString))),
      Map.entry("volume-size", s -> Stream.of(String.valueOf(s.volumeSize()))));

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
    return matcher(filters, IMAGE_FILTERS, (i, key) -> i.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value));
  }

  static Matcher<Snapshot> snapshotMatcher(List<Filter> filters) {
    return matcher(filters, SNAPSHOT_FILTERS, (s, key) -> s.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value));
  }

  private static <T> Matcher<T> matcher(List<Filter> filters, Map<String, Function<T, Stream<String>>> known,
      BiFunction<T, String, Stream<String>> tagValues) {
    List<Function<T, Stream<String>>> fields = new ArrayList<>();
    List<List<Wildcard>> patterns = new ArrayList<>();
    for (Filter filter : filters) {
      Function<T, Stream<String>> field = known.get(filter.name());
      if (field == null && filter.name().startsWith("tag:") && filter.name().length() > 4) {
        String key = filter.name().substring(4);
        field = value -> tagValues.apply(value, key);
      }
      if (field == null) {
        throw Refusals.refuse(org.amisdk.model.Ec2Exception.INVALID_PARAMETER_VALUE, "The filter '%s' is invalid", filter.name());
      }
      if (filter.values().isEmpty()) {
        throw Refusals.refuse(Refusals.INVALID_FILTER, "filter %s has no values: a filter needs at least one value", filter.name());
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
      if (!id.matches("(ami|snap)-[0-9a-f]{8,17}")) {
        throw new IllegalArgumentException(id);
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw Refusals.refuse(Refusals.INVALID_NEXT_TOKEN, "next token \"%s\" is not valid: pass the token a previous page returned",
          token.length() > 64 ? token.substring(0, 64) + "..." : token);
    }
  }
}
