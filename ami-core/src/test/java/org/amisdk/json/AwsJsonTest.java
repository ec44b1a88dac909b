package org.amisdk.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.amisdk.model.Image;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** AWS CLI JSON: round trips, timestamp forms, and errors that name the key path. */
class AwsJsonTest {
  private static final String AL2023 = "describe-images_al2023-gp3-uefi-preferred-imdsv2_ykdevs.json";

  static String sample(String name) throws IOException {
    return Files.readString(SampleFilesTest.SAMPLES.resolve(name), StandardCharsets.UTF_8);
  }

  static AwsJsonException refused(Executable read) {
    AwsJsonException e = assertThrows(AwsJsonException.class, read);
    System.out.println("refused as expected: " + e.getMessage());
    return e;
  }

  @Test
  void files_areReadAndOversizedOnesRefusedBeforeReading(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("images.json");
    Files.writeString(file, sample(AL2023));
    assertEquals(AwsJson.readImages(sample(AL2023)), AwsJson.readImages(file));
    Path huge = dir.resolve("huge.json");
    try (RandomAccessFile sparse = new RandomAccessFile(huge.toFile(), "rw")) {
      sparse.setLength(AwsJson.MAX_INPUT_CHARS + 1L);
    }
    assertTrue(refused(() -> AwsJson.readSnapshots(huge)).getMessage().contains("is 16777217 bytes long: at most 16777216 are read"));
  }

  @Test
  void sample_invalidArchitecture_namesKeyPathAndAllowedValues() throws IOException {
    String bad = sample(AL2023).replace("\"x86_64\"", "\"x86_65\"");
    AwsJsonException e = refused(() -> AwsJson.readImages(bad));
    assertEquals("Images[0].Architecture: \"x86_65\" is not one of i386, x86_64, arm64, x86_64_mac, arm64_mac", e.getMessage());
    assertEquals("Images[0].Architecture", e.path());
    assertEquals(Optional.of("InvalidParameterValue"), e.errorCode());
  }

  @Test
  void awsdocsSample_withCommaRestored_isRefusedForItsUppercaseId() throws IOException {
    String fixed = sample("awsdocs-ami-deprecate-describe-images.invalid.json.txt")
        .replace("\"2021-05-10T13:17:12.000Z\"\n", "\"2021-05-10T13:17:12.000Z\",\n");
    AwsJsonException e = refused(() -> AwsJson.readImages(fixed));
    assertEquals("Images[0].ImageId", e.path());
    assertEquals(Optional.of("InvalidAMIID.Malformed"), e.errorCode());
    assertTrue(e.getMessage().contains("Invalid id: \"ami-1234567890EXAMPLE\" (expecting \"ami-...\")"), e.getMessage());
  }

  @Test
  void mapping_ebsAndNoDevice_isRefusedWithItsPath() throws IOException {
    String bad = sample(AL2023).replace("\"DeviceName\": \"/dev/xvda\",", "\"DeviceName\": \"/dev/xvda\", \"NoDevice\": \"\",");
    AwsJsonException e = refused(() -> AwsJson.readImages(bad));
    assertEquals("Images[0].BlockDeviceMappings[0]", e.path());
    assertEquals(Optional.of("InvalidBlockDeviceMapping"), e.errorCode());
  }

  @Test
  void gp3_100iops_isRefusedWithItsPath() throws IOException {
    AwsJsonException e = refused(() -> AwsJson.readImages(sample(AL2023).replace("\"Iops\": 3000", "\"Iops\": 100")));
    assertEquals("Images[0].BlockDeviceMappings[0].Ebs: gp3 iops 100 is out of range: it must be 3000 to 80000", e.getMessage());
  }

  @Test
  void name_twoCharacters_isRefusedWithItsPath() throws IOException {
    String bad = sample(AL2023).replace("\"Name\": \"al2023-ami-2023.3.20240122.0-kernel-6.1-x86_64\"", "\"Name\": \"ab\"");
    AwsJsonException e = refused(() -> AwsJson.readImages(bad));
    assertEquals(Optional.of("InvalidAMIName.Malformed"), e.errorCode());
    assertEquals("Images[0]", e.path());
  }

  @Test
  void wrongTypes_missingKeys_andNulls_nameTheKey() throws IOException {
    String good = sample(AL2023);
    assertEquals("Images[0].Public: expected true or false, found a string",
        refused(() -> AwsJson.readImages(good.replace("\"Public\": true", "\"Public\": \"yes\""))).getMessage());
    assertEquals("Images[0].BlockDeviceMappings[0].Ebs.VolumeSize: expected a whole number from -2147483648 to 2147483647, found 8.5",
        refused(() -> AwsJson.readImages(good.replace("\"VolumeSize\": 8", "\"VolumeSize\": 8.5"))).getMessage());
    assertEquals("Images[0]: ImageId is missing: it is required here",
        refused(() -> AwsJson.readImages(good.replace("\"ImageId\"", "\"ImageIdentifier\""))).getMessage());
    assertEquals("Images[0].Name: expected a string, found null",
        refused(() -> AwsJson.readImages(good.replace("\"Name\": \"al2023", "\"Name\": null, \"X\": \"al2023"))).getMessage());
    assertEquals("Images: expected an array, found an object", refused(() -> AwsJson.readImages("{\"Images\": {}}")).getMessage());
    assertEquals("Snapshots is missing: it is required here", refused(() -> AwsJson.readSnapshots("{}")).getMessage());
    assertEquals("expected a JSON object, found an array", refused(() -> AwsJson.readImages("[]")).getMessage());
    refused(() -> AwsJson.readImages(""));
    refused(() -> AwsJson.readImages("{\"Images\": []} trailing"));
  }

