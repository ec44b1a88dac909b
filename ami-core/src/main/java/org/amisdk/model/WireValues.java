package org.amisdk.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/** Looks enum constants up by their wire value, with one error message for all enums. */
final class WireValues {
  private WireValues() {}

  static <E extends Enum<E> & WireValue> E parse(Class<E> type, String field, String errorCode, String text) {
    Objects.requireNonNull(text, field);
    for (E constant : type.getEnumConstants()) {
      if (constant.wireValue().equals(text)) {
        return constant;
      }
    }
    throw new Ec2Exception(errorCode, String.format(
        "%s \"%s\" is not one of %s", field, Text.shorten(text), allowed(type)));
  }

  static String allowed(Class<? extends WireValue> type) {
    return Arrays.stream(type.getEnumConstants()).map(WireValue::wireValue).collect(Collectors.joining(", "));
  }
}
