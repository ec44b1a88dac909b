package org.amisdk.cloud;

import java.util.List;
import org.immutables.value.Value;

/** A describe filter: a name and values; values are ORed, filters ANDed, values may use {@code *} and {@code ?} wildcards. */
@Value.Immutable
public abstract class Filter {
  Filter() {}

  /** The filter name, e.g. {@code name} or {@code tag:Team}. */
  @Value.Parameter
  public abstract String name();

  /** The values; any one matching is enough. */
  @Value.Parameter
  public abstract List<String> values();

  /** A filter named {@code name} matching any of {@code values}. */
  public static Filter of(String name, String... values) {
    return ImmutableFilter.of(name, List.of(values));
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Filter}. */
  public static final class Builder extends ImmutableFilter.Builder {
    Builder() {}
  }
}
