package org.amisdk.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A block device mapping: a device name and exactly one target, an EBS volume ({@link Ebs}), an
 * instance-store volume ({@link Ephemeral}) or the suppression of an inherited mapping ({@link
 * NoDevice}). Construct a variant directly; {@link #fromWireFields} takes EC2's four optional
 * fields and refuses any combination other than exactly one.
 */
public sealed interface BlockDeviceMapping {

  /** The device name, e.g. {@code /dev/sda1}, {@code /dev/xvda} or {@code xvdca}. */
  String deviceName();

  /** An EBS volume at {@code deviceName}. */
  record Ebs(String deviceName, EbsBlockDevice ebs) implements BlockDeviceMapping {
    /** @throws Ec2Exception {@code InvalidBlockDeviceMapping} for a malformed device name */
    public Ebs {
      Mappings.checkDeviceName(deviceName);
      Objects.requireNonNull(ebs, "ebs");
    }
  }

  /**
   * An instance-store volume at {@code deviceName}, named {@code ephemeral0} to {@code ephemeral25}.
   * The user guide lists {@code ephemeral0}–{@code ephemeral23}; real Windows AMIs report up to
   * {@code ephemeral25}, so this model accepts those too.
   */
  record Ephemeral(String deviceName, String virtualName) implements BlockDeviceMapping {
    /** @throws Ec2Exception {@code InvalidBlockDeviceMapping} for a malformed device or virtual name */
    public Ephemeral {
      Mappings.checkDeviceName(deviceName);
      Mappings.checkVirtualName(virtualName);
    }

    /** The instance-store volume number, 0 to 25. */
    public int index() {
      return Integer.parseInt(virtualName.substring("ephemeral".length()));
    }
  }

  /** Suppresses, at {@code deviceName}, a mapping inherited from the image (wire: {@code NoDevice: ""}). */
  record NoDevice(String deviceName) implements BlockDeviceMapping {
    /** @throws Ec2Exception {@code InvalidBlockDeviceMapping} for a malformed device name */
    public NoDevice {
      Mappings.checkDeviceName(deviceName);
    }
  }

  /**
   * A mapping from EC2's wire fields, each {@code null} when absent: exactly one of {@code ebs},
   * {@code virtualName} and {@code noDevice} must be given.
   *
   * @throws Ec2Exception {@code InvalidBlockDeviceMapping} when none or several are given, or a
   *     value is malformed
   */
  static BlockDeviceMapping fromWireFields(String deviceName, EbsBlockDevice ebs, String virtualName, String noDevice) {
    Mappings.checkDeviceName(deviceName);
    int given = (ebs != null ? 1 : 0) + (virtualName != null ? 1 : 0) + (noDevice != null ? 1 : 0);
    if (given != 1) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING, String.format(
          "block device mapping for %s has %s: a mapping has exactly one of Ebs, VirtualName and NoDevice",
          Text.shorten(deviceName), Mappings.describe(ebs != null, virtualName != null, noDevice != null)));
    }
    if (ebs != null) {
      return new Ebs(deviceName, ebs);
    }
    if (virtualName != null) {
      return new Ephemeral(deviceName, virtualName);
    }
    if (!noDevice.isEmpty()) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING, String.format(
          "block device mapping for %s has NoDevice \"%s\": NoDevice is the empty string",
          Text.shorten(deviceName), Text.shorten(noDevice)));
    }
    return new NoDevice(deviceName);
  }
}

/** Checks shared by the mapping variants. */
final class Mappings {
  private static final Pattern VIRTUAL = Pattern.compile("ephemeral([0-9]|1[0-9]|2[0-5])");

  private Mappings() {}

  static void checkDeviceName(String deviceName) {
    Objects.requireNonNull(deviceName, "deviceName");
    if (!isDeviceName(deviceName)) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING, String.format(
          "device name \"%s\" is malformed: a device name is like /dev/sdf, /dev/xvda or xvdca", Text.shorten(deviceName)));
    }
  }

  /**
   * Whether {@code name} is {@code (/dev/)?[a-z][a-z0-9]{1,31}}, checked by hand: every image and
   * snapshot read back from a catalog checks its mappings, and a regex matcher per check was a
   * tenth of the garbage of reopening a large one.
   */
  private static boolean isDeviceName(String name) {
    int start = name.startsWith("/dev/") ? "/dev/".length() : 0;
    int length = name.length() - start;
    if (length < 2 || length > 32 || name.charAt(start) < 'a' || name.charAt(start) > 'z') {
      return false;
    }
    for (int i = start + 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c < 'a' || c > 'z') && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  static void checkVirtualName(String virtualName) {
    Objects.requireNonNull(virtualName, "virtualName");
    if (!VIRTUAL.matcher(virtualName).matches()) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING, String.format(
          "virtual name \"%s\" is malformed: an instance-store volume is ephemeral0 to ephemeral25", Text.shorten(virtualName)));
    }
  }

  static String describe(boolean ebs, boolean virtualName, boolean noDevice) {
    StringBuilder fields = new StringBuilder();
    for (String field : new String[] {ebs ? "Ebs" : null, virtualName ? "VirtualName" : null, noDevice ? "NoDevice" : null}) {
      if (field != null) {
        fields.append(fields.length() == 0 ? "" : " and ").append(field);
      }
    }
    return fields.length() == 0 ? "none of them" : "both " + fields;
  }
}
