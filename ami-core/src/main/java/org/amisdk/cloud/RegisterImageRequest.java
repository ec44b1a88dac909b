package org.amisdk.cloud;

import java.util.List;
import java.util.Optional;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.BootMode;
import org.amisdk.model.ImdsSupport;
import org.amisdk.model.Tag;
import org.amisdk.model.TpmSupport;
import org.amisdk.model.VirtualizationType;
import org.amisdk.storage.bundle.BundleStore;
import org.immutables.value.Value;

/** RegisterImage for an EBS-backed image: a name, a root device and mappings whose EBS volumes come from snapshots. */
@Value.Immutable
public abstract class RegisterImageRequest {
  RegisterImageRequest() {}

  /** The image name, 3–128 characters. */
  public abstract String name();

  /** The description. */
  public abstract Optional<String> description();

  /** The architecture; EC2's default is {@code i386}. */
  @Value.Default
  public Architecture architecture() {
    return Architecture.I386;
  }

  /**
   * For an instance-store image: the key of its bundle's manifest in the cloud's object store,
   * {@code <prefix>.manifest.json} (see {@code BundleStore}).
   */
  public abstract Optional<String> imageLocation();

  /** The root device, e.g. {@code /dev/xvda}. */
  public abstract Optional<String> rootDeviceName();

  /** The mappings; the root device's EBS mapping names the root snapshot. */
  public abstract List<BlockDeviceMapping> blockDeviceMappings();

  /** The virtualization type; EC2's default is {@code paravirtual}. */
  @Value.Default
  public VirtualizationType virtualizationType() {
    return VirtualizationType.PARAVIRTUAL;
  }

  /** ENA support (HVM only). */
  public abstract Optional<Boolean> enaSupport();

  /** {@code simple} for Intel 82599 VF networking (HVM only). */
  public abstract Optional<String> sriovNetSupport();

  /** The boot mode. */
  public abstract Optional<BootMode> bootMode();

  /** NitroTPM support. */
  public abstract Optional<TpmSupport> tpmSupport();

  /** IMDS support. */
  public abstract Optional<ImdsSupport> imdsSupport();

  /** Tags for the image (TagSpecifications with resource type {@code image}). */
  public abstract List<Tag> tags();

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RegisterImageRequest}. */
  public static final class Builder extends ImmutableRegisterImageRequest.Builder {
    Builder() {}
  }
}
