package org.amisdk.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.amisdk.model.Image;
import org.amisdk.model.Snapshot;

/**
 * Fuzzes the JSON readers: any input either reads to valid values (which then write back and read
 * equal) or raises {@link AwsJsonException}; never another exception. Plain {@code mvn test} runs
 * the seeds under {@code AwsJsonFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class AwsJsonFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void readers_returnValidValuesOrRefuseCleanly(byte[] input) {
    String json = new String(input, StandardCharsets.UTF_8);
    try {
      List<Image> images = AwsJson.readImages(json);
      assertEquals(images, AwsJson.readImages(AwsJson.writeImages(images)));
    } catch (AwsJsonException expected) {
      // the documented refusal
    }
    try {
      Image image = AwsJson.readImage(json);
      assertEquals(image, AwsJson.readImage(AwsJson.writeImage(image)));
    } catch (AwsJsonException expected) {
      // the documented refusal
    }
    try {
      List<Snapshot> snapshots = AwsJson.readSnapshots(json);
      assertEquals(snapshots, AwsJson.readSnapshots(AwsJson.writeSnapshots(snapshots)));
    } catch (AwsJsonException expected) {
      // the documented refusal
    }
    try {
      AwsJson.CreateVolumePermissions permissions = AwsJson.readCreateVolumePermissions(json);
      assertEquals(permissions, AwsJson.readCreateVolumePermissions(AwsJson.writeCreateVolumePermissions(permissions)));
    } catch (AwsJsonException expected) {
      // the documented refusal
    }
  }
}
