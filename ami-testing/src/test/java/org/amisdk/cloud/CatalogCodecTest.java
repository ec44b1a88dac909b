package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.VolumeType;
import org.amisdk.testing.model.ModelGenerators;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;

/** The catalog's byte form: every entry kind reads back equal, and the codec writes every field the model has. */
class CatalogCodecTest {

  @Test
  void randomChanges_ofEveryKind_readBackEqual() {
    Property.check("catalog batch round trip", 300, random -> {
      List<Catalog.Change> changes = randomChanges(random, 1 + random.nextInt(12));
      List<byte[]> batches = Catalog.batches(changes, 1 + random.nextInt(5));
      List<Catalog.Change> read = new ArrayList<>();
      for (byte[] batch : batches) {
        read.addAll(CatalogReader.read(batch, "test batch"));
      }
      assertEquals(changes, read);
    });
  }

  @Test
  void appliedBatches_rebuildTheRegion_andLeaveNothingToCommit() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    RegionState original = new RegionState(Region.US_EAST_1);
    Catalog.apply(original, randomChanges(random, 200));
    RegionState copy = new RegionState(Region.US_EAST_1);
    for (List<Catalog.Change> batch : CatalogReader.readAll(Catalog.checkpoint(Catalog.contents(original), 16), "test")) {
      Catalog.apply(copy, batch);
    }
    assertEquals(Set.copyOf(original.images()), Set.copyOf(copy.images()));
    assertEquals(Set.copyOf(original.snapshots()), Set.copyOf(copy.snapshots()));
    assertEquals(Set.copyOf(original.volumes()), Set.copyOf(copy.volumes()));
    assertEquals(Set.copyOf(original.instances()), Set.copyOf(copy.instances()));
    assertEquals(Map.copyOf(original.blockPublicAccessSettings()), Map.copyOf(copy.blockPublicAccessSettings()));
    assertEquals(Set.copyOf(original.binnedImages()), Set.copyOf(copy.binnedImages()));
    assertEquals(Set.copyOf(original.binnedSnapshots()), Set.copyOf(copy.binnedSnapshots()));
    assertEquals(Set.copyOf(original.rules()), Set.copyOf(copy.rules()));
    assertEquals(Map.copyOf(original.tokens.all()), Map.copyOf(copy.tokens.all()));
    assertTrue(!original.tokens.all().isEmpty(), "the random region has client tokens");
    assertTrue(!original.binnedImages().isEmpty() && !original.binnedSnapshots().isEmpty() && !original.rules().isEmpty(),
        "the random region has something in the bin, and rules");
    for (RegionState.ImageEntry image : original.images()) {
      for (SnapshotId snapshot : image.snapshotIds()) {
        assertEquals(original.imagesUsing(snapshot), copy.imagesUsing(snapshot), "the indexes are rebuilt");
      }
    }
    assertTrue(copy.changed.isEmpty(), "a loaded region has no changes to commit");
  }

  /**
   * The codec names every field; this fails when a model type or catalog entry gains one, so the
   * codec is updated with it instead of silently dropping it on reopen.
   */
  @Test
  void fieldCounts_matchTheModel() {
    Catalog.FIELDS.forEach((type, written) -> {
      long fields = type.isSealed() ? type.getPermittedSubclasses().length
          : type.isRecord() ? type.getRecordComponents().length
          : Arrays.stream(type.getDeclaredMethods()).filter(CatalogCodecTest::isAttribute).count();
      assertEquals(fields, (long) written, type.getSimpleName() + " has " + fields + " fields; the codec writes " + written);
    });
  }

  private static boolean isAttribute(Method method) {
    return Modifier.isAbstract(method.getModifiers()) && Modifier.isPublic(method.getModifiers())
        && method.getParameterCount() == 0;
  }

  @Test
  void truncatedOrPaddedBatch_isRefusedNamingWhere() {
    byte[] batch = Catalog.batches(randomChanges(new SplittableRandom(3), 3), 10).get(0);
    IOException cut = assertThrows(IOException.class, () -> CatalogReader.read(Arrays.copyOf(batch, batch.length - 1), "batch X"));
    assertTrue(cut.getMessage().startsWith("batch X is corrupt at byte "), cut.getMessage());
    IOException padded = assertThrows(IOException.class, () -> CatalogReader.read(Arrays.copyOf(batch, batch.length + 1), "batch X"));
    assertTrue(padded.getMessage().contains("1 bytes follow its last change"), padded.getMessage());
  }

  @Test
  void hugeAnnouncedCount_isRefusedBeforeAllocating() {
    byte[] batch = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
    IOException refusal = assertThrows(IOException.class, () -> CatalogReader.read(batch, "batch Y"));
    assertTrue(refusal.getMessage().contains("are announced but only 0 are left"), refusal.getMessage());
  }

  /** Random puts and removes of every kind: images, snapshots, volumes, instances, account settings, binned images and snapshots, rules, client tokens. */
  static List<Catalog.Change> randomChanges(SplittableRandom random, int count) {
    List<Catalog.Change> changes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean remove = random.nextInt(5) == 0;
      switch (random.nextInt(9)) {
        case 0 -> {
          RegionState.ImageEntry image = imageEntry(random);
          changes.add(new Catalog.Change(image.image().imageId(), remove ? null : image));
        }
        case 1 -> {
          RegionState.SnapshotEntry snapshot = snapshotEntry(random);
          if (random.nextBoolean()) { // one being written through the EBS direct APIs, with its deadline
            snapshot = snapshot.withDeadline(java.util.Optional.of(new RegionState.Deadline(
                java.time.Duration.ofMinutes(ModelGenerators.boundary(random, 10, 4_320)), ModelGenerators.instant(random))));
          }
          changes.add(new Catalog.Change(snapshot.snapshot().snapshotId(), remove ? null : snapshot));
        }
        case 5 -> {
          RegionState.ImageEntry image = imageEntry(random);
          Instant entered = ModelGenerators.instant(random);
          changes.add(new Catalog.Change(new RegionState.InBin(image.image().imageId()), remove ? null
              : new RegionState.BinnedImage(image, entered, entered.plusSeconds(86_400L * (1 + random.nextInt(365))))));
        }
        case 6 -> {
          RegionState.SnapshotEntry snapshot = snapshotEntry(random);
          Instant entered = ModelGenerators.instant(random);
          changes.add(new Catalog.Change(new RegionState.InBin(snapshot.snapshot().snapshotId()), remove ? null
              : new RegionState.BinnedSnapshot(snapshot, entered, entered.plusSeconds(86_400L * (1 + random.nextInt(365))))));
        }
        case 7 -> {
          String id = ModelGenerators.hex(random, 11);
          List<Tag> tags = List.copyOf(new java.util.LinkedHashSet<>(ModelGenerators.tags(random)));
          boolean tagLevel = random.nextBoolean() && !tags.isEmpty();
          RetentionRuleRequest spec = new RetentionRuleRequest(ModelGenerators.anyOf(random, RecycleBinResourceType.class),
              ModelGenerators.boundary(random, 1, 365), ModelGenerators.optional(random, r -> "rule " + r.nextInt(100)),
              tagLevel ? tags : List.of(), tagLevel ? List.of() : tags);
          changes.add(new Catalog.Change(id, remove ? null : new RegionState.RuleEntry(id, ModelGenerators.accountId(random), spec)));
        }
        case 8 -> {
          ClientTokens.Key key = new ClientTokens.Key(ModelGenerators.accountId(random), "token:" + ModelGenerators.hex(random, 8));
          List<String> results = random.nextBoolean() ? List.of(ModelGenerators.volumeId(random).toString())
              : List.of(org.amisdk.model.ReservationId.random(random).toString(), ModelGenerators.instanceId(random).toString());
          changes.add(new Catalog.Change(key, remove ? null : new ClientTokens.Use(
              results.size() == 1 ? "CreateVolume" : "RunInstances", ClientTokens.digest(random.nextInt()), ImmutableList.copyOf(results))));
        }
        case 2 -> {
          var id = ModelGenerators.volumeId(random);
          Instant created = ModelGenerators.instant(random);
          changes.add(new Catalog.Change(id, remove ? null : new RegionState.VolumeEntry(id, ModelGenerators.accountId(random),
              ModelGenerators.boundary(random, 1, 16_384), ModelGenerators.optional(random, ModelGenerators::snapshotId),
              ModelGenerators.anyOf(random, VolumeType.class), random.nextBoolean(),
              ModelGenerators.optional(random, r -> "arn:aws:kms:us-east-1:111111111111:key/" + ModelGenerators.hex(r, 8)),
              ModelGenerators.optional(random, r -> ModelGenerators.boundary(r, 100, 256_000)),
              ModelGenerators.optional(random, r -> ModelGenerators.boundary(r, 125, 2_000)),
              "us-east-1" + (char) ('a' + random.nextInt(3)), created, created.plusSeconds(random.nextInt(10)),
              org.amisdk.storage.block.BlockVolumeId.parse("v-" + ModelGenerators.hex(random, 16)),
              ModelGenerators.optional(random, r -> new RegionState.Attachment(ModelGenerators.instanceId(r), "/dev/sdf", created,
                  created.plusSeconds(5), ModelGenerators.optional(r, ModelGenerators::instant))),
              ModelGenerators.optional(random, ModelGenerators::instant), ImmutableList.copyOf(ModelGenerators.tags(random)))));
        }
        case 3 -> {
          InstanceId id = ModelGenerators.instanceId(random);
          ImmutableList.Builder<Instance.Attachment> devices = ImmutableList.builder();
          for (int d = random.nextInt(3); d > 0; d--) {
            devices.add(new Instance.Attachment("/dev/sd" + (char) ('a' + d), ModelGenerators.volumeId(random), random.nextBoolean()));
          }
          Instant launched = ModelGenerators.instant(random);
          changes.add(new Catalog.Change(id, new RegionState.InstanceEntry(id, ModelGenerators.accountId(random),
              ModelGenerators.imageId(random), "t3.micro", ModelGenerators.anyOf(random, Architecture.class),
              ModelGenerators.anyOf(random, RootDeviceType.class), ModelGenerators.optional(random, r -> "/dev/xvda"),
              devices.build(), launched, "us-east-1" + (char) ('a' + random.nextInt(3)),
              ModelGenerators.anyOf(random, RegionState.Phase.class), launched.plusSeconds(30),
              ImmutableList.copyOf(ModelGenerators.tags(random)),
              ModelGenerators.optional(random, r -> org.amisdk.storage.block.BlockVolumeId.parse("v-" + ModelGenerators.hex(r, 16))),
              org.amisdk.model.ReservationId.random(random))));
        }
        default -> changes.add(new Catalog.Change(ModelGenerators.accountId(random), remove ? null : random.nextInt(2))); // on (1), explicitly off (0), or no setting
      }
    }
    return changes;
  }

  private static RegionState.ImageEntry imageEntry(SplittableRandom random) {
    return new RegionState.ImageEntry(ModelGenerators.image(random), permissions(random), tagsByAccount(random),
        ModelGenerators.instant(random), new RegionState.Protection(random.nextBoolean(), random.nextBoolean(),
            ModelGenerators.optional(random, ModelGenerators::instant)));
  }

  private static RegionState.SnapshotEntry snapshotEntry(SplittableRandom random) {
    Snapshot snapshot = ModelGenerators.snapshot(random);
    return new RegionState.SnapshotEntry(snapshot, ModelGenerators.instant(random),
        ModelGenerators.optional(random, r -> org.amisdk.storage.block.BlockSnapshotId.parse("s-" + ModelGenerators.hex(r, 16))),
        permissions(random), tagsByAccount(random),
        new RegionState.Tier(random.nextBoolean() ? "" : "archival", ModelGenerators.optional(random, ModelGenerators::instant),
            ModelGenerators.optional(random, ModelGenerators::instant), ModelGenerators.optional(random, ModelGenerators::instant)));
  }

  private static ImmutableSet<LaunchPermission> permissions(SplittableRandom random) {
    ImmutableSet.Builder<LaunchPermission> permissions = ImmutableSet.builder();
    for (int i = random.nextInt(4); i > 0; i--) {
      permissions.add(ModelGenerators.launchPermission(random));
    }
    return permissions.build();
  }

  private static ImmutableMap<AccountId, ImmutableList<Tag>> tagsByAccount(SplittableRandom random) {
    Map<AccountId, ImmutableList<Tag>> tags = new java.util.LinkedHashMap<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      tags.put(ModelGenerators.accountId(random), ImmutableList.copyOf(ModelGenerators.tags(random)));
    }
    return ImmutableMap.copyOf(tags);
  }
}
