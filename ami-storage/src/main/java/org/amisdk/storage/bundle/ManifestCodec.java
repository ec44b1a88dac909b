package org.amisdk.storage.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.amisdk.storage.object.ObjectKey;

/**
 * The manifest's JSON, written and read by hand through Jackson so that reading untrusted input
 * checks every field and binds nothing by reflection. Reading streams: the parts array is read one
 * part at a time and refused as soon as it holds more than {@value #MAX_PARTS}, so a hostile
 * manifest never costs more memory than a legitimate one; a key twice in one object and anything
 * after the manifest's closing brace are refused.
 */
final class ManifestCodec {
  static final String FORMAT = "amisdk-bundle";
  /** The largest manifest read: {@value #MAX_PARTS} parts of long keys fit. */
  static final int MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
  /** The most parts a bundle has (a 10 MiB part size makes that about 1 TB of bundled image). */
  static final int MAX_PARTS = 100_000;
  /** The largest image size believed: 64 TiB, EBS's largest volume. */
  static final long MAX_IMAGE_SIZE = 64L << 40;

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private ManifestCodec() {}

  static String manifestKey(ObjectKey prefix) {
    return prefix.value() + ".manifest.json";
  }

  static String partKeyPrefix(ObjectKey prefix) {
    return prefix.value() + ".part.";
  }

  static ObjectKey partKey(ObjectKey prefix, int number) {
    return ObjectKey.of(partKeyPrefix(prefix) + String.format("%05d", number));
  }

  /**
   * The manifest's JSON, closed by a {@code checksum} field: the SHA-256 of the same JSON without
   * it, so a reader can tell a damaged manifest from another valid one.
   */
  static byte[] write(BundleManifest m) {
    ObjectNode root = tree(m);
    root.put("checksum", checksumOf(m));
    return serialize(root);
  }

