package org.amisdk.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.amisdk.model.Image;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.SnapshotId;

/**
 * Reads and writes the JSON of {@code aws ec2 describe-images}, {@code describe-snapshots} and
 * {@code describe-snapshot-attribute --attribute createVolumePermission}: PascalCase keys, the
 * {@code Images} / {@code Snapshots} envelopes and EC2's timestamp texts.
 *
 * <p>Reading ignores keys the model does not know (AWS adds fields every year) and refuses a known
 * key with a bad value, naming its path. Input is untrusted: at most {@value #MAX_INPUT_CHARS}
 * characters, nesting at most {@value #MAX_DEPTH} deep, no duplicate keys. Every read either
 * returns valid values or throws {@link AwsJsonException}; nothing else.
 *
 * <p>Writing prints the CLI's layout (4-space indent). Image times print with milliseconds and
 * snapshot times with microseconds, more digits only when a time has them, so what is read writes
 * back equal. Empty tag and product-code lists are left out, as EC2 does. Thread-safe.
 */
public final class AwsJson {
  /** The longest input read, in characters. */
  public static final int MAX_INPUT_CHARS = 16 * 1024 * 1024;
  /** The deepest nesting of arrays and objects read. */
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxDocumentLength(MAX_INPUT_CHARS)
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(1024 * 1024)
          .maxNumberLength(64)
          .maxNameLength(1024)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final DefaultPrettyPrinter CLI_LAYOUT = new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withArrayEmptySeparator("")
          .withObjectEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("    ", "\n"))
      .withArrayIndenter(new DefaultIndenter("    ", "\n"));

  private AwsJson() {}

  /**
   * Reads {@code {"Images": [...]}}.
   *
   * @throws AwsJsonException when the text is not such a document or a value breaks a rule
   */
  public static List<Image> readImages(String json) {
    return envelope(json, "Images", ModelReader::image);
  }

  /** Reads one image object, as {@code --query 'Images[0]'} prints it. */
  public static Image readImage(String json) {
    return ModelReader.image(In.object(tree(json), ""));
  }

  /**
   * Reads {@code {"Snapshots": [...]}}.
   *
   * @throws AwsJsonException when the text is not such a document or a value breaks a rule
   */
  public static List<Snapshot> readSnapshots(String json) {
    return envelope(json, "Snapshots", ModelReader::snapshot);
  }

  /** Reads {@code {"CreateVolumePermissions": [...], "SnapshotId": "snap-..."}}. */
  public static CreateVolumePermissions readCreateVolumePermissions(String json) {
    In in = In.object(tree(json), "");
    SnapshotId snapshotId = in.required("SnapshotId", SnapshotId::parse);
    if (!in.has("CreateVolumePermissions")) {
      throw in.missing("CreateVolumePermissions");
    }
    return new CreateVolumePermissions(snapshotId, in.list("CreateVolumePermissions", ModelReader::permission));
  }

  /** Reads a file with {@link #readImages(String)}, refusing files over {@value #MAX_INPUT_CHARS} bytes before reading them. */
  public static List<Image> readImages(Path file) throws IOException {
    return readImages(boundedRead(file));
  }

  /** Reads a file with {@link #readSnapshots(String)}, refusing files over {@value #MAX_INPUT_CHARS} bytes before reading them. */
  public static List<Snapshot> readSnapshots(Path file) throws IOException {
    return readSnapshots(boundedRead(file));
  }

  /** Writes {@code {"Images": [...]}} as the CLI prints it. */
  public static String writeImages(List<Image> images) {
    return print(MAPPER.createObjectNode().set("Images", array(images, ModelWriter::image)));
  }

  /** Writes one image object. */
  public static String writeImage(Image image) {
    return print(ModelWriter.image(image));
  }

  /** Writes {@code {"Snapshots": [...]}} as the CLI prints it. */
  public static String writeSnapshots(List<Snapshot> snapshots) {
    return print(MAPPER.createObjectNode().set("Snapshots", array(snapshots, ModelWriter::snapshot)));
  }

  /** Writes a snapshot's create-volume permissions as {@code describe-snapshot-attribute} prints them. */
  public static String writeCreateVolumePermissions(CreateVolumePermissions permissions) {
    ObjectNode out = MAPPER.createObjectNode();
    out.set("CreateVolumePermissions", array(permissions.permissions(), ModelWriter::permission));
    out.put("SnapshotId", permissions.snapshotId().toString());
    return print(out);
  }

  /**
   * A Jackson module that reads and writes {@link Image} and {@link Snapshot} as single AWS CLI
   * objects, for callers with their own {@link ObjectMapper}. Bad values raise {@link AwsJsonException}.
   */
  public static Module module() {
    SimpleModule module = new SimpleModule("amisdk-aws-json");
    module.addSerializer(Image.class, serializer(ModelWriter::image));
    module.addSerializer(Snapshot.class, serializer(ModelWriter::snapshot));
    module.addDeserializer(Image.class, deserializer(ModelReader::image));
    module.addDeserializer(Snapshot.class, deserializer(ModelReader::snapshot));
    return module;
  }

  /** A snapshot's {@code createVolumePermission} attribute: who besides the owner may create volumes from it. */
  public record CreateVolumePermissions(SnapshotId snapshotId, List<LaunchPermission> permissions) {
    /** Copies {@code permissions}. */
    public CreateVolumePermissions {
      java.util.Objects.requireNonNull(snapshotId, "snapshotId");
      permissions = ImmutableList.copyOf(permissions);
    }
  }

  private static <T> List<T> envelope(String json, String key, Function<In, T> read) {
    In document = In.object(tree(json), "");
    if (!document.has(key)) {
      throw document.missing(key);
    }
    return document.list(key, read);
  }

  static JsonNode tree(String json) {
    if (json.length() > MAX_INPUT_CHARS) {
      throw new AwsJsonException("", String.format(
          "document is %d characters long: at most %d are read", json.length(), MAX_INPUT_CHARS));
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new AwsJsonException("", "document is empty: expected a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      JsonLocation where = e.getLocation();
      String at = where == null ? "" : String.format(" at line %d column %d", where.getLineNr(), where.getColumnNr());
      throw new AwsJsonException("", "document is not valid JSON" + at + ": " + e.getOriginalMessage());
    }
  }

  private static String boundedRead(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_INPUT_CHARS) {
      throw new AwsJsonException("", String.format("file %s is %d bytes long: at most %d are read", file, size, MAX_INPUT_CHARS));
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static <T> ArrayNode array(List<T> items, Function<T, ObjectNode> write) {
    ArrayNode array = MAPPER.createArrayNode();
    items.forEach(item -> array.add(write.apply(item)));
    return array;
  }

  private static String print(JsonNode node) {
    try {
      return MAPPER.writer(CLI_LAYOUT).writeValueAsString(node) + "\n";
    } catch (JacksonException e) {
      throw new IllegalStateException("writing a JSON tree failed: " + e.getOriginalMessage(), e);
    }
  }

  private static <T> JsonSerializer<T> serializer(Function<T, ObjectNode> write) {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeTree(write.apply(value));
      }
    };
  }

  private static <T> JsonDeserializer<T> deserializer(Function<In, T> read) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode node = parser.readValueAsTree();
        return read.apply(In.object(node, ""));
      }
    };
  }
}
