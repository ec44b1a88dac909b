package org.amisdk.testing.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
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
 * Seeded random generators that produce only valid model values and lean on the edges: legacy
 * 8-hex and long 17-hex ids, names of 3 and 128 characters, every enum value, each mapping kind,
 * each IOPS and size boundary, optional fields present and absent. Times are whole milliseconds
 * (the precision the AWS CLI JSON keeps). The same random state gives the same value.
 */
public final class ModelGenerators {
  private static final String NAME_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789()[] ./-'@_";
  private static final String[] TEXT_EXTRAS = {"é", "日本", "\uD83D\uDE80", "\"", "\\", "\n", "<>&", ":+="};
  private static final long MIN_TIME = Instant.parse("2006-01-01T00:00:00Z").toEpochMilli();
  private static final long MAX_TIME = Instant.parse("2099-12-31T23:59:59Z").toEpochMilli();

  private ModelGenerators() {}

  /** An image id, legacy 8-hex or 17-hex. */
  public static ImageId imageId(SplittableRandom random) {
    return random.nextInt(4) == 0 ? ImageId.parse("ami-" + hex(random, 8)) : ImageId.random(random);
  }

  /** A snapshot id, legacy 8-hex or 17-hex. */
  public static SnapshotId snapshotId(SplittableRandom random) {
    return random.nextInt(4) == 0 ? SnapshotId.parse("snap-" + hex(random, 8)) : SnapshotId.random(random);
  }

  /** A volume id, legacy 8-hex or 17-hex. */
  public static VolumeId volumeId(SplittableRandom random) {
    return random.nextInt(4) == 0 ? VolumeId.parse("vol-" + hex(random, 8)) : VolumeId.random(random);
  }

  /** An instance id, legacy 8-hex or 17-hex. */
  public static InstanceId instanceId(SplittableRandom random) {
    return random.nextInt(4) == 0 ? InstanceId.parse("i-" + hex(random, 8)) : InstanceId.random(random);
  }

  /** An account id. */
  public static AccountId accountId(SplittableRandom random) {
    return AccountId.random(random);
  }

  /** A Region: mostly a real one, sometimes another code of the same form. */
  public static Region region(SplittableRandom random) {
    if (random.nextInt(5) == 0) {
      return Region.of(pick(random, List.of("xx", "zz", "qa")) + "-" + pick(random, List.of("west", "east", "central"))
          + "-" + (1 + random.nextInt(99)));
    }
    return pick(random, Region.known());
  }

  /** One constant of {@code type}. */
  public static <E extends Enum<E>> E anyOf(SplittableRandom random, Class<E> type) {
    E[] constants = type.getEnumConstants();
    return constants[random.nextInt(constants.length)];
  }

  /** A time in whole milliseconds between 2006 and 2099. */
  public static Instant instant(SplittableRandom random) {
    long millis = random.nextLong(MIN_TIME, MAX_TIME);
    return Instant.ofEpochMilli(random.nextBoolean() ? millis - millis % 1000 : millis);
  }

  /** A valid image name: 3 to 128 characters of the allowed set, often at a boundary length. */
  public static String imageName(SplittableRandom random) {
    int length = switch (random.nextInt(4)) {
      case 0 -> Image.MIN_NAME_LENGTH;
      case 1 -> Image.MAX_NAME_LENGTH;
      default -> Image.MIN_NAME_LENGTH + random.nextInt(Image.MAX_NAME_LENGTH - Image.MIN_NAME_LENGTH + 1);
    };
    return text(random, NAME_CHARS, length);
  }

