package org.amisdk.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.amisdk.testing.model.ModelGenerators;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;

/** Invariants of the model over seeded random values. */
class ModelPropertiesTest {

  @Test
  void generators_produceOnlyValidValues_thatRebuildEqual() {
    Property.check("generated images are valid and rebuild equal", 400, random -> {
      Image image = ModelGenerators.image(random);
      assertEquals(image, Image.builder().from(image).build());
    });
    Property.check("generated snapshots are valid and rebuild equal", 400, random -> {
      Snapshot snapshot = ModelGenerators.snapshot(random);
      assertEquals(snapshot, Snapshot.builder().from(snapshot).build());
    });
  }

  @Test
  void ids_parseBackFromToString() {
    Property.check("ids parse back from toString", 300, random -> {
      ImageId image = ModelGenerators.imageId(random);
      assertEquals(image, ImageId.parse(image.toString()));
      SnapshotId snapshot = ModelGenerators.snapshotId(random);
      assertEquals(snapshot, SnapshotId.parse(snapshot.toString()));
      VolumeId volume = ModelGenerators.volumeId(random);
      assertEquals(volume, VolumeId.parse(volume.toString()));
      InstanceId instance = ModelGenerators.instanceId(random);
      assertEquals(instance, InstanceId.parse(instance.toString()));
      AccountId account = ModelGenerators.accountId(random);
      assertEquals(account, AccountId.parse(account.toString()));
      Region region = ModelGenerators.region(random);
      assertEquals(region, Region.parse(region.toString()));
    });
  }

  @Test
  void ids_withOneCharacterChanged_areMalformedOrStillValid() {
    Property.check("a mutated id is refused unless it is still of the form", 300, random -> {
      String id = ModelGenerators.imageId(random).toString();
      int at = random.nextInt(id.length() + 1);
      char c = (char) random.nextInt(32, 127);
      String mutated = id.substring(0, at) + c + id.substring(at);
      boolean wellFormed = mutated.matches("ami-([0-9a-f]{8}|[0-9a-f]{17})");
      if (wellFormed) {
        assertEquals(mutated, ImageId.parse(mutated).toString());
      } else {
        Ec2Exception e = assertThrows(Ec2Exception.class, () -> ImageId.parse(mutated));
        assertEquals("InvalidAMIID.Malformed", e.errorCode());
      }
    });
  }

  @Test
  void imageName_lengthRule_acceptsExactly3To128() {
    Property.check("image names are accepted exactly at 3..128 characters", 300, random -> {
      int length = random.nextInt(0, 140);
      String name = "a".repeat(length);
      if (length >= 3 && length <= 128) {
        assertEquals(name, Image.checkName(name));
      } else {
        assertEquals("InvalidAMIName.Malformed", assertThrows(Ec2Exception.class, () -> Image.checkName(name)).errorCode());
      }
    });
  }

  @Test
  void iopsRule_acceptsExactlyEachTypesRange() {
    Property.check("iops are accepted exactly within each type's range", 500, random -> {
      VolumeType type = ModelGenerators.anyOf(random, VolumeType.class);
      int iops = random.nextInt(4) == 0
          ? ModelGenerators.pick(random, List.of(99, 100, 2999, 3000, 64_000, 64_001, 80_000, 80_001, 256_000, 256_001))
          : random.nextInt(0, 300_000);
      int min = type == VolumeType.GP3 ? 3000 : 100;
      int max = switch (type) {
        case GP3 -> 80_000;
        case IO1 -> 64_000;
        case IO2 -> 256_000;
        default -> -1;
      };
      EbsBlockDevice.Builder ebs = EbsBlockDevice.builder().volumeSize(200).volumeType(type).iops(iops);
      if (iops >= min && iops <= max) {
        assertEquals(iops, ebs.build().iops().orElseThrow());
      } else {
        assertEquals("InvalidBlockDeviceMapping", assertThrows(Ec2Exception.class, ebs::build).errorCode());
      }
    });
  }

