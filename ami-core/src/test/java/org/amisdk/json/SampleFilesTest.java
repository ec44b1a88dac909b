package org.amisdk.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.amisdk.model.Image;
import org.amisdk.model.Snapshot;
import org.junit.jupiter.api.Test;

/**
 * Every real AWS CLI sample in {@code src/test/resources/samples} (copies of the shared samples,
 * with their SOURCES.md): valid ones parse and write back equal; {@code *.invalid.json.txt} ones
 * are refused with a message naming the problem. Prints one line per file.
 */
class SampleFilesTest {
  static final Path SAMPLES = Path.of("src/test/resources/samples");

  static List<Path> sampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files.filter(f -> !f.getFileName().toString().endsWith(".md")).sorted().toList();
    }
  }

  @Test
  void everySample_validParsesAndRoundTrips_invalidIsRefused() throws IOException {
    List<Path> files = sampleFiles();
    assertTrue(files.size() >= 16, "expected the 16 sample files, found " + files.size());
    int valid = 0;
    int invalid = 0;
    for (Path file : files) {
      String name = file.getFileName().toString();
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (name.endsWith(".invalid.json.txt")) {
        AwsJsonException e = assertThrows(AwsJsonException.class, () -> AwsJson.readImages(text), name);
        assertTrue(e.getMessage().contains("not valid JSON at line"), e.getMessage());
        System.out.println("sample " + name + ": refused: " + e.getMessage());
        invalid++;
      } else {
        System.out.println("sample " + name + ": " + roundTrip(JsonTrees.parse(text)) + ", round trip equal");
        valid++;
      }
    }
    assertEquals(2, invalid, "invalid samples");
    assertEquals(files.size() - 2, valid);
  }

  /** Reads every describe document in {@code root} (itself, or objects one level down), writes it back and compares. */
  private static String roundTrip(JsonNode root) {
    List<JsonNode> documents = new ArrayList<>();
    if (isDocument(root)) {
      documents.add(root);
    } else {
      for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
        JsonNode child = it.next();
        if (isDocument(child)) {
          documents.add(child);
        }
      }
    }
    assertFalse(documents.isEmpty(), "no describe output found");
    int images = 0;
    int snapshots = 0;
    int permissionLists = 0;
    for (JsonNode document : documents) {
      String json = document.toString();
      String written;
      if (document.has("Images")) {
        List<Image> read = AwsJson.readImages(json);
        images += read.size();
        written = AwsJson.writeImages(read);
        assertEquals(read, AwsJson.readImages(written));
      } else if (document.has("Snapshots")) {
        List<Snapshot> read = AwsJson.readSnapshots(json);
        snapshots += read.size();
        written = AwsJson.writeSnapshots(read);
        assertEquals(read, AwsJson.readSnapshots(written));
      } else if (document.has("CreateVolumePermissions")) {
        AwsJson.CreateVolumePermissions read = AwsJson.readCreateVolumePermissions(json);
        permissionLists++;
        written = AwsJson.writeCreateVolumePermissions(read);
      } else {
        Image read = AwsJson.readImage(json);
        images++;
        written = AwsJson.writeImage(read);
      }
      JsonTrees.assertSameKnown(document, JsonTrees.parse(written), "$");
    }
    return String.format("parsed %d images, %d snapshots, %d permission lists", images, snapshots, permissionLists);
  }

  private static boolean isDocument(JsonNode node) {
    return node.isObject()
        && (node.has("Images") || node.has("Snapshots") || node.has("CreateVolumePermissions") || node.has("ImageId"));
  }

  @Test
  void copies_matchTheSharedSamples_whenPresent() throws IOException {
    Path shared = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/samples");
    if (!Files.isDirectory(shared)) {
      System.out.println("sample copies: no shared samples at " + shared + ", testing the copies only");
      return;
    }
    try (Stream<Path> files = Files.list(shared)) {
      for (Path file : files.sorted().toList()) {
        Path copy = SAMPLES.resolve(file.getFileName().toString());
        assertTrue(Files.exists(copy), "no copy of " + file);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(copy), "copy differs: " + copy);
      }
    }
  }
}