  /** The SHA-256 (lower-case hex) of a manifest's JSON without its checksum. */
  private static String checksumOf(BundleManifest m) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(serialize(tree(m))));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static byte[] serialize(ObjectNode root) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a manifest tree failed to serialize", e);
    }
  }

  private static ObjectNode tree(BundleManifest m) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", m.version());
    root.put("bundleId", m.bundleId());
    ObjectNode image = root.putObject("image");
    image.put("size", m.imageSize());
    image.put("sha256", m.imageSha256());
    root.put("compression", m.compression().manifestName());
    root.put("partSize", m.partSize());
    m.encryption().ifPresent(k -> {
      ObjectNode encryption = root.putObject("encryption");
      encryption.put("cipher", "AES-256-GCM");
      encryption.put("keyWrapping", "AES-256-GCM");
      encryption.put("nonce", Base64.getEncoder().encodeToString(k.nonce()));
      encryption.put("wrappedKey", Base64.getEncoder().encodeToString(k.wrappedKey()));
    });
    root.put("bundledSize", m.bundledSize());
    ArrayNode parts = root.putArray("parts");
    for (BundlePart p : m.parts()) {
      ObjectNode part = parts.addObject();
      part.put("number", p.number());
      part.put("key", p.key().value());
      part.put("size", p.size());
      part.put("sha256", p.sha256());
    }
    return root;
  }

  /** Parses and checks the manifest of the bundle at {@code prefix}. */
  static BundleManifest read(byte[] json, ObjectKey prefix) throws InvalidBundleException {
    String bundle = prefix.value();
    Reader r = new Reader(bundle);
    ObjectNode root = MAPPER.createObjectNode();
    List<JsonNode> partNodes = new ArrayList<>();
    try (JsonParser parser = MAPPER.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw r.invalid("it is not a JSON object");
      }
      for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        if (field.equals("parts") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (partNodes.size() == MAX_PARTS) {
              throw r.invalid("it lists more than " + MAX_PARTS + " parts");
            }
            partNodes.add(parser.readValueAsTree());
          }
          root.putArray("parts"); // present: its elements are in partNodes
        } else {
          root.set(field, parser.readValueAsTree());
        }
      }
      if (parser.nextToken() != null) {
        throw r.invalid("content follows its closing brace at offset " + parser.currentTokenLocation().getByteOffset());
      }
    } catch (JsonProcessingException e) {
      throw new InvalidBundleException("manifest of bundle " + bundle + " is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidBundleException("manifest of bundle " + bundle + " is not JSON: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(r.text(root, "format"))) {
      throw r.invalid("its format is not '" + FORMAT + "'");
    }
    long version = r.number(root, "version", 1, Integer.MAX_VALUE);
    if (version != BundleManifest.VERSION) {
      throw r.invalid("its version " + version + " is not supported (this reader knows " + BundleManifest.VERSION + ")");
    }
    String bundleId = r.text(root, "bundleId");
    try {
      if (!UUID.fromString(bundleId).toString().equals(bundleId)) {
        throw r.invalid("its bundleId '" + bundleId + "' is not a canonical UUID");
      }
    } catch (IllegalArgumentException e) {
      throw r.invalid("its bundleId '" + bundleId + "' is not a UUID");
    }
    JsonNode image = r.object(root, "image");
    long imageSize = r.number(image, "size", 0, Long.MAX_VALUE);
    if (imageSize > MAX_IMAGE_SIZE) {
      throw r.invalid("its image size " + imageSize + " bytes is absurd (more than 64 TiB)");
    }
    String imageSha256 = r.sha256(image, "sha256");
    String compressionName = r.text(root, "compression");
    Compression compression = Compression.fromManifestName(compressionName);
    if (compression == null) {
      throw r.invalid("its compression '" + compressionName + "' is not gzip or zstd");
    }
    int partSize = (int) r.number(root, "partSize", 1024, BundleOptions.MAX_PART_SIZE);
    Optional<BundleManifest.WrappedKey> encryption = Optional.empty();
    if (root.has("encryption") && !root.get("encryption").isNull()) {
      JsonNode e = r.object(root, "encryption");
      if (!"AES-256-GCM".equals(r.text(e, "cipher")) || !"AES-256-GCM".equals(r.text(e, "keyWrapping"))) {
        throw r.invalid("its encryption is not AES-256-GCM with an AES-256-GCM wrapped key");
      }
      byte[] nonce = r.base64(e, "nonce", BundleCrypto.NONCE);
      byte[] wrapped = r.base64(e, "wrappedKey", 32 + BundleCrypto.TAG);
      encryption = Optional.of(new BundleManifest.WrappedKey(nonce, wrapped));
    }
    long overhead = encryption.isPresent() ? BundleCrypto.OVERHEAD : 0;
    long bundledSize = r.number(root, "bundledSize", 0, Long.MAX_VALUE);
    JsonNode partsNode = root.get("parts");
    if (partsNode == null || !partsNode.isArray()) {
      throw r.invalid("it has no parts array");
    }
    String ownPrefix = partKeyPrefix(prefix);
    TreeMap<Integer, BundlePart> byNumber = new TreeMap<>();
    for (JsonNode p : partNodes) {
      if (!p.isObject()) {
        throw r.invalid("a part is not a JSON object");
      }
      int number = (int) r.number(p, "number", 1, MAX_PARTS);
      String keyText = r.text(p, "key");
      ObjectKey key;
      try {
        key = ObjectKey.of(keyText);
      } catch (IllegalArgumentException e) {
        throw r.invalid("part " + number + " names an invalid key: " + e.getMessage());
      }
      if (!key.startsWith(ownPrefix)) {
        throw r.invalid("part " + number + " names key '" + keyText + "', outside the bundle's prefix '" + ownPrefix + "'");
      }
      long size = r.number(p, "size", 1, partSize + overhead);
      BundlePart part = new BundlePart(number, key, size, r.sha256(p, "sha256"));
      if (byNumber.put(number, part) != null) {
        throw r.invalid("part number " + number + " appears twice");
      }
    }
    List<BundlePart> parts = new ArrayList<>(byNumber.values());
    long sum = 0;
    java.util.Set<ObjectKey> keys = new java.util.HashSet<>();
    for (int i = 0; i < parts.size(); i++) {
      BundlePart part = parts.get(i);
      if (part.number() != i + 1) {
        throw r.invalid("part " + (i + 1) + " is missing (parts run 1 to " + parts.size() + ")");
      }
      if (!keys.add(part.key())) {
        throw r.invalid("part " + part.number() + " names key '" + part.key() + "' that another part names too");
      }
      if (i < parts.size() - 1 && part.size() != partSize + overhead) {
        throw r.invalid("part " + part.number() + " is " + part.size() + " bytes; every part but the last is "
            + (partSize + overhead));
      }
      sum += part.size();
    }
    if (sum != bundledSize) {
      throw r.invalid("its parts sum to " + sum + " bytes, but it states a bundled size of " + bundledSize);
    }
    if (parts.isEmpty()) {
      throw r.invalid("it lists no parts");
    }
    BundleManifest manifest =
        new BundleManifest((int) version, bundleId, imageSize, imageSha256, compression, partSize, encryption, parts);
    if (root.has("checksum")) { // manifests written before it was added have none
      String checksum = r.sha256(root, "checksum");
      if (!checksum.equals(checksumOf(manifest))) {
        throw r.invalid("its checksum " + checksum + " does not match its content: it is damaged");
      }
    }
    return manifest;
  }

  /** Field readers that name the bundle and the field in every complaint. */
  private record Reader(String bundle) {
    InvalidBundleException invalid(String problem) {
      return new InvalidBundleException("manifest of bundle " + bundle + " is invalid: " + problem);
    }

    String text(JsonNode node, String field) throws InvalidBundleException {
      JsonNode value = node.get(field);
      if (value == null || !value.isTextual()) {
        throw invalid("field '" + field + "' is missing or not a string");
      }
      return value.textValue();
    }

    JsonNode object(JsonNode node, String field) throws InvalidBundleException {
      JsonNode value = node.get(field);
      if (value == null || !value.isObject()) {
        throw invalid("field '" + field + "' is missing or not an object");
      }
      return value;
    }

    long number(JsonNode node, String field, long min, long max) throws InvalidBundleException {
      JsonNode value = node.get(field);
      if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
        throw invalid("field '" + field + "' is missing or not an integer");
      }
      long n = value.longValue();
      if (n < min || n > max) {
        throw invalid("field '" + field + "' is " + n + ", not " + min + " to " + max);
      }
      return n;
    }

    String sha256(JsonNode node, String field) throws InvalidBundleException {
      String text = text(node, field);
      if (!SHA256.matcher(text).matches()) {
        throw invalid("field '" + field + "' is not a lower-case hex SHA-256");
      }
      return text;
    }

    byte[] base64(JsonNode node, String field, int length) throws InvalidBundleException {
      String text = text(node, field);
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw invalid("field '" + field + "' is not base64");
      }
      if (bytes.length != length) {
        throw invalid("field '" + field + "' holds " + bytes.length + " bytes, not " + length);
      }
      return bytes;
    }
  }
}
