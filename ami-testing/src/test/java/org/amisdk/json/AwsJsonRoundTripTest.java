package org.amisdk.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.amisdk.model.Image;
import org.amisdk.model.Snapshot;
import org.amisdk.testing.Property;
import org.amisdk.testing.model.ModelGenerators;
import org.junit.jupiter.api.Test;

/** AWS CLI JSON round trips of random valid model values (the generators live in ami-testing). */
class AwsJsonRoundTripTest {
  @Test
  void roundTrip_randomImagesAndSnapshots_isIdentity() {
    Property.check("image JSON round trip is identity", 300, random -> {
      List<Image> images = List.of(ModelGenerators.image(random), ModelGenerators.image(random));
      assertEquals(images, AwsJson.readImages(AwsJson.writeImages(images)));
    });
    Property.check("snapshot JSON round trip is identity", 300, random -> {
      List<Snapshot> snapshots = List.of(ModelGenerators.snapshot(random));
      assertEquals(snapshots, AwsJson.readSnapshots(AwsJson.writeSnapshots(snapshots)));
    });
    Property.check("create-volume permissions JSON round trip is identity", 100, random -> {
      AwsJson.CreateVolumePermissions permissions = new AwsJson.CreateVolumePermissions(
          ModelGenerators.snapshotId(random), List.of(ModelGenerators.launchPermission(random)));
      assertEquals(permissions, AwsJson.readCreateVolumePermissions(AwsJson.writeCreateVolumePermissions(permissions)));
    });
  }

  @Test
  void jacksonModule_readsAndWritesTheSameShape() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(AwsJson.module());
    Property.check("Jackson module round trip is identity", 100, random -> {
      Image image = ModelGenerators.image(random);
      String json = mapper.writeValueAsString(image);
      assertEquals(image, mapper.readValue(json, Image.class));
      assertEquals(image, AwsJson.readImage(json));
      Snapshot snapshot = ModelGenerators.snapshot(random);
      assertEquals(snapshot, mapper.readValue(mapper.writeValueAsString(snapshot), Snapshot.class));
    });
    AwsJsonException e = assertThrows(AwsJsonException.class, () -> mapper.readValue("{\"ImageId\": \"ami-1\"}", Image.class));
    assertEquals("ImageId", e.path());
  }
}
