package org.amisdk.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;

/**
 * The SDK's answer as the AWS CLI prints it (PascalCase member names), so the project's own JSON
 * reader can turn it into the native values and a test can compare every field at once.
 */
final class SdkJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SdkJson() {}

  /** {@code {"<envelope>": [ ... ]}} of the SDK objects. */
  static String envelope(String envelope, List<? extends SdkPojo> items) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode array = root.putArray(envelope);
    items.forEach(item -> array.add(node(item)));
    return root.toString();
  }

  private static JsonNode node(Object value) {
    if (value instanceof SdkPojo pojo) {
      ObjectNode object = MAPPER.createObjectNode();
      for (SdkField<?> field : pojo.sdkFields()) {
        Object member = field.getValueOrDefault(pojo);
        if (member == null || member instanceof SdkAutoConstructList) {
          continue;
        }
        // the SDK renames one member of Image; the CLI prints the service model's name
        String name = field.memberName().equals("PublicLaunchPermissions") ? "Public" : field.memberName();
        object.set(name, node(member));
      }
      return object;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = MAPPER.createArrayNode();
      list.forEach(item -> array.add(node(item)));
      return array;
    }
    if (value instanceof Instant instant) {
      return MAPPER.getNodeFactory().textNode(instant.toString());
    }
    return MAPPER.valueToTree(value);
  }
}
