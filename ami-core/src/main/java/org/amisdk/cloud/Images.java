package org.amisdk.cloud;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.amisdk.model.AccountId;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.StorageTier;
import org.amisdk.model.Tag;
import org.amisdk.model.VirtualizationType;

/** Images: registration, describe, deregistration and copy; owns the image state changes other than
 * attributes, and their refusals. */
final class Images extends SessionArea {
  private final Snapshots snapshots;
  private final Bundles bundles;

  Images(Session session, Snapshots snapshots, Bundles bundles) {
    super(session);
    this.snapshots = snapshots;
    this.bundles = bundles;
  }

  ImageId registerImage(RegisterImageRequest request) {
    Image.checkName(request.name());
    if (request.imageLocation().isPresent()) {
      return bundles.registerInstanceStoreImage(request);
    }
    return cloud.write(region, state -> {
      Instant now = session.now();
      session.checkNameFree(state, request.name());
      String root = request.rootDeviceName().orElseThrow(() -> Ec2Exception.of(Ec2ErrorCode.MISSING_PARAMETER,
          "register image %s has no root device name: an EBS-backed image needs RootDeviceName and a mapping for it",
          request.name()));
      if (request.virtualizationType() == VirtualizationType.PARAVIRTUAL
          && (request.enaSupport().orElse(false) || request.sriovNetSupport().isPresent())) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
            "register image %s asks for enhanced networking on a paravirtual image: EnaSupport and SriovNetSupport are for hvm only",
            request.name());
      }
      Instant ready = now;
      List<BlockDeviceMapping> mappings = new ArrayList<>();
      boolean rootFromSnapshot = false;
      for (BlockDeviceMapping mapping : request.blockDeviceMappings()) {
        if (mapping instanceof BlockDeviceMapping.Ebs ebs && ebs.ebs().snapshotId().isPresent()) {
          RegionState.SnapshotEntry snapshot = session.restorableSnapshot(state, ebs.ebs().snapshotId().get());
          if (Views.tier(snapshot, now) == StorageTier.ARCHIVE) {
            throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "snapshot %s is archived: restore it before registering an image from it",
                snapshot.snapshot().snapshotId());
          }
          if (ebs.ebs().encrypted().isPresent()) {
            throw Ec2Exception.of(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING,
                "mapping %s from snapshot %s gives Encrypted: a volume from a snapshot takes the snapshot's encryption, omit it",
                ebs.deviceName(), snapshot.snapshot().snapshotId());
          }
          mappings.add(new BlockDeviceMapping.Ebs(ebs.deviceName(), fromSnapshot(ebs.ebs(), snapshot, ebs.deviceName().equals(root))));
          rootFromSnapshot |= ebs.deviceName().equals(root);
          if (snapshot.completeAt().isAfter(ready)) {
            ready = snapshot.completeAt();
          }
        } else {
          mappings.add(mapping);
        }
      }
      if (!rootFromSnapshot) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING,
            "root device %s of image %s has no EBS mapping with a snapshot: an EBS-backed image boots from a snapshot",
            root, request.name());
      }
      session.beforeChange();
      ImageId id = cloud.newImageId();
      Image image = session.newImage(id, request.name(), now)
          .architecture(request.architecture())
          .platformDetails("Linux/UNIX")
          .usageOperation("RunInstances")
          .blockDeviceMappings(mappings)
          .description(request.description())
          .enaSupport(request.enaSupport())
          .rootDeviceName(root)
          .rootDeviceType(RootDeviceType.EBS)
          .sriovNetSupport(request.sriovNetSupport())
          .virtualizationType(request.virtualizationType())
          .bootMode(request.bootMode())
          .tpmSupport(request.tpmSupport())
          .imdsSupport(request.imdsSupport())
          .build();
      state.put(new RegionState.ImageEntry(image, ImmutableSet.of(), session.callerTags(request.tags()),
          ready.plus(cloud.timings.imageAvailable()), RegionState.Protection.NONE));
      return id;
    });
  }

  /** The mapping of a volume from {@code snapshot}: the size defaults to, and may not be under, the snapshot's. */
  private static EbsBlockDevice fromSnapshot(EbsBlockDevice asked, RegionState.SnapshotEntry snapshot, boolean root) {
    Snapshot s = snapshot.snapshot();
    int size = asked.volumeSize().orElse(s.volumeSize());
    if (size < s.volumeSize()) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING, "volume size %d GiB is smaller than snapshot %s (%d GiB)",
          size, s.snapshotId(), s.volumeSize());
    }
    return EbsBlockDevice.builder().from(asked)
        .volumeSize(size)
        .encrypted(s.isEncrypted())
        .kmsKeyId(s.kmsKeyId())
        .deleteOnTermination(asked.deleteOnTermination().orElse(root))
        .build();
  }

  DescribeImagesResponse describeImages(DescribeImagesRequest request) {
    List<ImageId> ids = request.imageIds();
    int pageSize = Paging.pageSize("describe images", request.maxResults(), !ids.isEmpty());
    Predicate<RegionState.ImageEntry> owners = ownersPredicate(request.owners());
    Predicate<RegionState.ImageEntry> executable = executablePredicate(request.executableUsers());
    Views.Matcher<Image> matcher = Views.imageMatcher(request.filters());
    String after = request.nextToken().map(Views::afterToken).orElse("");
    return cloud.read(region, state -> {
      Instant now = session.now();
      List<RegionState.ImageEntry> candidates = new ArrayList<>();
      boolean byId = !ids.isEmpty();
      if (byId) {
        List<ImageId> missing = new ArrayList<>();
        for (ImageId id : new LinkedHashSet<>(ids)) {
          RegionState.ImageEntry entry = state.image(id).orElse(null);
          if (entry == null || !session.visible(entry)) {
            missing.add(id);
          } else {
            candidates.add(entry);
          }
        }
        if (!missing.isEmpty()) {
          throw Refusals.imagesNotFound(missing);
        }
      } else {
        candidates = nameCandidates(state, request.filters());
      }
      List<Image> found = new ArrayList<>();
      for (RegionState.ImageEntry entry : candidates) {
        Image stored = entry.image();
        if (!session.visible(entry) || !owners.test(entry) || !executable.test(entry)
            || (!request.includeDisabled() && stored.state() == ImageState.DISABLED)
            || (!byId && !request.includeDeprecated() && !stored.ownerId().equals(caller) && Views.isDeprecated(stored, now))
            || stored.imageId().toString().compareTo(after) <= 0) {
          continue;
        }
        Image view = Views.image(entry, caller, now);
        if (matcher.matches(view)) {
          found.add(view);
        }
      }
      return Paging.page(found, pageSize, i -> i.imageId().toString(), DescribeImagesResponse::new);
    });
  }

  /** With {@code name} filters, only the names in each pattern's literal-prefix range; otherwise every image. */
  private static List<RegionState.ImageEntry> nameCandidates(RegionState state, List<Filter> filters) {
    List<List<Wildcard>> names = Views.namePatterns(filters);
    if (names.isEmpty()) {
      return new ArrayList<>(state.images());
    }
    List<RegionState.ImageEntry> candidates = new ArrayList<>();
    Set<ImageId> seen = new HashSet<>();
    for (Wildcard pattern : names.get(0)) {
      for (RegionState.ImageEntry entry : state.imagesNamed(pattern)) {
        if (seen.add(entry.image().imageId())) {
          candidates.add(entry);
        }
      }
    }
    return candidates;
  }

  private Predicate<RegionState.ImageEntry> ownersPredicate(List<String> owners) {
    if (owners.isEmpty()) {
      return entry -> true;
    }
    Set<AccountId> accounts = new HashSet<>();
    Set<String> aliases = new HashSet<>();
    for (String owner : owners) {
      switch (owner) {
        case "self" -> accounts.add(caller);
        case "amazon", "aws-marketplace", "aws-backup-vault" -> aliases.add(owner);
        default -> accounts.add(AccountId.parse(owner));
      }
    }
    return entry -> accounts.contains(entry.image().ownerId())
        || entry.image().imageOwnerAlias().map(aliases::contains).orElse(false);
  }

  private Predicate<RegionState.ImageEntry> executablePredicate(List<String> users) {
    if (users.isEmpty()) {
      return entry -> true;
    }
    Set<LaunchPermission> wanted = new HashSet<>();
    for (String user : users) {
      switch (user) {
        case "self" -> principals.stream().filter(p -> p != LaunchPermission.EVERYONE).forEach(wanted::add);
        case "all" -> wanted.add(LaunchPermission.EVERYONE);
        default -> wanted.add(new LaunchPermission.Account(AccountId.parse(user)));
      }
    }
    return entry -> entry.permissions().stream().anyMatch(wanted::contains);
  }

  List<DeleteSnapshotResult> deregisterImage(DeregisterImageRequest request) {
    ImageId id = request.imageId();
    return cloud.write(region, state -> {
      RegionState.ImageEntry entry = session.ownedImage(state, id, "deregister");
      Instant now = session.now();
      if (entry.protection().protects(now)) {
        throw Ec2Exception.of(Ec2ErrorCode.OPERATION_NOT_PERMITTED,
            "image %s has deregistration protection (%s): disable it, and wait out any cooldown, before deregistering",
            id, entry.protection().wireValue(now));
      }
      session.beforeChange();
      state.remove(id);
      LocalRecycleBin.binImage(state, entry, now);
      List<DeleteSnapshotResult> results = new ArrayList<>();
      if (request.deleteAssociatedSnapshots()) {
        for (SnapshotId snapshotId : new LinkedHashSet<>(entry.snapshotIds())) {
          RegionState.SnapshotEntry snapshot = state.snapshot(snapshotId).orElse(null);
          String code;
          if (snapshot == null) {
            code = "client-error";
          } else if (!snapshot.snapshot().ownerId().equals(caller)) {
            code = "missing-permissions";
          } else if (!state.imagesUsing(snapshotId).isEmpty()) {
            code = DeleteSnapshotResult.SKIPPED;
          } else {
            snapshots.removeSnapshot(state, snapshot);
            code = DeleteSnapshotResult.SUCCESS;
          }
          results.add(new DeleteSnapshotResult(snapshotId, code));
        }
      }
      return results;
    });
  }

  ImageId copyImage(CopyImageRequest request) {
    ImageId sourceId = request.sourceImageId();
    Image.checkName(request.name());
    if (request.kmsKeyId().isPresent() && !request.encrypted()) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_DEPENDENCY, "copy image %s names KMS key %s without Encrypted: KmsKeyId needs Encrypted true",
          sourceId, request.kmsKeyId().get());
    }
    ImmutableMap<AccountId, ImmutableList<Tag>> snapshotTags = session.callerTags(request.snapshotTags());
    session.callerTags(request.imageTags());
    ClientTokens.checkEc2(request.clientToken());
    return cloud.write(request.sourceRegion(), region, (from, to) -> {
      Instant now = session.now();
      Optional<ImmutableList<String>> earlier = to.tokens.earlier(caller, request.clientToken(), "CopyImage", request,
          ClientTokens::ec2Mismatch); // the destination region's tokens: CopyImage is called there
      if (earlier.isPresent()) {
        return ImageId.parse(earlier.get().get(0));
      }
      RegionState.ImageEntry source = session.visibleImage(from, sourceId);
      ImageState sourceState = Views.imageState(source, now);
      if (sourceState != ImageState.AVAILABLE) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_AMI_ID_UNAVAILABLE, "image %s is %s: only an available image can be copied", sourceId, sourceState.wireValue());
      }
      if (source.image().rootDeviceType() != RootDeviceType.EBS) {
        throw Ec2Exception.of(Ec2ErrorCode.UNSUPPORTED_OPERATION, "image %s is instance-store-backed: this local cloud copies EBS-backed images only", sourceId);
      }
      session.checkNameFree(to, request.name());
      for (SnapshotId snapshotId : source.snapshotIds()) {
        RegionState.SnapshotEntry snapshot = from.snapshot(snapshotId).orElse(null);
        if (snapshot == null || !Views.mayRestore(caller, principals, snapshot)) {
          throw Ec2Exception.of(Ec2ErrorCode.AUTH_FAILURE, "You do not have permission to access the storage of this ami (%s)", sourceId);
        }
      }
      Map<String, Tag> copiedTags = new LinkedHashMap<>();
      if (request.copyImageTags()) {
        source.tags().getOrDefault(caller, ImmutableList.of()).forEach(t -> copiedTags.put(t.key(), t));
      }
      request.imageTags().forEach(t -> copiedTags.put(t.key(), t));
      ImmutableMap<AccountId, ImmutableList<Tag>> tags = session.callerTags(List.copyOf(copiedTags.values()));
      session.beforeChange();
      ImageId copyId = cloud.newImageId();
      List<BlockDeviceMapping> mappings = new ArrayList<>();
      List<RegionState.SnapshotEntry> copies = new ArrayList<>();
      Instant ready = now;
      for (BlockDeviceMapping mapping : source.image().blockDeviceMappings()) {
        if (!(mapping instanceof BlockDeviceMapping.Ebs ebs) || ebs.ebs().snapshotId().isEmpty()) {
          mappings.add(mapping);
          continue;
        }
        RegionState.SnapshotEntry snapshot = from.snapshot(ebs.ebs().snapshotId().get()).orElseThrow();
        Snapshot s = snapshot.snapshot();
        boolean encrypted = s.isEncrypted() || request.encrypted();
        SnapshotId newId = cloud.newSnapshotId();
        Instant completes = now.plus(snapshots.fullCopyDuration(s));
        ready = completes.isAfter(ready) ? completes : ready;
        copies.add(new RegionState.SnapshotEntry(snapshots.pendingCopy(s, newId, now,
            String.format(java.util.Locale.ROOT, "Copied for DestinationAmi %s from SourceAmi %s for SourceSnapshot %s. Task created on %,d.",
                copyId, sourceId, s.snapshotId(), now.toEpochMilli()), encrypted, request.kmsKeyId()),
            completes, snapshot.data(), ImmutableSet.of(), snapshotTags, RegionState.Tier.STANDARD));
        mappings.add(new BlockDeviceMapping.Ebs(ebs.deviceName(), EbsBlockDevice.builder().from(ebs.ebs())
            .snapshotId(newId).encrypted(encrypted)
            .kmsKeyId(request.kmsKeyId().isPresent() ? request.kmsKeyId() : ebs.ebs().kmsKeyId()).build()));
      }
      Image copy = Image.builder().from(source.image())
          .imageId(copyId)
          .imageLocation(caller + "/" + request.name())
          .name(request.name())
          .state(ImageState.PENDING)
          .ownerId(caller)
          .imageOwnerAlias(Optional.empty())
          .creationDate(now.truncatedTo(ChronoUnit.MILLIS))
          .isPublic(false)
          .description(request.description())
          .blockDeviceMappings(mappings)
          .deprecationTime(Optional.empty())
          .lastLaunchedTime(Optional.empty())
          .deregistrationProtection(Optional.empty())
          .sourceInstanceId(Optional.empty())
          .sourceImageId(sourceId)
          .sourceImageRegion(request.sourceRegion())
          .tags(List.of())
          .build();
      // every check is done: only now does the copy touch the destination region
      for (RegionState.SnapshotEntry snapshot : copies) {
        to.put(snapshot);
        snapshot.data().ifPresent(cloud::retain);
      }
      to.put(new RegionState.ImageEntry(copy, ImmutableSet.of(), tags, ready.plus(cloud.timings.imageAvailable()),
          RegionState.Protection.NONE));
      to.tokens.record(caller, request.clientToken(), "CopyImage", request, List.of(copyId));
      return copyId;
    });
  }
}
