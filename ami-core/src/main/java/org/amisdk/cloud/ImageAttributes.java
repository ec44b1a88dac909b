package org.amisdk.cloud;

import com.google.common.collect.ImmutableSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.LaunchPermission;

/** Image attributes and permissions: launch permissions, description, IMDS support, deprecation,
 * disabling, deregistration protection and block public access, each with its refusals. */
final class ImageAttributes extends SessionArea {
  ImageAttributes(Session session) {
    super(session);
  }

  ImageAttribute describeImageAttribute(ImageId imageId, ImageAttributeName attribute) {
    ImageId id = imageId;
    return cloud.read(region, state -> {
      RegionState.ImageEntry entry = session.visibleImage(state, id);
      if (attribute == ImageAttributeName.BLOCK_DEVICE_MAPPING) {
        throw Ec2Exception.of(Ec2ErrorCode.AUTH_FAILURE, "Unauthorized attempt to access restricted resource");
      }
      boolean owner = entry.image().ownerId().equals(caller);
      if (!owner && attribute != ImageAttributeName.DESCRIPTION) {
        throw Refusals.notOwner("image", id, "read attribute " + attribute.wireValue() + " of");
      }
      Image image = Views.image(entry, caller, session.now());
      return new ImageAttribute(id,
          attribute == ImageAttributeName.LAUNCH_PERMISSION ? List.copyOf(entry.permissions()) : List.of(),
          attribute == ImageAttributeName.DESCRIPTION ? image.description() : Optional.empty(),
          attribute == ImageAttributeName.IMDS_SUPPORT ? image.imdsSupport() : Optional.empty(),
          attribute == ImageAttributeName.LAST_LAUNCHED_TIME ? image.lastLaunchedTime() : Optional.empty(),
          attribute == ImageAttributeName.DEREGISTRATION_PROTECTION
              ? Optional.of(image.deregistrationProtection().orElse("disabled")) : Optional.empty());
    });
  }

  /** The most launch permissions one ModifyImageAttribute adds and removes, as ModifySnapshotAttribute's cap. */
  static final int MAX_PERMISSIONS_PER_CALL = 500;

