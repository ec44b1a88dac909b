package org.amisdk.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.VolumeType;
import org.amisdk.model.WireValue;
/**
 * A JSON object being read, with its key path, so that every error names where it is. Absent keys
 * read as empty; present keys of the wrong type, or whose value a model rule refuses, are errors.
 */
final class In {
  private static final int SHOWN = 60;

  private final JsonNode node;
  private final String path;

  private In(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** {@code node} as an object at {@code path}; refuses anything else. */
  static In object(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new AwsJsonException(path, "expected a JSON object, found " + kind(node));
    }
    return new In(node, path);
  }

  String path() {
    return path;
  }

  boolean has(String key) {
    return node.has(key);
  }

  private String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  Optional<String> string(String key) {
    return present(key, JsonNode::isTextual, "a string").map(JsonNode::textValue);
  }

  /** The value at {@code key} if present; a present value that fails {@code ok} is an error naming {@code expected}. */
  private Optional<JsonNode> present(String key, Predicate<JsonNode> ok, String expected) {
    JsonNode value = node.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!ok.test(value)) {
      throw new AwsJsonException(at(key), "expected " + expected + ", found " + kind(value));
    }
    return Optional.of(value);
  }

  String requiredString(String key) {
    return string(key).orElseThrow(() -> missing(key));
  }

  /** The string at {@code key} converted by a model factory, whose refusal names the key. */
  <T> Optional<T> string(String key, Function<String, T> convert) {
    return string(key).map(text -> convert(key, convert, text));
  }

  <T> T required(String key, Function<String, T> convert) {
    return string(key, convert).orElseThrow(() -> missing(key));
  }

  <E extends Enum<E> & WireValue> Optional<E> wire(String key, Class<E> type) {
    return string(key).map(text -> {
      for (E constant : type.getEnumConstants()) {
        if (constant.wireValue().equals(text)) {
          return constant;
        }
      }
      String code = VolumeType.class.equals(type) ? Ec2ErrorCode.UNKNOWN_VOLUME_TYPE : Ec2ErrorCode.INVALID_PARAMETER_VALUE;
      throw new AwsJsonException(at(key), new Ec2Exception(code, String.format("%s is not one of %s", quote(text),
          Arrays.stream(type.getEnumConstants()).map(WireValue::wireValue).collect(Collectors.joining(", ")))));
    });
  }

  <E extends Enum<E> & WireValue> E requiredWire(String key, Class<E> type) {
    return wire(key, type).orElseThrow(() -> missing(key));
  }

  Optional<Boolean> bool(String key) {
    return present(key, JsonNode::isBoolean, "true or false").map(JsonNode::booleanValue);
  }

  Optional<Long> integer(String key, long min, long max) {
    JsonNode value = node.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
      throw new AwsJsonException(at(key), String.format("expected a whole number from %d to %d, found %s", min, max, show(value)));
    }
    return Optional.of(value.longValue());
  }

  Optional<Integer> int32(String key) {
    return integer(key, Integer.MIN_VALUE, Integer.MAX_VALUE).map(Long::intValue);
  }

  Optional<Instant> time(String key) {
    return string(key).map(text -> {
      Instant time = Times.parse(text);
      if (time == null) {
        throw new AwsJsonException(at(key), quote(text) + " is not a timestamp: expected ISO 8601 such as 2021-09-29T11:04:43.305Z");
      }
      return time;
    });
  }

  /** The array at {@code key}, each element an object read by {@code read}; empty if absent. */
  <T> ImmutableList<T> list(String key, Function<In, T> read) {
    Optional<JsonNode> array = present(key, JsonNode::isArray, "an array");
    if (array.isEmpty()) {
      return ImmutableList.of();
    }
    JsonNode value = array.get();
    ImmutableList.Builder<T> items = ImmutableList.builder();
    for (int i = 0; i < value.size(); i++) {
      items.add(read.apply(object(value.get(i), at(key) + "[" + i + "]")));
    }
    return items.build();
  }

  In child(String key) {
    return object(node.get(key), at(key));
  }

  /** Runs {@code build}, naming this object's path if a model rule refuses the value. */
  <T> T build(java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (Ec2Exception e) {
      throw new AwsJsonException(path, e);
    }
  }

  AwsJsonException missing(String key) {
    return new AwsJsonException(path, key + " is missing: it is required here");
  }

  private <T> T convert(String key, Function<String, T> convert, String text) {
    try {
      return convert.apply(text);
    } catch (Ec2Exception e) {
      throw new AwsJsonException(at(key), e);
    }
  }

  static String quote(String text) {
    return "\"" + (text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...") + "\"";
  }

  private static String show(JsonNode value) {
    String text = value.toString();
    return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
  }

  private static String kind(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    return switch (value.getNodeType()) {
      case NULL -> "null";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