  @Test
  void unknownKeys_areIgnored() throws IOException {
    String withExtra = sample(AL2023).replace("\"Architecture\"", "\"SomeFieldAddedIn2031\": {\"x\": [1, 2]}, \"Architecture\"");
    assertEquals(AwsJson.readImages(sample(AL2023)), AwsJson.readImages(withExtra));
  }

  @Test
  void duplicateKeys_areRefused() {
    AwsJsonException e = refused(() -> AwsJson.readSnapshots("{\"Snapshots\": [], \"Snapshots\": []}"));
    assertTrue(e.getMessage().contains("Duplicate field 'Snapshots'"), e.getMessage());
  }

  @Test
  void deepNesting_isRefusedBeforeItCosts() {
    String deep = "{\"Images\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
    AwsJsonException e = refused(() -> AwsJson.readImages(deep));
    assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
  }

  @Test
  void oversizedDocument_isRefusedByLength() {
    String huge = " ".repeat(AwsJson.MAX_INPUT_CHARS + 1);
    assertTrue(refused(() -> AwsJson.readImages(huge)).getMessage().startsWith("document is 16777217 characters long"));
  }

  @Test
  void snapshotTimes_acceptCliV1AndV2Forms_andWriteCliV2() {
    String v1 = "{\"Snapshots\": [{\"SnapshotId\": \"snap-0b49342abd1bdcb89\", \"State\": \"completed\", \"OwnerId\": \"975426262029\","
        + " \"StartTime\": \"2017-02-28T01:35:12.000Z\", \"VolumeSize\": 8, \"Progress\": \"100%\"}]}";
    Snapshot snapshot = AwsJson.readSnapshots(v1).get(0);
    assertEquals(Instant.parse("2017-02-28T01:35:12Z"), snapshot.startTime());
    assertEquals(Optional.of(100), snapshot.progress());
    String written = AwsJson.writeSnapshots(List.of(snapshot));
    assertTrue(written.contains("\"StartTime\": \"2017-02-28T01:35:12.000000+00:00\""), written);
    assertEquals(List.of(snapshot), AwsJson.readSnapshots(written));
  }

  @Test
  void progress_notAPercentage_isRefused() {
    String bad = "{\"Snapshots\": [{\"SnapshotId\": \"snap-0b49342abd1bdcb89\", \"State\": \"pending\", \"OwnerId\": \"975426262029\","
        + " \"StartTime\": \"2017-02-28T01:35:12.000Z\", \"VolumeSize\": 8, \"Progress\": \"101%\"}]}";
    assertEquals("Snapshots[0].Progress: \"101%\" is not a percentage from 0% to 100%", refused(() -> AwsJson.readSnapshots(bad)).getMessage());
  }

  @Test
  void badTimestamp_isRefusedWithItsPath() throws IOException {
    String bad = sample(AL2023).replace("2024-01-20T00:07:15.000Z", "last tuesday");
    assertEquals("Images[0].CreationDate: \"last tuesday\" is not a timestamp: expected ISO 8601 such as 2021-09-29T11:04:43.305Z",
        refused(() -> AwsJson.readImages(bad)).getMessage());
  }

  @Test
  void imageTimes_writeAsEc2Does() throws IOException {
    String json = AwsJson.writeImages(AwsJson.readImages(sample(
        "describe-images_private-windows-encrypted-gp3-uefi-lastlaunched-tags_doesitscript.json")));
    assertTrue(json.contains("\"CreationDate\": \"2025-10-31T17:44:49.000Z\""), json);
    assertTrue(json.contains("\"LastLaunchedTime\": \"2025-10-31T18:15:54Z\""), json);
  }

  @Test
  void writer_usesTheCliLayout() throws IOException {
    String json = AwsJson.writeImages(AwsJson.readImages(sample("describe-images_fragment-paravirtual-instance-store-kernelid_rezamt.json")));
    assertTrue(json.startsWith("{\n    \"Images\": [\n        {\n            \"Architecture\": \"x86_64\",\n"), json);
    assertTrue(json.contains("\"BlockDeviceMappings\": [],"), json);
  }

  @Test
  void createVolumePermissions_groupAll_readsAsEveryone() throws IOException {
    AwsJson.CreateVolumePermissions read = AwsJson.readCreateVolumePermissions(
        sample("describe-snapshot-attribute_createVolumePermission-group-all_h4md153v63n.json"));
    assertEquals(List.of(LaunchPermission.EVERYONE), read.permissions());
    assertEquals("snap-0b49342abd1bdcb89", read.snapshotId().toString());
  }

  @Test
  void launchPermission_twoPrincipals_isRefusedWithItsPath() {
    String bad = "{\"CreateVolumePermissions\": [{\"Group\": \"all\", \"UserId\": \"123456789012\"}], \"SnapshotId\": \"snap-0b49342abd1bdcb89\"}";
    AwsJsonException e = refused(() -> AwsJson.readCreateVolumePermissions(bad));
    assertEquals("CreateVolumePermissions[0]", e.path());
    assertEquals(Optional.of("InvalidParameterCombination"), e.errorCode());
  }
}
