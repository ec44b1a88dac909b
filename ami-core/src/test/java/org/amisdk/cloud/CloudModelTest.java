package org.amisdk.cloud;

import static org.amisdk.cloud.CloudModel.ACCOUNTS;
import static org.amisdk.cloud.CloudModel.OK;
import static org.amisdk.cloud.CloudModel.REGION;
import static org.amisdk.cloud.CloudModel.ROOT_DEVICE;
import static org.amisdk.cloud.CloudModel.TIMINGS;
import static org.amisdk.cloud.CloudModel.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Tag;
import org.amisdk.model.Volume;
import org.amisdk.model.VolumeId;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random action sequences from three accounts against a small reference model of the rules
 * ({@link CloudModel}: the image, snapshot, volume and Recycle Bin rules of docs/ec2-coverage.md,
 * after the EC2 API reference's RegisterImage, ModifyImageAttribute, DeregisterImage,
 * DeleteSnapshot, CreateVolume, AttachVolume, DetachVolume, DeleteVolume and TerminateInstances
 * and the Recycle Bin user guide). After every step: the outcome (success or EC2's code) is the model's;
 * every account sees exactly the images and snapshots the model says it may, its volumes in the
 * model's states and attachments, its binned images and snapshots with their exit times, and its
 * retention rules; every snapshot an image maps exists; a refusal changed nothing. The clock moves
 * only in a "time passes" step, by seconds (volume transitions) or days (retention periods).
 *
 * <p>The same suite runs on the in-memory cloud and on the directory-backed cloud, which is also
 * reopened after each sequence (and, journal checkpoints made frequent, at random steps within
 * one) and must show exactly what was committed. Every choice of a sequence comes from a {@link
 * Choices}: seeded random here, Jazzer's fuzzed data in {@link CloudModelFuzzTest}.
 */
class CloudModelTest {
  private static final String[] NAMES = {"web-1", "web-2", "db-1"};
  private static final String[] ZONES = {"us-east-1a", "us-east-1b"};
  private static final String[] DEVICES = {ROOT_DEVICE, "/dev/sdf", "/dev/sdg"};
  /** The tag a tag-level retention rule of the model retains. */
  private static final Tag KEEP = Tag.of("keep", "yes");
  private static final Duration[] WAITS = {Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(6),
      Duration.ofSeconds(11), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(4)};

  @TempDir
  Path temp;

  @Test
  void randomSequences_inMemoryCloud_followTheModel() {
    Property.check("cloud model (in memory)", 100, random -> {
      try (LocalCloud cloud = LocalCloud.builder().clock(new ManualClock(Instant.parse("2026-01-01T00:00:00Z")))
          .ids(new SplittableRandom(random.nextLong())).timings(TIMINGS).build()) {
        run(cloud, Choices.of(random), 50);
      }
    });
  }

  @Test
  void randomSequences_directoryCloud_followTheModelAndSurviveReopening() {
    Property.check("cloud model (directory, reopened)", 15, random -> {
      Path dir = Files.createTempDirectory(temp, "cloud");
      ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
      Map<AccountId, Object> committed;
      CloudModel model;
      try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).ids(new SplittableRandom(random.nextLong()))
          .timings(TIMINGS).open()) {
        model = run(cloud, Choices.of(random), 30);
        committed = world(cloud);
      }
      try (LocalCloud reopened = LocalCloud.builder().directory(dir).clock(clock).timings(TIMINGS).open()) {
        assertEquals(committed, world(reopened), "a reopened cloud sees exactly what was committed");
        model.check(reopened);
      }
    });
  }

  @Test
  void randomSequences_journalCloud_reopenedAtRandomSteps_followTheModel() {
    Property.check("cloud model (journal, reopened at random steps)", 15, random -> {
      Path dir = Files.createTempDirectory(temp, "journal");
      ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
      LocalCloud.Builder builder = LocalCloud.builder().directory(dir).clock(clock).timings(TIMINGS)
          .checkpointBytes(1 + random.nextInt(4096));
      LocalCloud last = run(builder.open(), Choices.of(random), 40, (cloud, step) -> {
        if (random.nextInt(4) != 0) {
          return cloud;
        }
        Map<AccountId, Object> committed = world(cloud);
        cloud.close();
        LocalCloud reopened = builder.open();
        assertEquals(committed, world(reopened), "step " + step + ": a reopened cloud sees exactly what was committed");
        return reopened;
      }).cloud;
      last.close();
    });
  }

  /** Where an action sequence's choices come from: one small source, so the same sequences run seeded or fuzzed. */
  interface Choices {
    /** A value in {@code [0, bound)}. */
    int nextInt(int bound);

    boolean nextBoolean();

    void nextBytes(byte[] target);

    static Choices of(SplittableRandom random) {
      return new Choices() {
        @Override
        public int nextInt(int bound) {
          return random.nextInt(bound);
        }

        @Override
        public boolean nextBoolean() {
          return random.nextBoolean();
        }

        @Override
        public void nextBytes(byte[] target) {
          random.nextBytes(target);
        }
      };
    }
  }

  /** Runs {@code steps} actions chosen by {@code random}, checking each against the model; returns the model. */
  static CloudModel run(LocalCloud cloud, Choices random, int steps) throws IOException {
    return run(cloud, random, steps, (same, step) -> same).model;
  }

  /** Gives the cloud the next step runs on: the same one, or the same reopened. */
  @FunctionalInterface
  interface Between {
    LocalCloud next(LocalCloud cloud, int step) throws IOException;
  }

  /** The model after a sequence, and the cloud it ended on. */
  record Ran(CloudModel model, LocalCloud cloud) {}

  /** Runs {@code steps} actions as {@link #run(LocalCloud, Choices, int)}, letting {@code between} swap the cloud before each. */
  static Ran run(LocalCloud first, Choices random, int steps, Between between) throws IOException {
    CloudModel model = new CloudModel((ManualClock) first.clock());
    LocalCloud cloud = first;
    setUp(cloud, random, model);
    for (int step = 0; step < steps; step++) {
      cloud = between.next(cloud, step);
      model.check(cloud);
      int kind = random.nextInt(24);
      AccountId chosen = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
      AccountId account = (kind == 17 || kind == 18) && random.nextBoolean()
          ? model.binOwner(random).orElse(chosen) : chosen; // half the restores by an account whose bin holds something
      Ec2 client = cloud.client(account, REGION);
      Map<AccountId, Object> before = world(cloud);
      String expected;
      String actual;
      String action;
      if (kind == 0 || model.snapshots.isEmpty()) {
        action = "create snapshot " + createSnapshot(client, account, random, model);
        expected = actual = OK;
      } else if (kind >= 9) {
        Outcome done = volumeOrBinStep(kind, client, account, random, model);
        action = done.action();
        expected = done.expected();
        actual = done.actual();
      } else {
        SnapshotId snapshot = pickOwned(random, model.snapshots, account, f -> f.owner);
        ImageId image = model.images.isEmpty() ? null : pickOwned(random, model.images, account, f -> f.owner);
        LaunchPermission grantee = random.nextInt(4) == 0 ? LaunchPermission.EVERYONE
            : new LaunchPermission.Account(ACCOUNTS[random.nextInt(ACCOUNTS.length)]);
        if (image == null && kind >= 2 && kind <= 6) {
          kind = 1;
        }
        switch (kind) {
          case 1 -> {
            String name = NAMES[random.nextInt(NAMES.length)];
            action = "register " + name + " from " + snapshot;
            expected = model.register(account, name, snapshot);
            actual = outcome(() -> {
              ImageId id = client.registerImage(World.register(name, snapshot).build());
              model.images.put(id, new CloudModel.ImageFacts(account, name, snapshot));
            });
          }
          case 2 -> {
            action = "share " + image + " with " + grantee;
            if (grantee == LaunchPermission.EVERYONE && random.nextBoolean()) {
              client.disableImageBlockPublicAccess(); // public sharing needs block public access off first
              model.unblocked.add(account);
              action += " after unblocking";
            }
            expected = model.modifyImage(account, image, true);
            if (expected.equals(OK) && grantee == LaunchPermission.EVERYONE && !model.unblocked.contains(account)) {
              expected = "OperationNotPermitted"; // block public access is on for a new account
            }
            actual = outcome(() -> client.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
                .addLaunchPermissionAdd(grantee).build()));
            if (expected.equals(OK)) {
              model.images.get(image).permissions.add(grantee);
            }
          }
          case 3 -> {
            action = "unshare " + image + " from " + grantee;
            expected = model.modifyImage(account, image, false);
            actual = outcome(() -> client.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
                .addLaunchPermissionRemove(grantee).build()));
            if (expected.equals(OK)) {
              model.images.get(image).permissions.remove(grantee);
            }
          }
          case 4 -> {
            boolean deleteSnapshots = random.nextBoolean();
            action = "deregister " + image + (deleteSnapshots ? " with its snapshots" : "");
            expected = model.modifyImage(account, image, false);
            actual = outcome(() -> client.deregisterImage(DeregisterImageRequest.builder().imageId(image)
                .deleteAssociatedSnapshots(deleteSnapshots).build()));
            if (expected.equals(OK)) {
              CloudModel.ImageFacts gone = model.images.remove(image);
              model.binImage(image, gone);
              if (deleteSnapshots && model.snapshots.get(gone.snapshot).owner.equals(account) && !model.inUse(gone.snapshot)) {
                model.deleteSnapshot(gone.snapshot);
              }
            }
          }
          case 5 -> {
            action = "disable " + image;
            expected = model.modifyImage(account, image, false);
            if (expected.equals(OK) && model.images.get(image).disabled) {
              expected = "IncorrectState";
            }
            actual = outcome(() -> client.disableImage(image));
            if (expected.equals(OK)) {
              model.images.get(image).disabled = true;
              model.images.get(image).permissions.clear();
            }
          }
          case 6 -> {
            action = "enable " + image;
            expected = model.modifyImage(account, image, false);
            if (expected.equals(OK) && !model.images.get(image).disabled) {
              expected = "IncorrectState";
            }
            actual = outcome(() -> client.enableImage(image));
            if (expected.equals(OK)) {
              model.images.get(image).disabled = false;
            }
          }
          case 7 -> {
            action = "delete " + snapshot;
            expected = model.modifySnapshot(account, snapshot);
            if (expected.equals(OK) && model.inUse(snapshot)) {
              expected = "InvalidSnapshot.InUse";
            }
            actual = outcome(() -> client.deleteSnapshot(snapshot));
            if (expected.equals(OK)) {
              model.deleteSnapshot(snapshot);
            }
          }
          default -> {
            action = "share " + snapshot + " with " + grantee;
            expected = model.modifySnapshot(account, snapshot);
            actual = outcome(() -> client.modifySnapshotAttribute(ModifySnapshotAttributeRequest.builder()
                .snapshotId(snapshot).addAdd(grantee).build()));
            if (expected.equals(OK)) {
              model.snapshots.get(snapshot).permissions.add(grantee);
            }
          }
        }
      }
      String context = "step " + step + ": " + account + " " + action;
      assertEquals(expected, actual, context);
      if (!actual.equals(OK)) {
        assertEquals(before, world(cloud), context + ": a refusal changed nothing");
      }
      model.check(cloud);
    }
    return new Ran(model, cloud);
  }

  /** What one step did: its description, the model's expected outcome and the cloud's. */
  record Outcome(String action, String expected, String actual) {}

  /**
   * Gives each account a snapshot, an image on it ("boot-" and the account) and one running
   * instance of it in each of {@link #ZONES}, whose root volumes the model knows as attached; and,
   * for some, Region-level retention rules from the start.
   */
  private static void setUp(LocalCloud cloud, Choices random, CloudModel model) {
    for (AccountId account : ACCOUNTS) {
      Ec2 client = cloud.client(account, REGION);
      for (RecycleBinResourceType type : RecycleBinResourceType.values()) {
        if (random.nextBoolean()) {
          createRule(client, account, type, true, random, model);
        }
      }
      SnapshotId snapshot = createSnapshot(client, account, random, model);
      String name = "boot-" + account;
      ImageId image = client.registerImage(World.register(name, snapshot).build());
      model.images.put(image, new CloudModel.ImageFacts(account, name, snapshot));
      for (String zone : ZONES) {
        Instance instance = client.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro")
            .availabilityZone(zone).build()).get(0);
        model.instances.put(instance.instanceId(), new CloudModel.InstanceFacts(account, zone));
        Instance.Attachment device = instance.blockDeviceMappings().get(0);
        VolumeId root = device.volumeId();
        CloudModel.VolumeFacts volume = new CloudModel.VolumeFacts(account, zone, model.now());
        volume.deleteOnTermination = device.deleteOnTermination();
        model.volumes.put(root, volume);
        model.attach(root, volume, instance.instanceId(), ROOT_DEVICE, Duration.ZERO);
      }
    }
  }

  /**
   * A new snapshot of 512 random bytes at a random place of a new volume, which is then deleted
   * (the model sees it deleting, then gone); the model remembers the bytes, to check them after a
   * restore from the Recycle Bin.
   */
  private static SnapshotId createSnapshot(Ec2 client, AccountId account, Choices random, CloudModel model) {
    Volume volume = client.createVolume(CreateVolumeRequest.builder().availabilityZone(ZONES[0]).size(1).build());
    byte[] bytes = new byte[512];
    random.nextBytes(bytes);
    long position = random.nextInt(1 << 20);
    client.writeVolume(volume.volumeId(), position, bytes, 0, bytes.length);
    Snapshot snapshot = client.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());
    client.deleteVolume(volume.volumeId());
    CloudModel.VolumeFacts deleted = new CloudModel.VolumeFacts(account, ZONES[0], model.now().plus(TIMINGS.volumeAvailable()));
    deleted.goneAt = model.now().plus(TIMINGS.volumeDelete());
    model.volumes.put(volume.volumeId(), deleted);
    model.snapshots.put(snapshot.snapshotId(), new CloudModel.SnapshotFacts(account, position, bytes));
    return snapshot.snapshotId();
  }

  /** One of the volume, instance, clock and Recycle Bin steps ({@code kind} 9 to 23). */
  private static Outcome volumeOrBinStep(int kind, Ec2 client, AccountId account, Choices random, CloudModel model) {
    Instant now = model.now();
    switch (kind) {
      case 10, 20, 21 -> { // attaching weighs three: most tries are refused, one way or another
        if (!model.volumes.isEmpty()) {
          Instant at = now;
          VolumeId volume = random.nextBoolean() ? pickVolume(random, model, account) : pickWhere(random, model.volumes,
              v -> v.owner.equals(account) && v.state(at).equals("available")).orElseGet(() -> pickVolume(random, model, account));
          String zone = model.volumes.containsKey(volume) ? model.volumes.get(volume).zone : ZONES[0];
          InstanceId instance = random.nextBoolean() ? pickOwned(random, model.instances, account, i -> i.owner)
              : pickWhere(random, model.instances, i -> i.owner.equals(account) && i.zone.equals(zone))
                  .orElseGet(() -> pickOwned(random, model.instances, account, i -> i.owner));
          String device = DEVICES[random.nextInt(DEVICES.length)];
          String expected = model.attachVolume(account, volume, instance, device);
          return new Outcome("attach " + volume + " to " + instance + " at " + device, expected,
              outcome(() -> client.attachVolume(volume, instance, device)));
        }
      }
      case 11, 22, 23 -> { // detaching weighs three too
        if (!model.volumes.isEmpty()) {
          VolumeId volume = random.nextBoolean() ? pickVolume(random, model, account) : pickWhere(random, model.volumes,
              v -> v.owner.equals(account) && v.instance != null && !ROOT_DEVICE.equals(v.device))
              .orElseGet(() -> pickVolume(random, model, account));
          Optional<InstanceId> named = random.nextInt(3) == 0
              ? Optional.of(pick(random, model.instances.keySet())) : Optional.empty();
          boolean force = random.nextBoolean();
          String expected = model.detachVolume(account, volume, named, force);
          return new Outcome("detach " + volume + named.map(i -> " from " + i).orElse("") + (force ? " by force" : ""), expected,
              outcome(() -> client.detachVolume(DetachVolumeRequest.builder().volumeId(volume).instanceId(named).force(force)
                  .build())));
        }
      }
      case 12 -> {
        if (!model.volumes.isEmpty()) {
          VolumeId volume = pickVolume(random, model, account);
          String expected = model.deleteVolume(account, volume);
          return new Outcome("delete " + volume, expected, outcome(() -> client.deleteVolume(volume)));
        }
      }
      case 13 -> {
        if (random.nextInt(4) != 0) {
          break; // rarely: a terminated instance takes no more volumes
        }
        InstanceId instance = pickOwned(random, model.instances, account, i -> i.owner);
        String expected = model.terminate(account, instance);
        return new Outcome("terminate " + instance, expected, outcome(() -> client.terminateInstances(List.of(instance))));
      }
      case 14 -> {
        Duration wait = WAITS[random.nextInt(WAITS.length)];
        model.clock.advance(wait);
        model.settle();
        return new Outcome("time passes: " + wait, OK, OK);
      }
      case 15, 16 -> {
        if (kind == 16 && !model.rules.isEmpty() && random.nextInt(3) == 0) {
          String rule = pickOwned(random, model.rules, account, CloudModel.RuleFacts::owner);
          boolean owned = model.rules.get(rule).owner().equals(account);
          String expected = owned ? OK : "ResourceNotFoundException"; // rbin: rules are per account
          String actual = outcome(() -> client.recycleBin().deleteRule(rule));
          if (owned) {
            model.rules.remove(rule);
          }
          return new Outcome("delete retention rule " + rule, expected, actual);
        }
        RecycleBinResourceType type = RecycleBinResourceType.values()[random.nextInt(2)];
        return new Outcome("create " + createRule(client, account, type, random.nextBoolean(), random, model), OK, OK);
      }
      case 17 -> {
        if (!model.binnedImages.isEmpty() || !model.images.isEmpty()) {
          ImageId image = model.binnedImages.isEmpty() || (!model.images.isEmpty() && random.nextInt(4) == 0)
              ? pick(random, model.images.keySet()) // an image not in the bin
              : pickOwned(random, model.binnedImages, account, b -> b.facts().owner);
          String expected = model.restoreImage(account, image);
          return new Outcome("restore " + image + " from the Recycle Bin", expected,
              outcome(() -> client.recycleBin().restoreImageFromRecycleBin(image)));
        }
      }
      case 18 -> {
        SnapshotId snapshot = model.binnedSnapshots.isEmpty() || random.nextInt(4) == 0
            ? pick(random, model.snapshots.keySet()) // a snapshot not in the bin
            : pickOwned(random, model.binnedSnapshots, account, b -> b.facts().owner);
        String expected = model.restoreSnapshot(account, snapshot);
        String actual = outcome(() -> client.recycleBin().restoreSnapshotFromRecycleBin(snapshot));
        if (expected.equals(OK) && actual.equals(OK)) {
          assertBlocks(client, snapshot, model.snapshots.get(snapshot));
        }
        return new Outcome("restore " + snapshot + " from the Recycle Bin", expected, actual);
      }
      case 19 -> {
        boolean onImage = !model.images.isEmpty() && random.nextBoolean();
        if (onImage) {
          ImageId image = pick(random, model.images.keySet());
          CloudModel.ImageFacts facts = model.images.get(image);
          String expected = facts.visibleTo(account) ? OK : "InvalidAMIID.NotFound";
          String actual = outcome(() -> client.createTags(List.of(image), List.of(KEEP)));
          facts.tagged |= expected.equals(OK) && facts.owner.equals(account); // rules read the owner's tags only
          return new Outcome("tag " + image + " with " + KEEP, expected, actual);
        }
        SnapshotId snapshot = pick(random, model.snapshots.keySet());
        CloudModel.SnapshotFacts facts = model.snapshots.get(snapshot);
        String expected = facts.restorableBy(account) ? OK : "InvalidSnapshot.NotFound";
        String actual = outcome(() -> client.createTags(List.of(snapshot), List.of(KEEP)));
        facts.tagged |= expected.equals(OK) && facts.owner.equals(account);
        return new Outcome("tag " + snapshot + " with " + KEEP, expected, actual);
      }
      default -> { }
    }
    String zone = ZONES[random.nextInt(ZONES.length)]; // kind 9, and the steps above that had nothing to act on
    Volume volume = client.createVolume(CreateVolumeRequest.builder().availabilityZone(zone).size(1).build());
    model.volumes.put(volume.volumeId(), new CloudModel.VolumeFacts(account, zone, now.plus(TIMINGS.volumeAvailable())));
    return new Outcome("create volume " + volume.volumeId() + " in " + zone, OK, OK);
  }

  /** A new retention rule of the caller for 1 to 3 days, Region-level or for {@link #KEEP}; returns what it is. */
  private static String createRule(Ec2 client, AccountId account, RecycleBinResourceType type, boolean regionLevel, Choices random,
      CloudModel model) {
    int days = 1 + random.nextInt(3);
    RetentionRule rule = client.recycleBin().createRule(regionLevel ? RetentionRuleRequest.regionLevel(type, days)
        : RetentionRuleRequest.tagLevel(type, days, List.of(KEEP)));
    model.rules.put(rule.identifier(), new CloudModel.RuleFacts(account, type, days, regionLevel));
    return (regionLevel ? "Region" : "tag") + "-level rule " + rule.identifier() + " for " + type + ", " + days + " days";
  }

  /** A volume of the model, mostly the caller's, sometimes one already gone (which must be not found). */
  private static VolumeId pickVolume(Choices random, CloudModel model, AccountId account) {
    if (!model.goneVolumes.isEmpty() && random.nextInt(8) == 0) {
      return pick(random, model.goneVolumes);
    }
    return pickOwned(random, model.volumes, account, v -> v.owner);
  }

  /** A key of {@code map} whose value passes {@code test}, if there is one. */
  private static <K, V> Optional<K> pickWhere(Choices random, Map<K, V> map, java.util.function.Predicate<V> test) {
    Set<K> passing = new HashSet<>();
    map.forEach((k, v) -> {
      if (test.test(v)) {
        passing.add(k);
      }
    });
    return passing.isEmpty() ? Optional.empty() : Optional.of(pick(random, passing));
  }

  /** A key of {@code map}, three times in four one whose value {@code account} owns (when there is one). */
  private static <K, V> K pickOwned(Choices random, Map<K, V> map, AccountId account, java.util.function.Function<V, AccountId> owner) {
    Set<K> owned = new HashSet<>();
    map.forEach((k, v) -> {
      if (owner.apply(v).equals(account)) {
        owned.add(k);
      }
    });
    return pick(random, owned.isEmpty() || random.nextInt(4) == 0 ? map.keySet() : owned);
  }

  /** The restored snapshot holds the bytes it was made with (EBS direct ListSnapshotBlocks and GetSnapshotBlock). */
  private static void assertBlocks(Ec2 client, SnapshotId snapshot, CloudModel.SnapshotFacts facts) {
    SnapshotBlocks<SnapshotBlocks.Block> blocks = client.listSnapshotBlocks(snapshot.toString(), BlockPage.first());
    int blockSize = blocks.blockSize();
    byte[] read = new byte[facts.bytes.length];
    for (SnapshotBlocks.Block block : blocks.blocks()) {
      long start = block.blockIndex() * blockSize;
      long from = Math.max(start, facts.position);
      long to = Math.min(start + blockSize, facts.position + read.length);
      if (from < to) {
        byte[] data = client.getSnapshotBlock(snapshot.toString(), block.blockIndex(), block.blockToken()).data();
        System.arraycopy(data, (int) (from - start), read, (int) (from - facts.position), (int) (to - from));
      }
    }
    assertTrue(java.util.Arrays.equals(facts.bytes, read), "restored " + snapshot + " holds its bytes");
  }

  private static String outcome(Runnable call) {
    try {
      call.run();
      return OK;
    } catch (Ec2Exception refusal) {
      return refusal.errorCode();
    }
  }

  /**
   * Everything each account can see: images (disabled ones too), their launch permissions when
   * owned, snapshots, volumes, instances, its Recycle Bin and its retention rules.
   */
  private static Map<AccountId, Object> world(LocalCloud cloud) {
    Map<AccountId, Object> view = new LinkedHashMap<>();
    for (AccountId account : ACCOUNTS) {
      Ec2 client = cloud.client(account, REGION);
      List<Image> images = client.describeImages(DescribeImagesRequest.builder().includeDisabled(true).build()).images();
      List<Object> permissions = new ArrayList<>();
      for (Image image : images) {
        if (image.ownerId().equals(account)) {
          permissions.add(new HashSet<>(client.describeImageAttribute(image.imageId(), ImageAttributeName.LAUNCH_PERMISSION)
              .launchPermissions()));
        }
      }
      List<Snapshot> snapshots = client.describeSnapshots(DescribeSnapshotsRequest.builder().build()).snapshots();
      RecycleBin bin = client.recycleBin();
      view.put(account, List.of(images, permissions, snapshots, client.describeVolumes(List.of()), client.describeInstances(List.of()),
          bin.listImagesInRecycleBin(List.of()), bin.listSnapshotsInRecycleBin(List.of()),
          bin.listRules(RecycleBinResourceType.EC2_IMAGE), bin.listRules(RecycleBinResourceType.EBS_SNAPSHOT)));
    }
    return view;
  }
}