  /** Free text of 0 to {@code max} characters (code points), with quotes, escapes and non-ASCII. */
  public static String freeText(SplittableRandom random, int max) {
    int length = random.nextInt(4) == 0 ? max : random.nextInt(max + 1);
    StringBuilder text = new StringBuilder();
    while (text.codePointCount(0, text.length()) < length) {
      if (random.nextInt(8) == 0) {
        String extra = pick(random, List.of(TEXT_EXTRAS));
        if (text.codePointCount(0, text.length()) + extra.codePointCount(0, extra.length()) <= length) {
          text.append(extra);
          continue;
        }
      }
      text.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return text.toString();
  }

  /** A tag: a user tag, or sometimes a reserved {@code aws:} system tag as EC2 reports it. */
  public static Tag tag(SplittableRandom random) {
    if (random.nextInt(6) == 0) {
      return Tag.reported(Tag.RESERVED_PREFIX + freeText(random, 20), freeText(random, 40));
    }
    String key = freeText(random, Tag.MAX_KEY_LENGTH);
    if (key.isEmpty() || key.startsWith(Tag.RESERVED_PREFIX)) {
      key = "k" + key.substring(Math.min(1, key.length()));
    }
    return Tag.of(key, freeText(random, Tag.MAX_VALUE_LENGTH));
  }

  /** 0 to 5 tags with distinct keys; rarely exactly 50 user tags, the limit. */
  public static List<Tag> tags(SplittableRandom random) {
    int count = random.nextInt(40) == 0 ? 50 : random.nextInt(6);
    Map<String, Tag> byKey = new LinkedHashMap<>();
    for (int i = 0; byKey.size() < count && i < count * 4; i++) {
      Tag tag = count == 50 ? Tag.of("key" + i, freeText(random, 10)) : tag(random);
      byKey.putIfAbsent(tag.key(), tag);
    }
    return List.copyOf(byKey.values());
  }

  /** An EBS device valid for its volume type, often at a size, IOPS or throughput boundary. */
  public static EbsBlockDevice ebs(SplittableRandom random, boolean root) {
    List<VolumeType> types = root
        ? List.of(VolumeType.GP2, VolumeType.GP3, VolumeType.IO1, VolumeType.IO2, VolumeType.STANDARD)
        : List.of(VolumeType.values());
    VolumeType type = pick(random, types);
    EbsBlockDevice.Builder ebs = EbsBlockDevice.builder();
    boolean fromSnapshot = random.nextBoolean();
    if (fromSnapshot) {
      ebs.snapshotId(snapshotId(random));
    }
    if (!fromSnapshot || random.nextBoolean()) {
      ebs.volumeSize(boundary(random, switch (type) {
        case IO1, IO2 -> 4;
        case ST1, SC1 -> 125;
        default -> 1;
      }, switch (type) {
        case GP3, IO2 -> 65_536;
        case STANDARD -> 1_024;
        default -> 16_384;
      }));
    }
    if (type != VolumeType.GP2 || random.nextBoolean()) {
      ebs.volumeType(type);
    }
    switch (type) {
      case IO1 -> ebs.iops(boundary(random, 100, 64_000));
      case IO2 -> ebs.iops(boundary(random, 100, 256_000));
      case GP3 -> {
        if (random.nextBoolean()) {
          ebs.iops(boundary(random, 3_000, 80_000));
        }
        if (random.nextBoolean()) {
          ebs.throughput(boundary(random, 125, 2_000));
        }
      }
      default -> { }
    }
    if (random.nextBoolean()) {
      boolean encrypted = random.nextBoolean();
      ebs.encrypted(encrypted);
      if (encrypted && random.nextBoolean()) {
        ebs.kmsKeyId("arn:aws:kms:us-east-1:" + accountId(random) + ":key/" + hex(random, 8));
      }
    }
    optional(random, Random::nextBoolean).ifPresent(ebs::deleteOnTermination);
    return ebs.build();
  }

  /** A mapping of any kind at {@code deviceName}. */
  public static BlockDeviceMapping mapping(SplittableRandom random, String deviceName) {
    return switch (random.nextInt(3)) {
      case 0 -> new BlockDeviceMapping.Ebs(deviceName, ebs(random, false));
      case 1 -> new BlockDeviceMapping.Ephemeral(deviceName, "ephemeral" + boundary(random, 0, 25));
      default -> new BlockDeviceMapping.NoDevice(deviceName);
    };
  }

  /** A launch permission of any kind. */
  public static LaunchPermission launchPermission(SplittableRandom random) {
    String org = "o-" + hex(random, 10);
    return switch (random.nextInt(4)) {
      case 0 -> new LaunchPermission.Account(accountId(random));
      case 1 -> LaunchPermission.EVERYONE;
      case 2 -> new LaunchPermission.Organization("arn:aws:organizations::" + accountId(random) + ":organization/" + org);
      default -> new LaunchPermission.OrganizationalUnit(
          "arn:aws:organizations::" + accountId(random) + ":ou/" + org + "/ou-" + hex(random, 4) + "-" + hex(random, 8));
    };
  }

  /** A valid image: EBS- or instance-store-backed, with consistent root mapping, every optional field sometimes set. */
  public static Image image(SplittableRandom random) {
    RootDeviceType rootType = anyOf(random, RootDeviceType.class);
    ImageType imageType = random.nextInt(6) == 0 ? anyOf(random, ImageType.class) : ImageType.MACHINE;
    VirtualizationType virtualization = anyOf(random, VirtualizationType.class);
    Image.Builder image = Image.builder()
        .imageId(imageId(random))
        .state(anyOf(random, ImageState.class))
        .ownerId(accountId(random))
        .isPublic(random.nextBoolean())
        .architecture(anyOf(random, Architecture.class))
        .imageType(imageType)
        .hypervisor(anyOf(random, Hypervisor.class))
        .rootDeviceType(rootType)
        .virtualizationType(virtualization)
        .name(optional(random, ModelGenerators::imageName))
        .description(optional(random, r -> freeText(r, Image.MAX_DESCRIPTION_LENGTH)))
        .imageLocation(optional(random, r -> r.nextBoolean() ? "bucket/prefix/image.manifest.xml" : accountId(r) + "/" + imageName(r)))
        .creationDate(optional(random, ModelGenerators::instant))
        .platform(optional(random, r -> Platform.WINDOWS))
        .platformDetails(optional(random, r -> pick(r, List.of("Linux/UNIX", "Windows", "Red Hat Enterprise Linux"))))
        .usageOperation(optional(random, r -> pick(r, List.of("RunInstances", "RunInstances:0002", "RunInstances:0010"))))
        .enaSupport(optional(random, Random::nextBoolean))
        .imageOwnerAlias(optional(random, r -> pick(r, List.of("amazon", "aws-backup-vault", "aws-marketplace"))))
        .sriovNetSupport(optional(random, r -> "simple"))
        .stateReason(optional(random, r -> StateReason.of("Client.InvalidSnapshot.NotFound", freeText(r, 60))))
        .tags(tags(random))
        .bootMode(optional(random, r -> anyOf(r, BootMode.class)))
        .tpmSupport(optional(random, r -> TpmSupport.V2_0))
        .deprecationTime(optional(random, ModelGenerators::instant))
        .imdsSupport(optional(random, r -> ImdsSupport.V2_0))
        .sourceInstanceId(optional(random, ModelGenerators::instanceId))
        .deregistrationProtection(optional(random, r -> pick(r, List.of("disabled", "enabled", "enabled-with-cooldown"))))
        .lastLaunchedTime(optional(random, ModelGenerators::instant))
        .imageAllowed(optional(random, Random::nextBoolean))
        .sourceImageId(optional(random, ModelGenerators::imageId))
        .sourceImageRegion(optional(random, ModelGenerators::region))
        .freeTierEligible(optional(random, Random::nextBoolean))
        .publicSsmParameterName(optional(random, r -> "/aws/service/ami/" + imageName(r).replace(' ', '-')));
    if (random.nextInt(4) == 0) {
      image.addProductCodes(ProductCode.of(hex(random, 25), anyOf(random, ProductCodeType.class)));
    }
    if (random.nextInt(5) == 0) {
      image.addImageWatermarks(ImageWatermark.builder()
          .watermarkKey(accountId(random) + ":" + imageName(random))
          .sourceImageRegion(optional(random, ModelGenerators::region))
          .sourceImageId(optional(random, ModelGenerators::imageId))
          .sourceImageCreationTime(optional(random, ModelGenerators::instant))
          .watermarkCreationTime(optional(random, ModelGenerators::instant))
          .build());
    }
    if (imageType == ImageType.MACHINE && virtualization == VirtualizationType.PARAVIRTUAL && random.nextBoolean()) {
      image.kernelId(KernelId.random(random)).ramdiskId(optional(random, RamdiskId::random));
    }
    mappings(random, rootType, image);
    return image.build();
  }

  private static void mappings(SplittableRandom random, RootDeviceType rootType, Image.Builder image) {
    String root = pick(random, List.of("/dev/xvda", "/dev/sda1"));
    boolean named = rootType == RootDeviceType.EBS || random.nextBoolean();
    if (named) {
      image.rootDeviceName(root);
    }
    if (random.nextInt(5) == 0) {
      return;
    }
    List<BlockDeviceMapping> mappings = new ArrayList<>();
    if (rootType == RootDeviceType.EBS) {
      mappings.add(new BlockDeviceMapping.Ebs(root, ebs(random, true)));
    }
    int extra = random.nextInt(4);
    for (int i = 0; i < extra; i++) {
      String device = random.nextBoolean() ? "/dev/sd" + (char) ('b' + i) : "xvdc" + (char) ('a' + i);
      mappings.add(mapping(random, device));
    }
    image.blockDeviceMappings(mappings);
  }

  /** A valid snapshot, every optional field sometimes set. */
  public static Snapshot snapshot(SplittableRandom random) {
    SnapshotState state = anyOf(random, SnapshotState.class);
    Instant start = instant(random);
    boolean encrypted = random.nextBoolean();
    Snapshot.Builder snapshot = Snapshot.builder()
        .snapshotId(snapshotId(random))
        .volumeId(optional(random, ModelGenerators::volumeId))
        .state(state)
        .stateMessage(optional(random, r -> freeText(r, 80)))
        .startTime(start)
        .ownerId(accountId(random))
        .ownerAlias(optional(random, r -> "amazon"))
        .description(optional(random, r -> freeText(r, Snapshot.MAX_DESCRIPTION_LENGTH)))
        .volumeSize(boundary(random, 1, 65_536))
        .tags(tags(random))
        .encrypted(random.nextInt(4) == 0 ? Optional.empty() : Optional.of(encrypted))
        .dataEncryptionKeyId(optional(random, r -> "dek-" + hex(r, 17)))
        .sseType(optional(random, r -> anyOf(r, SseType.class)))
        .outpostArn(optional(random, r -> "arn:aws:outposts:us-east-1:" + accountId(r) + ":outpost/op-" + hex(r, 17)))
        .availabilityZone(optional(random, r -> "us-east-1-bos-1a"))
        .storageTier(optional(random, r -> anyOf(r, StorageTier.class)))
        .restoreExpiryTime(optional(random, ModelGenerators::instant))
        .transferType(optional(random, r -> anyOf(r, TransferType.class)))
        .completionDurationMinutes(optional(random, r -> boundary(r, 15, 2880)))
        .completionTime(optional(random, r -> start.plusMillis(r.nextLong(0, 86_400_000L))))
        .fullSnapshotSizeInBytes(optional(random, r -> r.nextLong(0, 1L << 46)));
    if (state == SnapshotState.COMPLETED) {
      snapshot.progress(optional(random, r -> 100));
    } else {
      snapshot.progress(optional(random, r -> boundary(r, 0, 100)));
    }
    if (encrypted && random.nextBoolean()) {
      snapshot.encrypted(true).kmsKeyId("arn:aws:kms:us-east-1:" + accountId(random) + ":key/" + hex(random, 8));
    }
    return snapshot.build();
  }

  /** {@code min}, {@code max}, or a value between, each about a third of the time. */
  public static int boundary(SplittableRandom random, int min, int max) {
    return switch (random.nextInt(3)) {
      case 0 -> min;
      case 1 -> max;
      default -> random.nextInt(min, max + 1);
    };
  }

  /** Present half the time. */
  public static <T> Optional<T> optional(SplittableRandom random, Function<SplittableRandom, T> value) {
    return random.nextBoolean() ? Optional.of(value.apply(random)) : Optional.empty();
  }

  /** One element of a non-empty list. */
  public static <T> T pick(SplittableRandom random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** {@code digits} lowercase hex digits. */
  public static String hex(SplittableRandom random, int digits) {
    return text(random, "0123456789abcdef", digits);
  }

  private static String text(SplittableRandom random, String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  /** Method references for {@link #optional} over booleans. */
  private static final class Random {
    static boolean nextBoolean(SplittableRandom random) {
      return random.nextBoolean();
    }
  }
}
