package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.amisdk.model.AccountId;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.Volume;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random action sequences from three accounts against a small reference model of the rules
 * (sections 5, 6, 7 and 10 of EC2-SEMANTICS.md). After every step: the outcome (success or EC2's
 * code) is the model's; every account sees exactly the images and snapshots the model says it
 * may; every snapshot an image maps exists; a refusal changed nothing. The same suite runs on the
 * in-memory cloud and on the directory-backed cloud, which is also reopened after each sequence
 * (and, journal checkpoints made frequent, at random steps within one) and must show exactly what
 * was committed. Every choice of a sequence comes from a {@link Choices}:
 * seeded random here, Jazzer's fuzzed data in {@link CloudModelFuzzTest}.
 */
class CloudModelTest {
  private static final AccountId[] ACCOUNTS = {World.ALICE, World.BOB, World.CAROL};
  private static final String[] NAMES = {"web-1", "web-2", "db-1"};
  private static final Region REGION = Region.US_EAST_1;
  private static final String OK = "ok";

  @TempDir
  Path temp;

  @Test
  void randomSequences_inMemoryCloud_followTheModel() {
    Property.check("cloud model (in memory)", 100, random -> {
      try (LocalCloud cloud = LocalCloud.builder().clock(new ManualClock(Instant.parse("2026-01-01T00:00:00Z")))
          .ids(new SplittableRandom(random.nextLong())).timings(LifecycleTimings.instant()).build()) {
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
      Model model;
      try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).ids(new SplittableRandom(random.nextLong()))
          .timings(LifecycleTimings.instant()).open()) {
        model = run(cloud, Choices.of(random), 30);
        committed = world(cloud);
      }
      try (LocalCloud reopened = LocalCloud.builder().directory(dir).clock(clock).timings(LifecycleTimings.instant()).open()) {
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
      LocalCloud.Builder builder = LocalCloud.builder().directory(dir).clock(clock).timings(LifecycleTimings.instant())
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
  static Model run(LocalCloud cloud, Choices random, int steps) throws IOException {
    return run(cloud, random, steps, (same, step) -> same).model;
  }

  /** Gives the cloud the next step runs on: the same one, or the same reopened. */
  @FunctionalInterface
  interface Between {
    LocalCloud next(LocalCloud cloud, int step) throws IOException;
  }

  /** The model after a sequence, and the cloud it ended on. */
  record Ran(Model model, LocalCloud cloud) {}

  /** Runs {@code steps} actions as {@link #run(LocalCloud, Choices, int)}, letting {@code between} swap the cloud before each. */
  static Ran run(LocalCloud first, Choices random, int steps, Between between) throws IOException {
    Model model = new Model();
    LocalCloud cloud = first;
    for (int step = 0; step < steps; step++) {
      cloud = between.next(cloud, step);
      model.check(cloud);
      AccountId account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
      Ec2 client = cloud.client(account, REGION);
      Map<AccountId, Object> before = world(cloud);
      String expected;
      String actual;
      String action;
      int kind = random.nextInt(9);
      if (kind == 0 || model.snapshots.isEmpty()) {
        action = "create snapshot";
        Volume volume = client.createVolume(CreateVolumeRequest.builder().availabilityZone("us-east-1a").size(1).build());
        byte[] bytes = new byte[512];
        random.nextBytes(bytes);
        client.writeVolume(volume.volumeId(), random.nextInt(1 << 20), bytes, 0, bytes.length);
        Snapshot snapshot = client.createSnapshot(CreateSnapshotRequest.builder().volumeId(volume.volumeId()).build());
        client.deleteVolume(volume.volumeId());
        model.snapshots.put(snapshot.snapshotId(), new SnapshotFacts(account));
        expected = actual = OK;
      } else {
        SnapshotId snapshot = pick(random, model.snapshots.keySet());
        ImageId image = model.images.isEmpty() ? null : pick(random, model.images.keySet());
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
              model.images.put(id, new ImageFacts(account, name, snapshot));
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
              ImageFacts gone = model.images.remove(image);
              if (deleteSnapshots && model.snapshots.get(gone.snapshot).owner.equals(account) && !model.inUse(gone.snapshot)) {
                model.snapshots.remove(gone.snapshot);
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
              model.snapshots.remove(snapshot);
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

  private static <T> T pick(Choices random, Set<T> set) {
    List<T> list = new ArrayList<>(set);
    list.sort(java.util.Comparator.comparing(Object::toString));
    return list.get(random.nextInt(list.size()));
  }

  private static String outcome(Runnable call) {
    try {
      call.run();
      return OK;
    } catch (Ec2Exception refusal) {
      return refusal.errorCode();
    }
  }

  /** Everything each account can see: images (disabled ones too), their launch permissions when owned, and snapshots. */
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
      view.put(account, List.of(images, permissions, snapshots));
    }
    return view;
  }

  /** What the model knows of an image. */
  static final class ImageFacts {
    final AccountId owner;
    final String name;
    final SnapshotId snapshot;
    final Set<LaunchPermission> permissions = new HashSet<>();
    boolean disabled;

    ImageFacts(AccountId owner, String name, SnapshotId snapshot) {
      this.owner = owner;
      this.name = name;
      this.snapshot = snapshot;
    }

    boolean visibleTo(AccountId account) {
      return owner.equals(account) || permissions.contains(LaunchPermission.EVERYONE)
          || permissions.contains(new LaunchPermission.Account(account));
    }
  }

  /** What the model knows of a snapshot. */
  static final class SnapshotFacts {
    final AccountId owner;
    final Set<LaunchPermission> permissions = new HashSet<>();

    SnapshotFacts(AccountId owner) {
      this.owner = owner;
    }

    boolean restorableBy(AccountId account) {
      return owner.equals(account) || permissions.contains(LaunchPermission.EVERYONE)
          || permissions.contains(new LaunchPermission.Account(account));
    }
  }

  /** The reference model: the rules, stated as simply as possible. */
  static final class Model {
    final Map<ImageId, ImageFacts> images = new HashMap<>();
    /** The accounts that turned image block public access off (it starts on, as for a new EC2 account). */
    final java.util.Set<AccountId> unblocked = new java.util.HashSet<>();
    final Map<SnapshotId, SnapshotFacts> snapshots = new HashMap<>();

    String register(AccountId caller, String name, SnapshotId snapshot) {
      if (images.values().stream().anyMatch(i -> i.owner.equals(caller) && i.name.equals(name))) {
        return "InvalidAMIName.Duplicate";
      }
      return snapshots.get(snapshot).restorableBy(caller) ? OK : "InvalidSnapshot.NotFound";
    }

    /** Owner-only image changes: invisible images are not found, others' images refused. */
    String modifyImage(AccountId caller, ImageId id, boolean share) {
      ImageFacts image = images.get(id);
      if (image == null || !image.visibleTo(caller)) {
        return "InvalidAMIID.NotFound";
      }
      if (!image.owner.equals(caller)) {
        return "AuthFailure";
      }
      return share && image.disabled ? "OperationNotPermitted" : OK;
    }

    String modifySnapshot(AccountId caller, SnapshotId id) {
      SnapshotFacts snapshot = snapshots.get(id);
      if (snapshot == null || !snapshot.restorableBy(caller)) {
        return "InvalidSnapshot.NotFound";
      }
      return snapshot.owner.equals(caller) ? OK : "AuthFailure";
    }

    boolean inUse(SnapshotId id) {
      return images.values().stream().anyMatch(i -> i.snapshot.equals(id));
    }

    /** The invariants: each account sees exactly what the model allows, and every mapped snapshot exists. */
    void check(LocalCloud cloud) {
      Set<SnapshotId> existing = new TreeSet<>(java.util.Comparator.comparing(Object::toString));
      for (AccountId account : ACCOUNTS) {
        Ec2 client = cloud.client(account, REGION);
        Set<ImageId> expectedImages = new HashSet<>();
        images.forEach((id, image) -> {
          if (image.visibleTo(account) && !image.disabled) {
            expectedImages.add(id);
          }
        });
        List<Image> seen = client.describeImages(DescribeImagesRequest.builder().build()).images();
        assertEquals(expectedImages, new HashSet<>(seen.stream().map(Image::imageId).toList()), "images " + account + " sees");
        Set<SnapshotId> expectedSnapshots = new HashSet<>();
        snapshots.forEach((id, snapshot) -> {
          if (snapshot.restorableBy(account)) {
            expectedSnapshots.add(id);
          }
        });
        List<Snapshot> seenSnapshots = client.describeSnapshots(DescribeSnapshotsRequest.builder().build()).snapshots();
        assertEquals(expectedSnapshots, new HashSet<>(seenSnapshots.stream().map(Snapshot::snapshotId).toList()),
            "snapshots " + account + " sees");
        seenSnapshots.forEach(s -> existing.add(s.snapshotId()));
      }
      for (AccountId account : ACCOUNTS) {
        for (Image image : cloud.client(account, REGION).describeImages(DescribeImagesRequest.builder().addOwners("self")
            .includeDisabled(true).build()).images()) {
          for (BlockDeviceMapping mapping : image.blockDeviceMappings()) {
            if (mapping instanceof BlockDeviceMapping.Ebs ebs) {
              assertTrue(existing.contains(ebs.ebs().snapshotId().get()), "snapshot of " + image.imageId() + " exists");
            }
          }
        }
      }
    }
  }
}