  @Test
  void mappingWireFields_acceptExactlyOneTarget() {
    EbsBlockDevice ebs = EbsBlockDevice.builder().volumeSize(8).build();
    Property.check("a wire mapping is accepted exactly with one target", 200, random -> {
      boolean withEbs = random.nextBoolean();
      boolean withVirtual = random.nextBoolean();
      boolean withNoDevice = random.nextBoolean();
      int given = (withEbs ? 1 : 0) + (withVirtual ? 1 : 0) + (withNoDevice ? 1 : 0);
      var build = (java.util.function.Supplier<BlockDeviceMapping>) () -> BlockDeviceMapping.fromWireFields(
          "/dev/sdf", withEbs ? ebs : null, withVirtual ? "ephemeral1" : null, withNoDevice ? "" : null);
      if (given == 1) {
        assertEquals("/dev/sdf", build.get().deviceName());
      } else {
        assertEquals("InvalidBlockDeviceMapping", assertThrows(Ec2Exception.class, build::get).errorCode());
      }
    });
  }

  @Test
  void launchPermissionWireFields_acceptExactlyOnePrincipal() {
    Property.check("a wire launch permission is accepted exactly with one principal", 200, random -> {
      String[] fields = {
        random.nextBoolean() ? "123456789012" : null,
        random.nextBoolean() ? "all" : null,
        random.nextBoolean() ? "arn:aws:organizations::123456789012:organization/o-abcdef1234" : null,
        random.nextBoolean() ? "arn:aws:organizations::123456789012:ou/o-abcdef1234/ou-ab12-abcdef12" : null};
      long given = java.util.Arrays.stream(fields).filter(java.util.Objects::nonNull).count();
      var build = (java.util.function.Supplier<LaunchPermission>)
          () -> LaunchPermission.fromWireFields(fields[0], fields[1], fields[2], fields[3]);
      if (given == 1) {
        build.get();
      } else {
        assertEquals("InvalidParameterCombination", assertThrows(Ec2Exception.class, build::get).errorCode());
      }
    });
  }

  @Test
  void volumeSizeRule_acceptsExactlyEachTypesRange() {
    Property.check("volume sizes are accepted exactly within each type's range", 500, random -> {
      VolumeType type = ModelGenerators.anyOf(random, VolumeType.class);
      int size = random.nextInt(3) == 0
          ? ModelGenerators.pick(random, List.of(0, 1, 3, 4, 124, 125, 1024, 1025, 16_384, 16_385, 65_536, 65_537))
          : random.nextInt(-5, 70_000);
      int min = switch (type) {
        case IO1, IO2 -> 4;
        case ST1, SC1 -> 125;
        default -> 1;
      };
      int max = switch (type) {
        case GP3, IO2 -> 65_536;
        case STANDARD -> 1_024;
        default -> 16_384;
      };
      EbsBlockDevice.Builder ebs = EbsBlockDevice.builder().volumeSize(size).volumeType(type);
      if (type == VolumeType.IO1 || type == VolumeType.IO2) {
        ebs.iops(100);
      }
      if (size >= min && size <= max) {
        assertEquals(size, ebs.build().volumeSize().orElseThrow());
      } else {
        assertEquals("InvalidBlockDeviceMapping", assertThrows(Ec2Exception.class, ebs::build).errorCode());
      }
    });
  }

  @Test
  void tagLengthRules_acceptExactly1To128KeyAndAtMost256Value() {
    Property.check("tag keys of 1..128 and values of 0..256 characters are accepted exactly", 400, random -> {
      int keyLength = random.nextInt(3) == 0 ? ModelGenerators.pick(random, List.of(0, 1, 128, 129)) : random.nextInt(0, 140);
      int valueLength = random.nextInt(3) == 0 ? ModelGenerators.pick(random, List.of(0, 256, 257)) : random.nextInt(0, 270);
      String key = characters(random, keyLength);
      String value = characters(random, valueLength);
      if (keyLength < 1 || keyLength > 128) {
        assertEquals("InvalidTagKey.Malformed", assertThrows(Ec2Exception.class, () -> Tag.of(key, value)).errorCode());
      } else if (valueLength > 256) {
        assertEquals("InvalidParameterValue", assertThrows(Ec2Exception.class, () -> Tag.of(key, value)).errorCode());
      } else {
        assertEquals(key, Tag.of(key, value).key());
      }
    });
  }

  /** {@code length} characters (code points), some outside the basic plane. */
  private static String characters(java.util.SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(random.nextInt(5) == 0 ? 0x1F680 : 'k');
    }
    return text.toString();
  }
}
