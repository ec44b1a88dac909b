package org.amisdk.pricing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.amisdk.model.Region;
import org.amisdk.model.VolumeType;

/** A price table read from JSON; immutable once read. */
final class JsonPriceTable implements PriceTable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> TOP = Set.of("Name", "Currency", "Notes", "Regions", "AssumedEqual");
  private static final Set<String> REGION = Set.of("SnapshotStandardGbMonth", "SnapshotArchiveGbMonth", "ArchiveRetrievalGb",
      "ArchiveMinimumDays", "BundleS3GbMonth", "CrossRegionTransferGb", "VolumeGbMonth", "VolumeIopsMonth", "MarketplaceHourly");
  private static final Set<String> RATE = Set.of("Amount", "Unit", "Source", "Date", "Verified");

  private final String name;
  private final String currency;
  private final Map<Region, RegionPrices> regions;

  private JsonPriceTable(String name, String currency, Map<Region, RegionPrices> regions) {
    this.name = name;
    this.currency = currency;
    this.regions = Map.copyOf(regions);
  }

  static JsonPriceTable parse(String json) {
    if (json.length() > MAX_BYTES) {
      throw new IllegalArgumentException("price table is " + json.length() + " characters: at most " + MAX_BYTES + " are read");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("price table is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("price table must be a JSON object");
    }
    known(root, TOP, "price table");
    String name = text(root, "Name", "price table");
    String currency = text(root, "Currency", "price table");
    try {
      Currency.getInstance(currency);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("price table currency " + currency + " is not an ISO 4217 code", e);
    }
    Map<Region, RegionPrices> regions = new HashMap<>();
    JsonNode listed = object(root, "Regions", "price table");
    for (Iterator<Map.Entry<String, JsonNode>> it = listed.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Region region = region(e.getKey());
      regions.put(region, regionPrices(region, e.getValue()));
    }
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("price table " + name + " prices no region");
    }
    JsonNode assumed = root.get("AssumedEqual");
    if (assumed != null) {
      if (!assumed.isObject()) {
        throw new IllegalArgumentException("price table field AssumedEqual must be an object of region to region");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = assumed.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Region region = region(e.getKey());
        RegionPrices from = regions.get(region(e.getValue().asText()));
        if (from == null || from.assumedFrom().isPresent()) {
          throw new IllegalArgumentException("region " + region + " is assumed equal to " + e.getValue().asText()
              + ", which the table does not price directly");
        }
        if (regions.containsKey(region)) {
          throw new IllegalArgumentException("region " + region + " is both priced and assumed equal to another");
        }
        regions.put(region, from.assumedFor(region));
      }
    }
    return new JsonPriceTable(name, currency, regions);
  }

  private static RegionPrices regionPrices(Region region, JsonNode node) {
    String where = "region " + region;
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be a JSON object of rates");
    }
    known(node, REGION, where);
    Rate minimum = rate(node, "ArchiveMinimumDays", where);
    int days;
    try {
      days = minimum.amount().intValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(where + " ArchiveMinimumDays " + minimum.amount() + " is not a whole number of days", e);
    }
    if (days > 3650) {
      throw new IllegalArgumentException(where + " ArchiveMinimumDays " + days + " is over 3650");
    }
    Map<VolumeType, Rate> volumes = new HashMap<>();
    Map<VolumeType, Rate> iops = new HashMap<>();
    rates(object(node, "VolumeGbMonth", where), where + " VolumeGbMonth")
        .forEach((type, rate) -> volumes.put(volumeType(type, where), rate));
    JsonNode iopsNode = node.get("VolumeIopsMonth");
    if (iopsNode != null) {
      rates(iopsNode, where + " VolumeIopsMonth").forEach((type, rate) -> iops.put(volumeType(type, where), rate));
    }
    JsonNode market = node.get("MarketplaceHourly");
    Map<String, Rate> marketplace = market == null ? Map.of() : rates(market, where + " MarketplaceHourly");
    return new RegionPrices(region, Optional.empty(), rate(node, "SnapshotStandardGbMonth", where),
        rate(node, "SnapshotArchiveGbMonth", where), rate(node, "ArchiveRetrievalGb", where), days,
        rate(node, "BundleS3GbMonth", where), rate(node, "CrossRegionTransferGb", where), volumes, iops, marketplace);
  }

  private static Map<String, Rate> rates(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be a JSON object of rates");
    }
    Map<String, Rate> rates = new HashMap<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      rates.put(key, rate(node, key, where));
    }
    return rates;
  }

  private static Rate rate(JsonNode parent, String field, String where) {
    String at = where + " " + field;
    JsonNode node = object(parent, field, where);
    known(node, RATE, at);
    BigDecimal amount;
    try {
      amount = new BigDecimal(text(node, "Amount", at));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(at + " Amount " + node.get("Amount").asText() + " is not a decimal number", e);
    }
    JsonNode verified = node.get("Verified");
    if (verified == null || !verified.isBoolean()) {
      throw new IllegalArgumentException(at + " must say whether it is Verified (true or false)");
    }
    try {
      return new Rate(amount, text(node, "Unit", at), text(node, "Source", at), text(node, "Date", at), verified.booleanValue());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + " is invalid: " + e.getMessage(), e);
    }
  }

  private static VolumeType volumeType(String wire, String where) {
    for (VolumeType type : VolumeType.values()) {
      if (type.wireValue().equals(wire)) {
        return type;
      }
    }
    throw new IllegalArgumentException(where + " names volume type " + wire + ", which EBS does not have");
  }

  private static Region region(String code) {
    try {
      return Region.of(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("price table region " + code + " is not a region code", e);
    }
  }

  private static void known(JsonNode node, Set<String> fields, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!fields.contains(field)) {
        throw new IllegalArgumentException(where + " has unknown field " + field + ": expected one of " + fields);
      }
    }
  }

  private static JsonNode object(JsonNode parent, String field, String where) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(where + " must have an object " + field);
    }
    return node;
  }

  private static String text(JsonNode parent, String field, String where) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new IllegalArgumentException(where + " must have a non-empty text " + field);
    }
    return node.asText();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String currency() {
    return currency;
  }

  @Override
  public Set<Region> regions() {
    return regions.keySet();
  }

  @Override
  public RegionPrices in(Region region) {
    RegionPrices prices = regions.get(region);
    if (prices == null) {
      throw new IllegalArgumentException("region " + region + " has no prices in table " + name + ": it prices " + regions.keySet());
    }
    return prices;
  }
}
