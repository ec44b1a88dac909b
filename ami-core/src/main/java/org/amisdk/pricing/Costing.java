package org.amisdk.pricing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.amisdk.cloud.Inventory;
import org.amisdk.model.AccountId;
import org.amisdk.model.ImageId;
import org.amisdk.model.Region;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.StorageTier;
import org.amisdk.storage.block.BlockAddress;
import org.amisdk.storage.block.BlockStore;

/** A cost report: lines computed once from a picture of the cloud; what-ifs recompute on changed holdings. */
final class Costing implements CostReport {
  private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
  private static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(720);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A stored snapshot as the charging rules see it. */
  record Held(String id, AccountId owner, Region region, Set<BlockAddress> blocks, boolean archived, Instant start,
      Optional<Instant> archivedSince, Set<ImageId> usedBy) {
    Held archive(Instant at) {
      return new Held(id, owner, region, blocks, true, start, Optional.of(at), usedBy);
    }
  }

  /** An instance-store image's bundle in the object store. */
  record Bundle(ImageId image, AccountId owner, Region region, long bytes) {}

  private final Inventory inventory;
  private final PriceTable prices;
  private final List<Held> held;
  private final List<Bundle> bundles;
  private final List<CostLine> lines;
  private final BigDecimal total;

  private Costing(Inventory inventory, PriceTable prices, List<Held> held, List<Bundle> bundles) {
    this.inventory = inventory;
    this.prices = prices;
    this.held = List.copyOf(held);
    this.bundles = List.copyOf(bundles);
    this.lines = charge(inventory, prices, this.held, this.bundles);
    this.total = sum(lines);
  }

  static Costing of(Inventory inventory, PriceTable prices) {
    List<Held> held = new ArrayList<>();
    for (Inventory.SnapshotFacts f : inventory.snapshots()) {
      boolean archived = f.snapshot().storageTier().orElse(StorageTier.STANDARD) == StorageTier.ARCHIVE;
      held.add(new Held(f.snapshot().snapshotId().toString(), f.snapshot().ownerId(), f.region(), f.blocks(), archived,
          f.snapshot().startTime(), archived ? f.archivedSince() : Optional.empty(), f.usedBy()));
    }
    List<Bundle> bundles = new ArrayList<>();
    for (Inventory.ImageFacts f : inventory.images()) {
      if (f.bundleBytes() > 0) {
        bundles.add(new Bundle(f.image().imageId(), f.image().ownerId(), f.region(), f.bundleBytes()));
      }
    }
    return new Costing(inventory, prices, held, bundles);
  }

  private Costing with(List<Held> changedHeld, List<Bundle> changedBundles) {
    return new Costing(inventory, prices, changedHeld, changedBundles);
  }

  // ---- the charging rules

  private static List<CostLine> charge(Inventory inventory, PriceTable prices, List<Held> held, List<Bundle> bundles) {
    List<CostLine> lines = new ArrayList<>();
    Map<List<Object>, Set<BlockAddress>> chains = new LinkedHashMap<>();
    List<Held> ordered = new ArrayList<>(held);
    ordered.sort(Comparator.comparing((Held h) -> h.region().code()).thenComparing(h -> h.owner().toString())
        .thenComparing(Held::start).thenComparing(Held::id));
    for (Held h : ordered) {
      RegionPrices p = prices.in(h.region());
      Set<BlockAddress> charged;
      Rate rate;
      if (h.archived()) {
        charged = h.blocks();
        rate = p.snapshotArchiveGbMonth();
      } else {
        Set<BlockAddress> seen = chains.computeIfAbsent(List.of(h.region(), h.owner()), k -> new HashSet<>());
        charged = new HashSet<>();
        for (BlockAddress block : h.blocks()) {
          if (seen.add(block)) {
            charged.add(block);
          }
        }
        rate = p.snapshotStandardGbMonth();
      }
      long billable = (long) charged.size() * BlockStore.BLOCK_SIZE;
      long stored = charged.stream().mapToLong(b -> inventory.storedBytes().getOrDefault(b, 0L)).sum();
      lines.add(new CostLine("snapshot", h.id(), h.owner(), h.region(), imageKey(h.usedBy()),
          h.archived() ? "archive" : "standard", billable, stored, gib(billable).multiply(rate.amount())));
    }
    for (Inventory.VolumeFacts v : inventory.volumes()) {
      long bytes = (long) v.volume().size() << 30;
      lines.add(new CostLine("volume", v.volume().volumeId().toString(), v.volume().ownerId(), v.region(), "-",
          v.volume().volumeType().wireValue(), bytes, 0,
          BigDecimal.valueOf(v.volume().size()).multiply(prices.in(v.region()).volume(v.volume().volumeType()))));
    }
    for (Bundle b : bundles) {
      lines.add(new CostLine("bundle", b.image().toString(), b.owner(), b.region(), b.image().toString(), "s3",
          b.bytes(), b.bytes(), gib(b.bytes()).multiply(prices.in(b.region()).bundleS3GbMonth().amount())));
    }
    lines.sort(Comparator.comparing((CostLine l) -> l.region().code()).thenComparing(l -> l.account().toString())
        .thenComparing(CostLine::kind).thenComparing(CostLine::resource));
    return List.copyOf(lines);
  }

