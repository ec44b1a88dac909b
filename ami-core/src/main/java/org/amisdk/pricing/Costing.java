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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.amisdk.cloud.Inventory;
import org.amisdk.model.AccountId;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceState;
import org.amisdk.model.ProductCode;
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
      Optional<Instant> archivedSince, Set<ImageId> usedBy, boolean inRecycleBin) {}

  /** An instance-store image's bundle in the object store. */
  record Bundle(ImageId image, AccountId owner, Region region, long bytes) {}

  private final Inventory inventory;
  private final PriceTable prices;
  private final List<Held> held;
  private final List<Bundle> bundles;
  private final List<CostLine> lines;
  private final BigDecimal total;
  /** Per chain (region, owner): how many standard-tier snapshots hold each block. A chain is charged once per block. */
  private final Map<List<Object>, Map<BlockAddress, Integer>> holders = new HashMap<>();
  private final Map<String, Held> byId = new HashMap<>();
  private final Map<ImageId, List<Held>> byImage = new HashMap<>();
  private final Map<ImageId, List<Bundle>> bundlesByImage = new HashMap<>();
  private final Map<ImageId, Inventory.ImageFacts> images = new HashMap<>();

  private Costing(Inventory inventory, PriceTable prices, List<Held> held, List<Bundle> bundles) {
    this.inventory = inventory;
    this.prices = prices;
    this.held = List.copyOf(held);
    this.bundles = List.copyOf(bundles);
    this.lines = charge(inventory, prices, this.held, this.bundles);
    this.total = sum(lines);
    inventory.images().forEach(f -> images.put(f.image().imageId(), f));
    this.bundles.forEach(b -> bundlesByImage.computeIfAbsent(b.image(), k -> new ArrayList<>()).add(b));
    for (Held h : this.held) {
      byId.put(h.id(), h);
      h.usedBy().forEach(i -> byImage.computeIfAbsent(i, k -> new ArrayList<>()).add(h));
      if (!h.archived()) {
        Map<BlockAddress, Integer> counts = holders.computeIfAbsent(chain(h.region(), h.owner()), k -> new HashMap<>());
        h.blocks().forEach(b -> counts.merge(b, 1, Integer::sum));
      }
    }
  }

  private static List<Object> chain(Region region, AccountId owner) {
    return List.of(region, owner);
  }

  static Costing of(Inventory inventory, PriceTable prices) {
    List<Held> held = new ArrayList<>();
    inventory.snapshots().forEach(f -> held.add(held(f, false)));
    inventory.recycleBin().forEach(f -> held.add(held(f, true)));
    List<Bundle> bundles = new ArrayList<>();
    for (Inventory.ImageFacts f : inventory.images()) {
      if (f.bundleBytes() > 0) {
        bundles.add(new Bundle(f.image().imageId(), f.image().ownerId(), f.region(), f.bundleBytes()));
      }
    }
    return new Costing(inventory, prices, held, bundles);
  }

  private static Held held(Inventory.SnapshotFacts f, boolean inRecycleBin) {
    boolean archived = f.snapshot().storageTier().orElse(StorageTier.STANDARD) == StorageTier.ARCHIVE;
    return new Held(f.snapshot().snapshotId().toString(), f.snapshot().ownerId(), f.region(), f.blocks(), archived,
        f.snapshot().startTime(), archived ? f.archivedSince() : Optional.empty(), f.usedBy(), inRecycleBin);
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
      lines.add(new CostLine(h.inRecycleBin() ? "recycle-bin" : "snapshot", h.id(), h.owner(), h.region(), imageKey(h.usedBy()),
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
    marketplace(inventory, prices, lines);
    lines.sort(Comparator.comparing((CostLine l) -> l.region().code()).thenComparing(l -> l.account().toString())
        .thenComparing(CostLine::kind).thenComparing(CostLine::resource));
    return List.copyOf(lines);
  }

  /** Product fees of running instances whose image carries a product code the table prices, for a whole month. */
  private static void marketplace(Inventory inventory, PriceTable prices, List<CostLine> lines) {
    Map<ImageId, Inventory.ImageFacts> images = new HashMap<>();
    inventory.images().forEach(f -> images.put(f.image().imageId(), f));
    for (Inventory.InstanceFacts i : inventory.instances()) {
      Inventory.ImageFacts image = images.get(i.imageId());
      if (image == null || (i.state() != InstanceState.RUNNING && i.state() != InstanceState.PENDING)) {
        continue;
      }
      for (ProductCode code : image.image().productCodes()) {
        Rate hourly = prices.in(i.region()).marketplaceHourly().get(code.productCodeId());
        if (hourly != null) {
          lines.add(new CostLine("marketplace", i.instanceId() + "/" + code.productCodeId(), i.owner(), i.region(),
              i.imageId().toString(), "marketplace", 0, 0, hourly.amount().multiply(HOURS_PER_MONTH)));
        }
      }
    }
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
    imageFacts(image);
    Removal removal = removal(byImage.getOrDefault(image, List.of()), bundlesByImage.getOrDefault(image, List.of()));
    return new ImageCost(image, removal.saving(), removal.sharedMonthly(), removal.freedBytes(), removal.sharedBytes());
  }

  private Inventory.ImageFacts imageFacts(ImageId image) {
    Inventory.ImageFacts facts = images.get(image);
    if (facts == null) {
      throw new IllegalArgumentException("image " + image + " is not in the cost report");
    }
    return facts;
  }

  private Held held(SnapshotId id) {
    Held h = byId.get(id.toString());
    if (h == null) {
      throw new IllegalArgumentException("snapshot " + id + " is not in the cost report");
    }
    return h;
  }

  @Override
  public WhatIf ifArchived(Collection<SnapshotId> snapshots) {
    Set<Held> archived = new HashSet<>();
    BigDecimal archiveMonthly = BigDecimal.ZERO;
    BigDecimal minimum = BigDecimal.ZERO;
    BigDecimal retrieval = BigDecimal.ZERO;
    int days = 0;
    for (SnapshotId id : snapshots) {
      Held h = held(id);
      if (h.archived()) {
        throw new IllegalArgumentException("snapshot " + id + " is already archived");
      }
      if (!archived.add(h)) {
        continue;
      }
      if (!h.usedBy().isEmpty()) {
        throw new IllegalArgumentException("snapshot " + id + " is used by image " + imageKey(h.usedBy()) + ": EC2 does not archive it");
      }
      RegionPrices p = prices.in(h.region());
      BigDecimal full = gib((long) h.blocks().size() * BlockStore.BLOCK_SIZE);
      days = Math.max(days, p.archiveMinimumDays());
      minimum = minimum.add(full.multiply(p.snapshotArchiveGbMonth().amount()).multiply(months(Duration.ofDays(p.archiveMinimumDays()))));
      retrieval = retrieval.add(full.multiply(p.archiveRetrievalGb().amount()));
      archiveMonthly = archiveMonthly.add(full.multiply(p.snapshotArchiveGbMonth().amount()));
    }
    BigDecimal change = archiveMonthly.subtract(removal(archived, List.of()).saving());
    return new WhatIf("archive " + sorted(archived.stream().map(Held::id).toList()), change, BigDecimal.ZERO, List.of(
        "archived snapshots are billed on their full size for at least " + days + " days: at least "
            + money(minimum) + " " + currency() + " in all",
        "restoring them costs " + money(retrieval) + " " + currency() + " once (retrieval)",
        "archived snapshots cannot be shared, copied or used by an image until restored"));
  }

  @Override
  public WhatIf ifDeleted(Collection<SnapshotId> snapshots) {
    Set<Held> deleted = new java.util.LinkedHashSet<>();
    for (SnapshotId id : snapshots) {
      Held h = held(id);
      if (!h.usedBy().isEmpty()) {
        throw new IllegalArgumentException("snapshot " + id + " is used by image " + imageKey(h.usedBy()) + ": EC2 does not delete it");
      }
      deleted.add(h);
    }
    return deleting("delete " + sorted(deleted.stream().map(Held::id).toList()), deleted, List.of());
  }

  @Override
  public WhatIf ifDeregistered(Collection<ImageId> images) {
    Set<ImageId> gone = new HashSet<>();
    for (ImageId image : images) {
      gone.add(imageFacts(image).image().imageId());
    }
    Set<Held> deleted = new java.util.LinkedHashSet<>();
    List<Bundle> deletedBundles = new ArrayList<>();
    for (ImageId image : gone) {
      byImage.getOrDefault(image, List.of()).stream().filter(h -> gone.containsAll(h.usedBy())).forEach(deleted::add);
      deletedBundles.addAll(bundlesByImage.getOrDefault(image, List.of()));
    }
    return deleting("deregister " + sorted(gone.stream().map(ImageId::toString).toList()) + " and delete their snapshots",
        deleted, deletedBundles);
  }

  private WhatIf deleting(String question, Collection<Held> deleted, Collection<Bundle> deletedBundles) {
    BigDecimal early = BigDecimal.ZERO;
    List<String> terms = new ArrayList<>();
    for (Held h : deleted) {
      if (h.archived() && h.archivedSince().isPresent()) {
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
    return new WhatIf(question, removal(deleted, deletedBundles).saving().negate(), early, terms);
  }

  @Override
  public WhatIf ifCopied(ImageId image, Region target) {
    Inventory.ImageFacts facts = imageFacts(image);
    if (facts.region().equals(target)) {
      throw new IllegalArgumentException("image " + image + " is already in region " + target + ": a copy prices another region");
    }
    RegionPrices source = prices.in(facts.region());
    AccountId owner = facts.image().ownerId();
    RegionPrices there = prices.in(target);
    Set<BlockAddress> moved = new HashSet<>();
    byImage.getOrDefault(image, List.of()).forEach(h -> moved.addAll(h.blocks()));
    Map<BlockAddress, Integer> present = holders.getOrDefault(chain(target, owner), Map.of());
    long added = moved.stream().filter(b -> !present.containsKey(b)).count() * BlockStore.BLOCK_SIZE;
    long bytes = (long) moved.size() * BlockStore.BLOCK_SIZE;
    BigDecimal monthly = gib(added).multiply(there.snapshotStandardGbMonth().amount());
    for (Bundle b : bundlesByImage.getOrDefault(image, List.of())) {
      monthly = monthly.add(gib(b.bytes()).multiply(there.bundleS3GbMonth().amount()));
      bytes += b.bytes();
    }
    BigDecimal transfer = gib(bytes).multiply(source.crossRegionTransferGb().amount());
    return new WhatIf("copy " + image + " to " + target, monthly, transfer, List.of(
        gib(bytes).stripTrailingZeros().toPlainString() + " GB move from " + facts.region() + " to " + target + " at "
            + source.crossRegionTransferGb().amount().toPlainString() + " " + currency() + " per GB"));
  }

  /** What removing some snapshots and bundles saves each month, and of their standard blocks how many are freed or stay shared. */
  private record Removal(BigDecimal saving, long freedBytes, long sharedBytes, BigDecimal sharedMonthly) {}

  /**
   * Removing these snapshots and bundles: an archived snapshot saves its own charge; in each chain
   * the blocks no other standard snapshot of that chain holds are freed, the others stay charged
   * (a chain is charged once per distinct block, so which holder a line names does not matter).
   */
  private Removal removal(Collection<Held> removed, Collection<Bundle> removedBundles) {
    BigDecimal saving = BigDecimal.ZERO;
    BigDecimal sharedMonthly = BigDecimal.ZERO;
    long freedBytes = 0;
    long sharedBytes = 0;
    Map<List<Object>, Map<BlockAddress, Integer>> leaving = new HashMap<>();
    for (Held h : removed) {
      if (h.archived()) {
        saving = saving.add(gib((long) h.blocks().size() * BlockStore.BLOCK_SIZE)
            .multiply(prices.in(h.region()).snapshotArchiveGbMonth().amount()));
      } else {
        Map<BlockAddress, Integer> counts = leaving.computeIfAbsent(chain(h.region(), h.owner()), k -> new HashMap<>());
        h.blocks().forEach(b -> counts.merge(b, 1, Integer::sum));
      }
    }
    for (Map.Entry<List<Object>, Map<BlockAddress, Integer>> e : leaving.entrySet()) {
      Map<BlockAddress, Integer> all = holders.get(e.getKey());
      long freed = e.getValue().entrySet().stream().filter(b -> all.get(b.getKey()).equals(b.getValue())).count()
          * BlockStore.BLOCK_SIZE;
      long shared = (long) e.getValue().size() * BlockStore.BLOCK_SIZE - freed;
      BigDecimal rate = prices.in((Region) e.getKey().get(0)).snapshotStandardGbMonth().amount();
      saving = saving.add(gib(freed).multiply(rate));
      sharedMonthly = sharedMonthly.add(gib(shared).multiply(rate));
      freedBytes += freed;
      sharedBytes += shared;
    }
    for (Bundle b : removedBundles) {
      saving = saving.add(gib(b.bytes()).multiply(prices.in(b.region()).bundleS3GbMonth().amount()));
    }
    return new Removal(saving, freedBytes, sharedBytes, sharedMonthly);
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