  /**
   * The image, which the caller must own and which must not be pending: attribute and permission
   * changes wait until it is available.
   */
  private RegionState.ImageEntry availableOwnedImage(RegionState state, ImageId id, String action) {
    RegionState.ImageEntry entry = session.ownedImage(state, id, action);
    ImageState current = Views.imageState(entry, session.now());
    if (current == ImageState.PENDING) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_AMI_ID_UNAVAILABLE,
          "cannot %s image %s: it is pending, its attributes and permissions change once it is available", action, id);
    }
    return entry;
  }

  void modifyImageAttribute(ModifyImageAttributeRequest request) {
    ImageId id = request.imageId();
    boolean permissions = !request.launchPermissionAdd().isEmpty() || !request.launchPermissionRemove().isEmpty();
    int attributes = (permissions ? 1 : 0) + (request.description().isPresent() ? 1 : 0) + (request.imdsSupport().isPresent() ? 1 : 0);
    if (attributes != 1) {
      throw Ec2Exception.of(attributes == 0 ? Ec2ErrorCode.MISSING_PARAMETER : Ec2ErrorCode.INVALID_PARAMETER_COMBINATION,
          "modify image attribute of %s names %d attributes: one call changes exactly one of launchPermission, description and imdsSupport",
          id, attributes);
    }
    Session.checkDescriptionLength("image " + id, request.description(), Image.MAX_DESCRIPTION_LENGTH);
    int changes = request.launchPermissionAdd().size() + request.launchPermissionRemove().size();
    if (changes > MAX_PERMISSIONS_PER_CALL) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "modify image attribute of %s names %d launch permissions: at most %d per call",
          id, changes, MAX_PERMISSIONS_PER_CALL);
    }
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = availableOwnedImage(state, id, "modify");
      Image image = entry.image();
      if (request.description().isPresent()) {
        session.beforeChange();
        state.put(entry.withImage(Image.builder().from(image).description(request.description()).build()));
      } else if (request.imdsSupport().isPresent()) {
        session.beforeChange();
        state.put(entry.withImage(Image.builder().from(image).imdsSupport(request.imdsSupport()).build()));
      } else {
        Set<LaunchPermission> next = new LinkedHashSet<>(entry.permissions());
        next.removeAll(request.launchPermissionRemove());
        List<LaunchPermission> added = request.launchPermissionAdd();
        if (!added.isEmpty() && image.state() == ImageState.DISABLED) {
          throw Ec2Exception.of(Ec2ErrorCode.OPERATION_NOT_PERMITTED, "image %s is disabled: a disabled image cannot be shared", id);
        }
        if (added.contains(LaunchPermission.EVERYONE) && !entry.permissions().contains(LaunchPermission.EVERYONE)) {
          checkMayBePublic(state, entry);
        }
        next.addAll(added);
        ImmutableSet<LaunchPermission> permissionsAfter = ImmutableSet.copyOf(next);
        session.beforeChange();
        state.put(entry.withPermissions(permissionsAfter)
            .withImage(Image.builder().from(image).isPublic(permissionsAfter.contains(LaunchPermission.EVERYONE)).build()));
      }
      return null;
    });
  }

  /** No public images with encrypted snapshots or product codes, nor while block public access is on. */
  private void checkMayBePublic(RegionState state, RegionState.ImageEntry entry) {
    Image image = entry.image();
    boolean encrypted = image.blockDeviceMappings().stream().anyMatch(m -> m instanceof BlockDeviceMapping.Ebs ebs
        && (ebs.ebs().encrypted().orElse(false)
            || ebs.ebs().snapshotId().flatMap(state::snapshot).map(s -> s.snapshot().isEncrypted()).orElse(false)));
    if (encrypted) {
      throw Ec2Exception.of(Ec2ErrorCode.UNSUPPORTED_OPERATION, "Encrypted snapshots can't be shared publicly. Specify another snapshot.");
    }
    if (!image.productCodes().isEmpty()) {
      throw Ec2Exception.of(Ec2ErrorCode.UNSUPPORTED_OPERATION,
          "image %s has product codes: an image with product codes cannot be made public", image.imageId());
    }
    if (blocksPublicAccess(state)) {
      throw Ec2Exception.of(Ec2ErrorCode.OPERATION_NOT_PERMITTED, Refusals.BLOCK_PUBLIC_ACCESS_MESSAGE);
    }
  }

  void resetImageAttribute(ImageId imageId, ImageAttributeName attribute) {
    ImageId id = imageId;
    if (attribute != ImageAttributeName.LAUNCH_PERMISSION) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
          "reset image attribute %s of %s is refused: only launchPermission can be reset", attribute.wireValue(), id);
    }
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = availableOwnedImage(state, id, "reset");
      session.beforeChange();
      state.put(entry.withPermissions(ImmutableSet.of()).withImage(Image.builder().from(entry.image()).isPublic(false).build()));
      return null;
    });
  }

  void enableImageDeprecation(ImageId imageId, Instant deprecateAt) {
    ImageId id = imageId;
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = availableOwnedImage(state, id, "deprecate");
      Instant now = session.now();
      if (deprecateAt.isBefore(now.truncatedTo(ChronoUnit.MINUTES))) {
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE, "deprecation time %s of image %s is in the past: it must not be before %s",
            deprecateAt, id, now);
      }
      Instant limit = entry.image().isPublic()
          ? entry.image().creationDate().orElse(now).atZone(java.time.ZoneOffset.UTC).plusYears(2).toInstant()
          : now.atZone(java.time.ZoneOffset.UTC).plusYears(10).toInstant();
      if (deprecateAt.isAfter(limit.plusSeconds(29))) { // checked before rounding, so no instant overflows
        throw Ec2Exception.of(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
            "deprecation time %s of image %s is too late: at most %s (10 years from now; 2 years from creation for public images)",
            deprecateAt, id, limit);
      }
      Instant at = Instant.ofEpochSecond(Math.round(deprecateAt.getEpochSecond() / 60.0) * 60);
      session.beforeChange();
      state.put(entry.withImage(Image.builder().from(entry.image()).deprecationTime(at).build()));
      return null;
    });
  }

  void disableImageDeprecation(ImageId imageId) {
    ImageId id = imageId;
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = availableOwnedImage(state, id, "cancel the deprecation of");
      session.beforeChange();
      state.put(entry.withImage(Image.builder().from(entry.image()).deprecationTime(Optional.empty()).build()));
      return null;
    });
  }

  void disableImage(ImageId imageId) {
    ImageId id = imageId;
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = session.ownedImage(state, id, "disable");
      ImageState current = Views.imageState(entry, session.now());
      if (current != ImageState.AVAILABLE) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "cannot disable %s: it is %s, only an available image can be disabled",
            id, current.wireValue());
      }
      session.beforeChange();
      state.put(entry.withPermissions(ImmutableSet.of())
          .withImage(Image.builder().from(entry.image()).state(ImageState.DISABLED).isPublic(false).build()));
      return null;
    });
  }

  void enableImage(ImageId imageId) {
    ImageId id = imageId;
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = session.ownedImage(state, id, "enable");
      if (entry.image().state() != ImageState.DISABLED) {
        throw Ec2Exception.of(Ec2ErrorCode.INCORRECT_STATE, "cannot enable %s: it is %s, only a disabled image can be enabled",
            id, Views.imageState(entry, session.now()).wireValue());
      }
      session.beforeChange();
      state.put(entry.withImage(Image.builder().from(entry.image()).state(ImageState.AVAILABLE).build()));
      return null;
    });
  }

  void enableImageDeregistrationProtection(ImageId imageId, boolean withCooldown) {
    ImageId id = imageId;
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = availableOwnedImage(state, id, "protect");
      session.beforeChange();
      state.put(entry.withProtection(new RegionState.Protection(true, withCooldown, Optional.empty())));
      return null;
    });
  }

  void disableImageDeregistrationProtection(ImageId imageId) {
    ImageId id = imageId;
    cloud.write(region, state -> {
      RegionState.ImageEntry entry = availableOwnedImage(state, id, "unprotect");
      RegionState.Protection protection = entry.protection();
      session.beforeChange();
      state.put(entry.withProtection(protection.enabled() && protection.cooldown()
          ? new RegionState.Protection(false, false, Optional.of(session.now().plus(Duration.ofHours(24))))
          : RegionState.Protection.NONE));
      return null;
    });
  }

  void enableImageBlockPublicAccess() {
    cloud.write(region, state -> {
      session.beforeChange();
      state.blockPublicAccess(caller, true);
      return null;
    });
  }

  void disableImageBlockPublicAccess() {
    cloud.write(region, state -> {
      session.beforeChange();
      state.blockPublicAccess(caller, false);
      return null;
    });
  }

  String getImageBlockPublicAccessState() {
    return cloud.read(region, state -> blocksPublicAccess(state) ? "block-new-sharing" : "unblocked");
  }

  /** Whether image block public access is on for the caller: its own setting, or the cloud's for an account that made none. */
  private boolean blocksPublicAccess(RegionState state) {
    return state.blockPublicAccess(caller).orElse(cloud.newAccountsBlockPublicAccess);
  }
}
