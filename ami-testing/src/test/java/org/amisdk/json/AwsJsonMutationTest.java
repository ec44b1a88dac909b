package org.amisdk.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.amisdk.testing.model.ModelGenerators;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;

/** Any known key given a value of the wrong JSON type is refused, and the error names exactly that key's path. */
class AwsJsonMutationTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  /** An object in the tree with its key path. */
  private record Place(ObjectNode node, String path) {}

  @Test
  void wrongTypedValue_anywhere_isRefusedWithItsExactPath() {
    Property.check("a wrong-typed value is refused at its exact key path", 400, random -> {
      boolean images = random.nextBoolean();
      ObjectNode document = (ObjectNode) PLAIN.readTree(images
          ? AwsJson.writeImages(List.of(ModelGenerators.image(random)))
          : AwsJson.writeSnapshots(List.of(ModelGenerators.snapshot(random))));
      List<Place> places = new ArrayList<>();
      collect(document.get(images ? "Images" : "Snapshots"), images ? "Images" : "Snapshots", places);
      Place place = ModelGenerators.pick(random, places);
      List<String> keys = new ArrayList<>();
      place.node().fieldNames().forEachRemaining(keys::add);
      String key = ModelGenerators.pick(random, keys);
      place.node().set(key, wrongTyped(place.node().get(key), random));
      String json = document.toString();

      AwsJsonException e = assertThrows(AwsJsonException.class,
          () -> {
            if (images) {
              AwsJson.readImages(json);
            } else {
              AwsJson.readSnapshots(json);
            }
          });
      assertEquals(place.path() + "." + key, e.path(), e.getMessage());
    });
  }

  private static void collect(JsonNode node, String path, List<Place> places) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "[" + i + "]", places);
      }
    } else if (node.isObject()) {
      places.add(new Place((ObjectNode) node, path));
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        collect(node.get(key), path + "." + key, places);
      }
    }
  }

  private static JsonNode wrongTyped(JsonNode value, SplittableRandom random) {
    if (value.isTextual()) {
      return random.nextBoolean() ? PLAIN.getNodeFactory().numberNode(7) : PLAIN.getNodeFactory().nullNode();
    }
    if (value.isArray()) {
      return PLAIN.createObjectNode();
    }
    if (value.isObject()) {
      ArrayNode array = PLAIN.createArrayNode();
      return random.nextBoolean() ? array : PLAIN.getNodeFactory().textNode("x");
    }
    return PLAIN.getNodeFactory().textNode("x");
  }
}
