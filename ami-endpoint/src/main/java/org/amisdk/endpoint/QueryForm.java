package org.amisdk.endpoint;

import org.amisdk.model.Ec2ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.amisdk.model.Ec2Exception;

/**
 * The parameters of one EC2 Query request, decoded from its form body (or query string): names
 * such as {@code ImageId.1}, {@code Filter.2.Value.1}, {@code BlockDeviceMapping.1.Ebs.VolumeSize}.
 * Lists are read by prefix in the order of their indexes, whatever order the request gave them.
 *
 * <p>Decoding is bounded: at most {@link #MAX_PARAMETERS} parameters, list indexes 1 to {@link
 * #MAX_INDEX}, strict UTF-8 and well-formed percent escapes; anything else is EC2's {@code
 * MalformedQueryString}, {@code InvalidQueryParameter} or {@code InvalidParameterValue}.
 */
final class QueryForm {
  /** The most parameters one request may carry. */
  static final int MAX_PARAMETERS = 20_000;

  /** The largest list index accepted ({@code ImageId.N}). */
  static final int MAX_INDEX = 10_000;

  static final String MALFORMED_QUERY_STRING = "MalformedQueryString";
  static final String INVALID_QUERY_PARAMETER = "InvalidQueryParameter";

  private final TreeMap<String, String> values;
  private final String prefix;

  private QueryForm(TreeMap<String, String> values, String prefix) {
    this.values = values;
    this.prefix = prefix;
  }

  /** Decodes {@code body} ({@code application/x-www-form-urlencoded}) merged after {@code query}. */
  static QueryForm parse(byte[] body, Map<String, List<String>> query) {
    TreeMap<String, String> values = new TreeMap<>();
    query.forEach((name, list) -> {
      if (!list.isEmpty()) {
        put(values, name, list.get(0));
      }
    });
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '&') {
        if (i > start) {
          int equals = start;
          while (equals < i && body[equals] != '=') {
            equals++;
          }
          String name = decode(body, start, equals);
          String value = equals < i ? decode(body, equals + 1, i) : "";
          put(values, name, value);
        }
        start = i + 1;
      }
    }
    return new QueryForm(values, "");
  }

  private static void put(Map<String, String> values, String name, String value) {
    if (values.size() >= MAX_PARAMETERS && !values.containsKey(name)) {
      throw new Ec2Exception(INVALID_QUERY_PARAMETER,
          "request has more than " + MAX_PARAMETERS + " parameters: at most " + MAX_PARAMETERS + " are accepted");
    }
    values.put(name, value);
  }

  /** Percent-decodes {@code bytes[from, to)} ({@code +} is a space) as strict UTF-8. */
  private static String decode(byte[] bytes, int from, int to) {
    byte[] out = new byte[to - from];
    int length = 0;
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b == '+') {
        out[length++] = ' ';
      } else if (b == '%') {
        if (i + 2 >= to) {
          throw new Ec2Exception(MALFORMED_QUERY_STRING, "query string has a truncated percent escape at byte " + i);
        }
        int high = Character.digit(bytes[i + 1], 16);
        int low = Character.digit(bytes[i + 2], 16);
        if (high < 0 || low < 0) {
          throw new Ec2Exception(MALFORMED_QUERY_STRING, "query string has a malformed percent escape at byte " + i);
        }
        out[length++] = (byte) (high << 4 | low);
        i += 2;
      } else {
        out[length++] = b;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Ec2Exception(MALFORMED_QUERY_STRING, "query string is not valid UTF-8 near byte " + from);
    }
  }

  /** The value of parameter {@code name} (relative to this form's prefix). */
  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(prefix + name));
  }

  /** The value of a required parameter; {@code MissingParameter} when absent or empty. */
  String required(String name) {
    String value = values.get(prefix + name);
    if (value == null || value.isEmpty()) {
      throw new Ec2Exception(Ec2ErrorCode.MISSING_PARAMETER,
          "The request must contain the parameter " + prefix + name);
    }
    return value;
  }

  /** A boolean parameter ({@code true} or {@code false}, any case). */
  Optional<Boolean> bool(String name) {
    return get(name).map(value -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(name, value, "a boolean (true or false)");
    });
  }

  /** A boolean parameter, {@code false} when absent. */
  boolean flag(String name) {
    return bool(name).orElse(false);
  }

  /** An integer parameter. */
  Optional<Integer> integer(String name) {
    return get(name).map(value -> {
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw invalid(name, value, "an integer");
      }
    });
  }

  /** The values of the list {@code name.1}, {@code name.2}, ... in index order. */
  List<String> list(String name) {
    List<String> list = new ArrayList<>();
    indexes(name).forEach((index, key) -> {
      String value = values.get(key);
      if (value != null) {
        list.add(value);
      }
    });
    return list;
  }

  /** The members of the list of structures {@code name.N.*}, each a form relative to {@code name.N.}, in index order. */
  List<QueryForm> structures(String name) {
    List<QueryForm> list = new ArrayList<>();
    indexes(name).forEach((index, key) -> list.add(new QueryForm(values, key)));
    return list;
  }

  /** A nested structure {@code name.*}, if any of its members is present. */
  Optional<QueryForm> structure(String name) {
    String nested = prefix + name + ".";
    return withPrefix(nested).isEmpty() ? Optional.empty() : Optional.of(new QueryForm(values, nested));
  }

  /** For {@code name}: each index present mapped to its key (for structures, the key prefix ending in a dot). */
  private TreeMap<Integer, String> indexes(String name) {
    String head = prefix + name + ".";
    TreeMap<Integer, String> found = new TreeMap<>();
    for (String key : withPrefix(head).keySet()) {
      int end = key.indexOf('.', head.length());
      String digits = key.substring(head.length(), end < 0 ? key.length() : end);
      int index = index(head, digits);
      found.putIfAbsent(index, end < 0 ? key : key.substring(0, end + 1));
    }
    return found;
  }

  private java.util.SortedMap<String, String> withPrefix(String head) {
    return values.subMap(head, head + Character.MAX_VALUE);
  }

  private static int index(String head, String digits) {
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
        || digits.charAt(0) == '0' || Integer.parseInt(digits) > MAX_INDEX) {
      throw new Ec2Exception(Ec2ErrorCode.INVALID_PARAMETER_VALUE, String.format(
          "list index \"%s\" of %s is invalid: indexes are whole numbers from 1 to %d",
          digits.length() > 20 ? digits.substring(0, 20) + "..." : digits, head.substring(0, head.length() - 1), MAX_INDEX));
    }
    return Integer.parseInt(digits);
  }

  /** An {@code InvalidParameterValue} for parameter {@code name}. */
  Ec2Exception invalid(String name, String value, String expected) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    return new Ec2Exception(Ec2ErrorCode.INVALID_PARAMETER_VALUE,
        String.format("value \"%s\" for parameter %s%s is invalid: it must be %s", shown, prefix, name, expected));
  }
}