  private static String imageKey(Set<ImageId> images) {
    return images.isEmpty() ? "-" : images.stream().map(ImageId::toString).sorted().collect(Collectors.joining("+"));
  }

  /** Bytes in GiB, exact: 2^30 divides into a terminating decimal. */
  static BigDecimal gib(long bytes) {
    return BigDecimal.valueOf(bytes).divide(GIB);
  }

  private static BigDecimal sum(Collection<CostLine> lines) {
    return lines.stream().map(CostLine::monthly).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  // ---- the report

  @Override
  public String currency() {
    return prices.currency();
  }

  @Override
  public Instant at() {
    return inventory.at();
  }

  @Override
  public List<CostLine> lines() {
    return lines;
  }

  @Override
  public BigDecimal total() {
    return total;
  }

  @Override
  public long billableBytes() {
    return lines.stream().mapToLong(CostLine::billableBytes).sum();
  }

  @Override
  public long storedBytes() {
    return lines.stream().mapToLong(CostLine::storedBytes).sum();
  }

  @Override
  public Map<String, BigDecimal> byAccount() {
    return by(l -> l.account().toString());
  }

  @Override
  public Map<String, BigDecimal> byRegion() {
    return by(l -> l.region().code());
  }

  @Override
  public Map<String, BigDecimal> byImage() {
    return by(CostLine::image);
  }

  @Override
  public Map<String, BigDecimal> byTier() {
    return by(CostLine::tier);
  }

  private Map<String, BigDecimal> by(Function<CostLine, String> key) {
    Map<String, BigDecimal> sums = new TreeMap<>();
    lines.forEach(l -> sums.merge(key.apply(l), l.monthly(), BigDecimal::add));
    return java.util.Collections.unmodifiableMap(sums);
  }

  @Override
  public ImageCost image(ImageId image) {
    Inventory.ImageFacts facts = imageFacts(image);
    Costing without = with(held.stream().filter(h -> !h.usedBy().contains(image)).toList(),
        bundles.stream().filter(b -> !b.image().equals(image)).toList());
    BigDecimal saving = total.subtract(without.total);
    Set<BlockAddress> mine = new HashSet<>();
    Set<BlockAddress> others = new HashSet<>();
    for (Held h : held) {
      if (h.region().equals(facts.region()) && h.owner().equals(facts.image().ownerId()) && !h.archived()) {
        (h.usedBy().contains(image) ? mine : others).addAll(h.blocks());
      }
    }
    long shared = mine.stream().filter(others::contains).count() * BlockStore.BLOCK_SIZE;
    long exclusive = (long) mine.size() * BlockStore.BLOCK_SIZE - shared;
    BigDecimal sharedMonthly = gib(shared).multiply(prices.in(facts.region()).snapshotStandardGbMonth().amount());
    return new ImageCost(image, saving, sharedMonthly, exclusive, shared);
  }

  private Inventory.ImageFacts imageFacts(ImageId image) {
    return inventory.images().stream().filter(f -> f.image().imageId().equals(image)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("image " + image + " is not in the cost report"));
  }

  private Held held(SnapshotId id) {
    return held.stream().filter(h -> h.id().equals(id.toString())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("snapshot " + id + " is not in the cost report"));
  }

  @Override
  public WhatIf ifArchived(Collection<SnapshotId> snapshots) {
    Set<String> ids = new HashSet<>();
    BigDecimal minimum = BigDecimal.ZERO;
    BigDecimal retrieval = BigDecimal.ZERO;
    int days = 0;
    for (SnapshotId id : snapshots) {
      Held h = held(id);
      if (h.archived()) {
        throw new IllegalArgumentException("snapshot " + id + " is already archived");
      }
      if (!h.usedBy().isEmpty()) {
        throw new IllegalArgumentException("snapshot " + id + " is used by image " + imageKey(h.usedBy()) + ": EC2 does not archive it");
      }
      RegionPrices p = prices.in(h.region());
      BigDecimal full = gib((long) h.blocks().size() * BlockStore.BLOCK_SIZE);
      days = Math.max(days, p.archiveMinimumDays());
      minimum = minimum.add(full.multiply(p.snapshotArchiveGbMonth().amount()).multiply(months(Duration.ofDays(p.archiveMinimumDays()))));
      retrieval = retrieval.add(full.multiply(p.archiveRetrievalGb().amount()));
      ids.add(h.id());
    }
    Costing after = with(held.stream().map(h -> ids.contains(h.id()) ? h.archive(inventory.at()) : h).toList(), bundles);
    return new WhatIf("archive " + sorted(ids), after.total.subtract(total), BigDecimal.ZERO, List.of(
        "archived snapshots are billed on their full size for at least " + days + " days: at least "
            + money(minimum) + " " + currency() + " in all",
        "restoring them costs " + money(retrieval) + " " + currency() + " once (retrieval)",
        "archived snapshots cannot be shared, copied or used by an image until restored"));
  }

  @Override
  public WhatIf ifDeleted(Collection<SnapshotId> snapshots) {
    Set<String> ids = new HashSet<>();
    for (SnapshotId id : snapshots) {
      Held h = held(id);
      if (!h.usedBy().isEmpty()) {
        throw new IllegalArgumentException("snapshot " + id + " is used by image " + imageKey(h.usedBy()) + ": EC2 does not delete it");
      }
      ids.add(h.id());
    }
    return deleting("delete " + sorted(ids), h -> ids.contains(h.id()), b -> false);
  }

  @Override
  public WhatIf ifDeregistered(Collection<ImageId> images) {
    Set<ImageId> gone = new HashSet<>();
    for (ImageId image : images) {
      gone.add(imageFacts(image).image().imageId());
    }
    return deleting("deregister " + sorted(gone.stream().map(ImageId::toString).toList()) + " and delete their snapshots",
        h -> !h.usedBy().isEmpty() && gone.containsAll(h.usedBy()), b -> gone.contains(b.image()));
  }

  private WhatIf deleting(String question, Predicate<Held> deleted, Predicate<Bundle> bundleDeleted) {
    BigDecimal early = BigDecimal.ZERO;
    List<String> terms = new ArrayList<>();
    for (Held h : held) {
      if (deleted.test(h) && h.archived() && h.archivedSince().isPresent()) {
        RegionPrices p = prices.in(h.region());
        Duration kept = Duration.between(h.archivedSince().get(), inventory.at());
        Duration left = Duration.ofDays(p.archiveMinimumDays()).minusHours(Math.max(0, kept.toHours()));
        if (!left.isNegative() && !left.isZero()) {
          BigDecimal charge = gib((long) h.blocks().size() * BlockStore.BLOCK_SIZE)
              .multiply(p.snapshotArchiveGbMonth().amount()).multiply(months(left));
          early = early.add(charge);
          terms.add("snapshot " + h.id() + " was archived " + kept.toHours() + " hours ago: the remaining "
              + left.toHours() + " hours of the " + p.archiveMinimumDays() + "-day minimum cost " + money(charge) + " " + currency());
        }
      }
    }
    Costing after = with(held.stream().filter(deleted.negate()).toList(), bundles.stream().filter(bundleDeleted.negate()).toList());
    return new WhatIf(question, after.total.subtract(total), early, terms);
  }

  @Override
  public WhatIf ifCopied(ImageId image, Region target) {
    Inventory.ImageFacts facts = imageFacts(image);
    if (facts.region().equals(target)) {
      throw new IllegalArgumentException("image " + image + " is already in region " + target + ": a copy prices another region");
    }
    RegionPrices source = prices.in(facts.region());
    prices.in(target);
    AccountId owner = facts.image().ownerId();
    List<Held> added = new ArrayList<>(held);
    Set<BlockAddress> moved = new HashSet<>();
    for (Held h : held) {
      if (h.usedBy().contains(image) && h.region().equals(facts.region())) {
        added.add(new Held("copy of " + h.id(), owner, target, h.blocks(), false, inventory.at(), Optional.empty(), Set.of()));
        moved.addAll(h.blocks());
      }
    }
    long bytes = (long) moved.size() * BlockStore.BLOCK_SIZE;
    List<Bundle> bundled = new ArrayList<>(bundles);
    for (Bundle b : bundles) {
      if (b.image().equals(image)) {
        bundled.add(new Bundle(b.image(), owner, target, b.bytes()));
        bytes += b.bytes();
      }
    }
    Costing after = with(added, bundled);
    BigDecimal transfer = gib(bytes).multiply(source.crossRegionTransferGb().amount());
    return new WhatIf("copy " + image + " to " + target, after.total.subtract(total), transfer, List.of(
        gib(bytes).stripTrailingZeros().toPlainString() + " GB move from " + facts.region() + " to " + target + " at "
            + source.crossRegionTransferGb().amount().toPlainString() + " " + currency() + " per GB"));
  }

  private static BigDecimal months(Duration duration) {
    return BigDecimal.valueOf(duration.toHours()).divide(HOURS_PER_MONTH, MathContext.DECIMAL64);
  }

  private static String sorted(Collection<String> ids) {
    return ids.stream().sorted().collect(Collectors.joining(", "));
  }

  private static String money(BigDecimal amount) {
    return Amounts.text(amount);
  }

  private static String exact(BigDecimal amount) {
    return Amounts.exact(amount);
  }

  // ---- rendering

  @Override
  public Table table() {
    List<List<String>> rows = new ArrayList<>();
    for (CostLine l : lines) {
      rows.add(List.of(l.region().code(), l.account().toString(), l.kind(), l.resource(), l.image(), l.tier(),
          Long.toString(l.billableBytes()), Long.toString(l.storedBytes()), money(l.monthly())));
    }
    return new Table(List.of("region", "account", "kind", "resource", "image", "tier", "billable_bytes", "stored_bytes",
        "monthly_" + currency()), rows);
  }

  @Override
  public String toTable() {
    StringBuilder out = new StringBuilder(table().text());
    out.append(String.format("total %s %s per month; billable %d bytes, stored %d bytes%n", money(total), currency(),
        billableBytes(), storedBytes()));
    appendBreakdown(out, "account", byAccount());
    appendBreakdown(out, "region", byRegion());
    appendBreakdown(out, "image", byImage());
    appendBreakdown(out, "tier", byTier());
    return out.toString();
  }

  private static void appendBreakdown(StringBuilder out, String name, Map<String, BigDecimal> sums) {
    out.append("by ").append(name).append(':');
    sums.forEach((k, v) -> out.append(' ').append(k).append('=').append(money(v)));
    out.append('\n');
  }

  @Override
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("currency", currency());
    root.put("at", at().toString());
    root.put("total", exact(total));
    root.put("billableBytes", billableBytes());
    root.put("storedBytes", storedBytes());
    ObjectNode by = root.putObject("by");
    putSums(by.putObject("account"), byAccount());
    putSums(by.putObject("region"), byRegion());
    putSums(by.putObject("image"), byImage());
    putSums(by.putObject("tier"), byTier());
    ArrayNode array = root.putArray("lines");
    for (CostLine l : lines) {
      array.addObject().put("kind", l.kind()).put("resource", l.resource()).put("account", l.account().toString())
          .put("region", l.region().code()).put("image", l.image()).put("tier", l.tier())
          .put("billableBytes", l.billableBytes()).put("storedBytes", l.storedBytes()).put("monthly", exact(l.monthly()));
    }
    return root.toPrettyString();
  }

  private static void putSums(ObjectNode node, Map<String, BigDecimal> sums) {
    sums.forEach((k, v) -> node.put(k, exact(v)));
  }

  @Override
  public String toCsv() {
    List<List<String>> rows = lines.stream().map(l -> List.of(l.region().code(), l.account().toString(), l.kind(), l.resource(),
        l.image(), l.tier(), Long.toString(l.billableBytes()), Long.toString(l.storedBytes()), exact(l.monthly()))).toList();
    return new Table(table().header(), rows).csv();
  }
}
