package org.amisdk.cloud;

import static org.amisdk.cloud.World.describe;
import static org.amisdk.cloud.World.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.amisdk.model.Architecture;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.Instance;
import org.amisdk.model.InstanceState;
import org.amisdk.model.RootDeviceType;
import org.amisdk.storage.ProgressListener;
import org.amisdk.storage.bundle.BundleManifest;
import org.amisdk.storage.bundle.BundleOptions;
import org.amisdk.storage.bundle.BundleStore;
import org.amisdk.storage.bundle.RawImageSource;
import org.amisdk.storage.object.ObjectKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Section 9: instance-store images registered from bundles boot after their whole bundle is fetched, and cannot be stopped. */
class InstanceStoreImageTest {
  private static final String LOCATION = World.ALICE + "/bundles/web/image.manifest.json";

  private final World world = new World();

  @AfterEach
  void close() throws Exception {
    world.close();
  }

  private BundleManifest bundle() throws IOException {
    byte[] image = new byte[3 << 20];
    new SplittableRandom(5).nextBytes(image);
    return BundleStore.on(world.cloud.objectStore()).bundle(RawImageSource.ofBytes(image), ObjectKey.of(World.ALICE + "/bundles/web/image"),
        BundleOptions.defaults(), ProgressListener.NONE);
  }

  private ImageId register(String location) {
    return world.alice.registerImage(RegisterImageRequest.builder().name("web-store").imageLocation(location)
        .architecture(Architecture.X86_64).build());
  }

  @Test
  void registerFromBundle_launchBootsAfterWholeBundle_cannotStop() throws IOException {
    BundleManifest manifest = bundle();
    ImageId image = register(LOCATION);
    var registered = world.alice.describeImages(describe().addImageIds(image).build()).images().get(0);
    assertEquals(RootDeviceType.INSTANCE_STORE, registered.rootDeviceType());
    assertEquals(ImageState.PENDING, registered.state());
    world.clock.advance(World.LONG_ENOUGH);
    RunInstancesRequest onT3 = RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").build();
    refused("InvalidParameterCombination", () -> world.alice.runInstances(onT3));
    Instance instance = world.alice.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("m3.medium")
        .build()).get(0);
    Duration boot = LifecycleTimings.realistic().instanceStoreBoot(manifest.bundledSize());
    world.clock.advance(boot.minusMillis(1));
    assertEquals(InstanceState.PENDING, world.alice.describeInstances(List.of(instance.instanceId())).get(0).state());
    world.clock.advance(Duration.ofMillis(1));
    assertEquals(InstanceState.RUNNING, world.alice.describeInstances(List.of(instance.instanceId())).get(0).state());
    refused("UnsupportedOperation", () -> world.alice.stopInstances(List.of(instance.instanceId())));
    world.alice.deregisterImage(DeregisterImageRequest.builder().imageId(image).build());
    assertEquals(manifest, BundleStore.on(world.cloud.objectStore()).manifest(ObjectKey.of(World.ALICE + "/bundles/web/image")),
        "deregistering leaves the bundle in place");
  }

  @Test
  void registerFromMissingBundle_invalidManifest() {
    refused("InvalidManifest", () -> register(LOCATION));
    refused("InvalidManifest", () -> register("not-a-bundle.xml"));
    assertEquals(List.of(), world.alice.describeImages(describe().addOwners("self").build()).images());
  }

  @Test
  void launchAfterBundleDeleted_invalidManifest() throws IOException {
    bundle();
    ImageId image = register(LOCATION);
    world.clock.advance(World.LONG_ENOUGH);
    BundleStore.on(world.cloud.objectStore()).delete(ObjectKey.of(World.ALICE + "/bundles/web/image"));
    refused("InvalidManifest", () -> world.alice.runInstances(RunInstancesRequest.builder().imageId(image)
        .instanceType("c3.large").build()));
    assertEquals(List.of(), world.alice.describeInstances(List.of()));
  }
}
