package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.amisdk.json.AwsJson;
import org.amisdk.model.Image;
import org.amisdk.model.Platform;
import org.amisdk.model.RootDeviceType;
import org.junit.jupiter.api.Test;

/** Runs the model tour and checks what it prints. */
class ModelTourTest {

  @Test
  void modelTour_printsTableJsonAndRefusals() {
    String out = Output.of(() -> ModelTour.main(new String[0]));

    assertTrue(out.contains("ImageId                Name"), "table header");
    assertTrue(out.lines().anyMatch(l -> l.contains("al2023-web-2026.01.15") && l.contains("ebs gp3 8 GiB") && l.contains("arm64")), out);
    assertTrue(out.lines().anyMatch(l -> l.contains("legacy-pv-s3-2014") && l.contains("instance-store")), out);
    assertTrue(out.contains("images equal: true, snapshots equal: true"), out);

    String imagesJson = out.substring(out.indexOf("{\n    \"Images\""), out.indexOf("\n3. ")).strip();
    List<Image> images = AwsJson.readImages(imagesJson);
    assertEquals(3, images.size());
    assertEquals(Platform.WINDOWS, images.get(1).platform().orElseThrow());
    assertEquals(RootDeviceType.INSTANCE_STORE, images.get(2).rootDeviceType());
    String snapshotsJson = out.substring(out.indexOf("{\n    \"Snapshots\""), out.indexOf("\n4. ")).strip();
    assertEquals(3, AwsJson.readSnapshots(snapshotsJson).size());

    assertTrue(out.contains("-> InvalidAMIName.Malformed: image name \"ab\" is malformed"), out);
    assertTrue(out.contains("-> InvalidBlockDeviceMapping: gp3 iops 100 is out of range"), out);
    assertTrue(out.contains("-> InvalidParameterValue: Images[0].Architecture: \"arm65\" is not one of"), out);
    assertTrue(!out.contains("accepted (unexpected)"), out);
  }
}
