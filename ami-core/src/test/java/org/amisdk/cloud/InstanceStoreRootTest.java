package org.amisdk.cloud;

import static org.amisdk.cloud.World.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.amisdk.model.Architecture;
import org.amisdk.model.Hypervisor;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.ImageType;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceId;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.VirtualizationType;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.bundle.BundleOptions;
import org.amisdk.storage.bundle.BundleStore;
import org.amisdk.storage.bundle.RawImageSource;
import org.amisdk.storage.object.ObjectKey;
import org.amisdk.storage.object.ObjectStore;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 9: an instance-store root is unpacked from the image's bundle before boot, belongs to
 * its instance alone, survives reboot and reopening, and is gone on termination.
 */
class InstanceStoreRootTest {
  private static final ObjectKey PREFIX = ObjectKey.of(World.ALICE + "/bundles/app/image");
  private static final String LOCATION = PREFIX + ".manifest.json";
  /** Not a multiple of the 512 KiB block, so the last block is partial. */
  private static final int IMAGE_SIZE = (3 << 20) + 1234;

  @TempDir
  Path dir;

  private final World world = new World();

  @AfterEach
  void close() throws Exception {
    world.close();
  }

  /** A recognisable image: each byte names its own offset. */
  private static byte[] image() {
    byte[] image = new byte[IMAGE_SIZE];
    for (int i = 0; i < image.length; i++) {
      image[i] = (byte) (i * 31 + (i >>> 12));
    }
    return image;
  }

  private static ImageId bundleAndRegister(LocalCloud cloud, ManualClock clock) throws IOException {
    BundleStore.on(cloud.objectStore()).bundle(RawImageSource.ofBytes(image()), PREFIX,
        BundleOptions.defaults().withPartSize(1 << 20), ProgressListener.NONE);
    ImageId image = cloud.client(World.ALICE, World.REGION).registerImage(RegisterImageRequest.builder().name("app-store")
        .imageLocation(LOCATION).architecture(Architecture.X86_64).build());
    clock.advance(World.LONG_ENOUGH);
    return image;
  }

