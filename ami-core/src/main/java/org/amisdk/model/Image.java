package org.amisdk.model;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A machine image (AMI) with every field of EC2's {@code DescribeImages} {@code Image} shape.
 *
 * <p>Rules checked at build time: the name has 3–128 characters of letters, digits, spaces and
 * {@code ( ) [ ] . / - ' @ _}; the description at most 255 characters; device names are unique
 * among the mappings; an EBS-backed image whose root device name and mappings are given has an
 * EBS mapping at the root device, and that volume is not st1 or sc1; kernel and RAM-disk ids only
 * on machine images; at most 50 user tags with unique keys. Build with {@link #builder()}.
 */
@Value.Immutable
public abstract class Image {
  /** Shortest image name. */
  public static final int MIN_NAME_LENGTH = 3;
  /** Longest image name. */
  public static final int MAX_NAME_LENGTH = 128;
  /** Longest image description. */
  public static final int MAX_DESCRIPTION_LENGTH = 255;

  /** The characters of an image name besides ASCII letters and digits. */
  private static final String NAME_PUNCTUATION = "()[] ./-'@_";

  Image() {}

  /** The image id. */
  public abstract ImageId imageId();

  /** {@code <owner>/<name>} for EBS-backed images; the manifest's S3 path for instance-store ones. */
  public abstract Optional<String> imageLocation();

  /** The state. */
  public abstract ImageState state();

  /** The owning account. */
  public abstract AccountId ownerId();

  /** When the image was created. */
  public abstract Optional<Instant> creationDate();

  /** Whether anyone may launch it (launch permission group {@code all}). */
  public abstract boolean isPublic();

  /** Product codes (DevPay, Marketplace). */
  public abstract List<ProductCode> productCodes();

  /** The architecture. */
  public abstract Architecture architecture();

  /** The kind of image. */
  public abstract ImageType imageType();

  /** The kernel of a paravirtual machine image. */
  public abstract Optional<KernelId> kernelId();

  /** The RAM disk of a paravirtual machine image. */
  public abstract Optional<RamdiskId> ramdiskId();

  /** {@code windows} for Windows images, absent otherwise. */
  public abstract Optional<Platform> platform();

  /** The billing platform, e.g. {@code Linux/UNIX}. */
  public abstract Optional<String> platformDetails();

  /** The billing code, e.g. {@code RunInstances:0002}. */
  public abstract Optional<String> usageOperation();

  /** The block device mappings, root first by convention. */
  public abstract List<BlockDeviceMapping> blockDeviceMappings();

  /** The description, at most 255 characters. */
  public abstract Optional<String> description();

  /** Whether ENA enhanced networking is enabled. */
  public abstract Optional<Boolean> enaSupport();

  /** The hypervisor. */
  public abstract Hypervisor hypervisor();

  /** {@code amazon}, {@code aws-backup-vault} or {@code aws-marketplace}; absent for ordinary accounts. */
  public abstract Optional<String> imageOwnerAlias();

  /** The name, 3–128 characters. */
  public abstract Optional<String> name();

  /** The root device, e.g. {@code /dev/xvda}. */
  public abstract Optional<String> rootDeviceName();

  /** Where the root device lives. */
  public abstract RootDeviceType rootDeviceType();

  /** {@code simple} when Intel 82599 VF enhanced networking is enabled. */
  public abstract Optional<String> sriovNetSupport();

  /** Why the image is in its state. */
  public abstract Optional<StateReason> stateReason();

  /** The tags visible to the caller. */
  public abstract List<Tag> tags();

  /** The virtualization type. */
  public abstract VirtualizationType virtualizationType();

  /** The boot mode. */
  public abstract Optional<BootMode> bootMode();

  /** NitroTPM support. */
  public abstract Optional<TpmSupport> tpmSupport();

  /** When the image is (or was) deprecated. */
  public abstract Optional<Instant> deprecationTime();

  /** IMDS support; {@code v2.0} cannot be undone. */
  public abstract Optional<ImdsSupport> imdsSupport();

  /** The instance the image was created from (CreateImage only). */
  public abstract Optional<InstanceId> sourceInstanceId();

  /** Deregistration protection, e.g. {@code disabled}, as EC2 reports it. */
  public abstract Optional<String> deregistrationProtection();

  /** When an instance was last launched from the image. */
  public abstract Optional<Instant> lastLaunchedTime();

  /** Whether the image is allowed by the account's Allowed AMIs settings. */
  public abstract Optional<Boolean> imageAllowed();

  /** The image this one was copied from. */
  public abstract Optional<ImageId> sourceImageId();

  /** The Region of the image this one was copied from. */
  public abstract Optional<Region> sourceImageRegion();

  /** Whether the image is free-tier eligible. */
  public abstract Optional<Boolean> freeTierEligible();

  /** The public SSM parameter (under {@code aws/service/}) that resolves to this image. */
  public abstract Optional<String> publicSsmParameterName();

  /** The image's watermarks. */
  public abstract List<ImageWatermark> imageWatermarks();

  /** The mapping at the root device, if the root device name is given and mapped. */
  public final Optional<BlockDeviceMapping> rootMapping() {
    return rootDeviceName().flatMap(root ->
        blockDeviceMappings().stream().filter(m -> m.deviceName().equals(root)).findFirst());
  }

  /** A builder; image id, state, owner, architecture, image type, hypervisor, root device type and virtualization type are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Image}; {@code build()} checks every rule. */
  public static final class Builder extends ImmutableImage.Builder {
    Builder() {}
  }

  /**
   * Checks an image name: 3–128 characters of letters, digits, spaces and {@code ( ) [ ] . / - ' @ _}.
   *
   * @throws Ec2Exception {@code InvalidAMIName.Malformed} naming the name and the rule
   */
  public static String checkName(String name) {
    int length = Text.length(name);
    if (length < MIN_NAME_LENGTH || length > MAX_NAME_LENGTH || !isNameText(name)) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_AMI_NAME_MALFORMED, String.format(
          "image name \"%s\" is malformed: AMI names must be between 3 and 128 characters long, and may contain "
              + "letters, numbers, spaces and ( ) [ ] . / - ' @ _",
          Text.shorten(name)));
    }
    return name;
  }

  /** Whether every character is an ASCII letter or digit or one of {@link #NAME_PUNCTUATION}; no regex, as a catalog checks names by the million. */
  private static boolean isNameText(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || NAME_PUNCTUATION.indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  @Value.Check
  void check() {
    name().ifPresent(Image::checkName);
    description().ifPresent(d -> Text.atMost("image description", d, MAX_DESCRIPTION_LENGTH, Ec2ErrorCode.INVALID_PARAMETER_VALUE));
    for (Optional<String> text : List.of(imageLocation(), platformDetails(), usageOperation(), imageOwnerAlias(),
        sriovNetSupport(), deregistrationProtection(), publicSsmParameterName())) {
      text.ifPresent(t -> Text.atMost("image text field", t, 2048, Ec2ErrorCode.INVALID_PARAMETER_VALUE));
    }
    Set<String> devices = new HashSet<>();
    for (BlockDeviceMapping mapping : blockDeviceMappings()) {
      if (mapping instanceof BlockDeviceMapping.Ebs ebs) {
        ebs.ebs().checkComplete();
      }
      if (!devices.add(mapping.deviceName())) {
        throw new Ec2Exception(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING, String.format(
            "device name %s is mapped twice in image %s: each device is mapped once", mapping.deviceName(), imageId()));
      }
    }
    if (rootDeviceType() == RootDeviceType.EBS && rootDeviceName().isPresent() && !blockDeviceMappings().isEmpty()) {
      checkEbsRoot(rootDeviceName().get());
    }
    if (imageType() != ImageType.MACHINE && (kernelId().isPresent() || ramdiskId().isPresent())) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_PARAMETER_VALUE, String.format(
          "image %s is a %s image with a kernel or RAM disk: only machine images have them", imageId(), imageType().wireValue()));
    }
    Rules.tags("image", imageId(), tags());
  }

  private void checkEbsRoot(String root) {
    Optional<BlockDeviceMapping> mapping = rootMapping();
    if (mapping.isEmpty() || !(mapping.get() instanceof BlockDeviceMapping.Ebs ebs)) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING, String.format(
          "root device %s of EBS-backed image %s has no EBS mapping: the root device must be mapped to an EBS volume",
          root, imageId()));
    }
    VolumeType type = ebs.ebs().effectiveVolumeType();
    if (type == VolumeType.ST1 || type == VolumeType.SC1) {
      throw new Ec2Exception(Ec2ErrorCode.BOOT_FOR_VOLUME_TYPE_UNSUPPORTED, String.format(
          "root volume of image %s is %s: st1 and sc1 volumes cannot be boot volumes", imageId(), type.wireValue()));
    }
  }
}
