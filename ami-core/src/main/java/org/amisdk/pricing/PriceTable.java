package org.amisdk.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.amisdk.model.Region;

/**
 * Prices per region, in one currency. {@link #standard()} is the shipped table of AWS list rates;
 * {@link #parse(String)} reads your own (a negotiated discount, another currency) in the same
 * JSON shape, checked as strictly: every figure names its source and date.
 */
public interface PriceTable {

  /** The largest table read, in bytes: a price table is small. */
  int MAX_BYTES = 1 << 20;

  /** The shipped table: us-east-1 list rates, other listed regions assumed equal to them. */
  static PriceTable standard() {
    try (InputStream in = PriceTable.class.getResourceAsStream("aws-list-prices.json")) {
      if (in == null) {
        throw new IllegalStateException("price table resource aws-list-prices.json is missing from the classpath");
      }
      return parse(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("price table resource aws-list-prices.json failed to read", e);
    }
  }

  /**
   * A table from its JSON text.
   *
   * @throws IllegalArgumentException when the text is not a valid table: the message names the field and the rule
   */
  static PriceTable parse(String json) {
    return JsonPriceTable.parse(json);
  }

  /**
   * A table from a JSON file of at most {@link #MAX_BYTES}.
   *
   * @throws IllegalArgumentException when the file is too large or not a valid table
   */
  static PriceTable load(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new IllegalArgumentException("price table " + file + " is " + size + " bytes: at most " + MAX_BYTES + " are read");
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The table's name, as the JSON gives it. */
  String name();

  /** The ISO 4217 code of every amount, e.g. {@code USD}. */
  String currency();

  /** The regions priced, directly or assumed equal to another. */
  Set<Region> regions();

  /**
   * The prices of {@code region}.
   *
   * @throws IllegalArgumentException when the table does not price that region
   */
  RegionPrices in(Region region);
}