  private static List<InstanceId> launch(Ec2 client, ImageId image, int count) {
    return client.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("m3.medium")
        .minCount(count).maxCount(count).build()).stream().map(Instance::instanceId).toList();
  }

  private static byte[] root(Ec2 client, InstanceId instance) {
    byte[] bytes = new byte[(int) client.instanceStoreSize(instance)];
    client.readInstanceStore(instance, 0, bytes, 0, bytes.length);
    return bytes;
  }

  private static int storedVolumes(LocalCloud cloud) {
    return ((CloudImpl) cloud).storage.volumes().size();
  }

  @Test
  void launchThree_eachRootIsTheImage_writesStayPrivate_terminateDeletesRoot() throws Exception {
    ImageId image = bundleAndRegister(world.cloud, world.clock);
    List<InstanceId> instances = launch(world.alice, image, 3);
    refused("IncorrectInstanceState", () -> root(world.alice, instances.get(0)));
    world.clock.advance(World.LONG_ENOUGH);
    for (InstanceId instance : instances) {
      assertArrayEquals(image(), root(world.alice, instance), "root of " + instance + " is the bundled image");
    }
    assertEquals(List.of(), world.alice.describeVolumes(List.of()), "an instance-store root is not an EBS volume");
    assertEquals(3, storedVolumes(world.cloud));

    byte[] written = new byte[5000];
    new SplittableRandom(3).nextBytes(written);
    world.alice.writeInstanceStore(instances.get(0), 1 << 20, written, 0, written.length);
    world.alice.rebootInstances(List.of(instances.get(0)));
    byte[] expected = image();
    System.arraycopy(written, 0, expected, 1 << 20, written.length);
    assertArrayEquals(expected, root(world.alice, instances.get(0)), "the write is kept across a reboot");
    assertArrayEquals(image(), root(world.alice, instances.get(1)), "the other roots are unchanged");
    assertArrayEquals(image(), root(world.alice, instances.get(2)), "the other roots are unchanged");

    world.alice.terminateInstances(List.of(instances.get(0)));
    refused("IncorrectInstanceState", () -> root(world.alice, instances.get(0)));
    world.clock.advance(World.LONG_ENOUGH);
    refused("IncorrectInstanceState", () -> root(world.alice, instances.get(0)));
    assertEquals(2, storedVolumes(world.cloud), "the terminated instance's root is deleted");
    assertArrayEquals(image(), root(world.alice, instances.get(1)));
  }

  @Test
  void readAndWrite_ownerOnly_runningOnly_insideTheRoot() throws Exception {
    ImageId image = bundleAndRegister(world.cloud, world.clock);
    world.alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
        .addLaunchPermissionAdd(new LaunchPermission.Account(World.BOB)).build());
    InstanceId instance = launch(world.alice, image, 1).get(0);
    world.clock.advance(World.LONG_ENOUGH);
    byte[] buffer = new byte[16];
    refused("InvalidInstanceID.NotFound", () -> world.bob.readInstanceStore(instance, 0, buffer, 0, 16));
    refused("InvalidInstanceID.NotFound", () -> world.bob.writeInstanceStore(instance, 0, buffer, 0, 16));
    refused("InvalidParameterValue", () -> world.alice.readInstanceStore(instance, IMAGE_SIZE - 8, buffer, 0, 16));
    refused("InvalidParameterValue", () -> world.alice.writeInstanceStore(instance, -1, buffer, 0, 16));
    assertEquals(IMAGE_SIZE, world.alice.instanceStoreSize(instance));

    InstanceId ebs = world.alice.runInstances(RunInstancesRequest.builder().imageId(world.image(world.alice, "ebs"))
        .instanceType("t3.micro").build()).get(0).instanceId();
    world.clock.advance(World.LONG_ENOUGH);
    refused("UnsupportedOperation", () -> world.alice.readInstanceStore(ebs, 0, buffer, 0, 16));
  }

  @Test
  void seededImageWithoutBundle_zeroRootOfTheLimit() throws Exception {
    Image seeded = Image.builder()
        .imageId(ImageId.parse("ami-0123456789abcdef0")).ownerId(World.ALICE).name("seeded-store")
        .creationDate(Instant.parse("2025-01-01T00:00:00Z")).state(ImageState.AVAILABLE)
        .architecture(Architecture.X86_64).imageType(ImageType.MACHINE)
        .isPublic(false).hypervisor(Hypervisor.XEN)
        .virtualizationType(VirtualizationType.PARAVIRTUAL)
        .rootDeviceType(RootDeviceType.INSTANCE_STORE).rootDeviceName("/dev/sda1")
        .imageLocation("some-bucket/seeded.manifest.xml").build();
    world.cloud.seed(World.REGION, List.of(seeded));
    InstanceId instance = launch(world.alice, seeded.imageId(), 1).get(0);
    world.clock.advance(World.LONG_ENOUGH);
    assertEquals(10L << 30, world.alice.instanceStoreSize(instance));
    byte[] tail = new byte[4096];
    tail[0] = 1;
    world.alice.readInstanceStore(instance, (10L << 30) - tail.length, tail, 0, tail.length);
    assertArrayEquals(new byte[4096], tail, "a root with no bundle reads as zeros");
  }

  @Test
  void tamperedBundle_launchRefused_noInstanceNoStoredVolume() throws Exception {
    ImageId image = bundleAndRegister(world.cloud, world.clock);
    ObjectStore objects = world.cloud.objectStore();
    ObjectKey part = objects.listAll(PREFIX + ".part.").get(0).key();
    byte[] bytes = objects.get(part).readAllBytes();
    bytes[bytes.length / 2] ^= 1;
    objects.put(part, new ByteArrayInputStream(bytes), bytes.length);
    var refusal = refused("InvalidManifest", () -> launch(world.alice, image, 3));
    assertFalse(refusal.getMessage().isEmpty());
    assertEquals(List.of(), world.alice.describeInstances(List.of()));
    assertEquals(0, storedVolumes(world.cloud), "no stored volume is left behind");
  }

  @Test
  void reopenedDirectoryCloud_readsTheSameRoot_terminatedRootStaysGone() throws IOException {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    List<InstanceId> instances;
    byte[] written = {1, 2, 3, 4, 5};
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).ids(new SplittableRandom(9)).open()) {
      ImageId image = bundleAndRegister(cloud, clock);
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      instances = launch(alice, image, 2);
      clock.advance(World.LONG_ENOUGH);
      alice.writeInstanceStore(instances.get(0), 7, written, 0, written.length);
      alice.terminateInstances(List.of(instances.get(1)));
    }
    try (LocalCloud cloud = LocalCloud.builder().directory(dir).clock(clock).open()) {
      Ec2 alice = cloud.client(World.ALICE, World.REGION);
      byte[] expected = image();
      System.arraycopy(written, 0, expected, 7, written.length);
      assertArrayEquals(expected, root(alice, instances.get(0)), "a reopened cloud reads the running instance's root");
      assertEquals(1, storedVolumes(cloud), "only the running instance's root is stored");
      refused("IncorrectInstanceState", () -> root(alice, instances.get(1)));
    }
  }

  @Test
  void randomLaunchesWritesRebootsTerminations_rootsFollowAByteArrayModel() {
    Property.check("instance-store roots follow a byte-array model", 15, random -> {
      try (World world = new World()) {
        byte[] image = new byte[(1 << 20) + random.nextInt(1 << 16)];
        random.nextBytes(image);
        BundleStore.on(world.cloud.objectStore()).bundle(RawImageSource.ofBytes(image), PREFIX,
            BundleOptions.defaults().withPartSize(256 << 10), ProgressListener.NONE);
        ImageId ami = world.alice.registerImage(RegisterImageRequest.builder().name("model").imageLocation(LOCATION)
            .architecture(Architecture.X86_64).build());
        world.clock.advance(World.LONG_ENOUGH);
        Map<InstanceId, byte[]> live = new LinkedHashMap<>();
        for (int step = 0; step < 25; step++) {
          int action = live.isEmpty() ? 0 : random.nextInt(5);
          InstanceId target = live.isEmpty() ? null : List.copyOf(live.keySet()).get(random.nextInt(live.size()));
          switch (action) {
            case 0 -> {
              launch(world.alice, ami, 1 + random.nextInt(3)).forEach(id -> live.put(id, image.clone()));
              world.clock.advance(World.LONG_ENOUGH);
            }
            case 1, 2 -> {
              byte[] bytes = new byte[1 + random.nextInt(4096)];
              random.nextBytes(bytes);
              int position = random.nextInt(image.length - bytes.length + 1);
              world.alice.writeInstanceStore(target, position, bytes, 0, bytes.length);
              System.arraycopy(bytes, 0, live.get(target), position, bytes.length);
            }
            case 3 -> world.alice.rebootInstances(List.of(target));
            default -> {
              world.alice.terminateInstances(List.of(target));
              live.remove(target);
              refused("IncorrectInstanceState", () -> root(world.alice, target));
            }
          }
          for (Map.Entry<InstanceId, byte[]> instance : live.entrySet()) {
            assertArrayEquals(instance.getValue(), root(world.alice, instance.getKey()), "step " + step + ": root of " + instance.getKey());
          }
          assertEquals(live.size(), storedVolumes(world.cloud), "step " + step + ": one stored root per live instance");
        }
      }
    });
  }
}
