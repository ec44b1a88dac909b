package org.amisdk.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.amisdk.cloud.Inventory;
import org.amisdk.model.AccountId;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.InstanceState;
import org.amisdk.model.LaunchPermission;
import org.amisdk.model.Snapshot;
import org.amisdk.model.StorageTier;
import org.amisdk.pricing.Amounts;
import org.amisdk.pricing.CostReport;
import org.amisdk.pricing.PriceTable;
import org.amisdk.pricing.RegionPrices;
import org.amisdk.pricing.Table;
import org.amisdk.storage.block.BlockStore;
/** Applies the audit rules to one picture of a cloud; the result is immutable. */
final class Auditor implements Audit {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The image a snapshot was made for, as CreateImage and CopyImage describe it. */
  private static final Pattern MADE_FOR = Pattern.compile("(?:for|DestinationAmi) (ami-[0-9a-f]{8,17})");
  /** A trailing version: digits with dots, dashes or underscores, optionally after a v. */
  private static final Pattern VERSION = Pattern.compile("[-_. ]*v?[0-9][0-9._-]*$");
  private static final BigDecimal DAYS_PER_MONTH = BigDecimal.valueOf(30);

  private final Instant at;
  private final String currency;
  private final List<Finding> findings;

  private Auditor(Instant at, String currency, List<Finding> findings) {
    this.at = at;
    this.currency = currency;
    this.findings = List.copyOf(findings);
  }

  static Auditor audit(Inventory inventory, CostReport cost, PriceTable prices, AuditRules rules) {
    List<Finding> out = new ArrayList<>();
    Instant now = inventory.at();
    Map<ImageId, Inventory.ImageFacts> images = new HashMap<>();
    inventory.images().forEach(f -> images.put(f.image().imageId(), f));
    Set<ImageId> running = new HashSet<>();
    for (Inventory.InstanceFacts i : inventory.instances()) {
      if (i.state() != InstanceState.TERMINATED && i.state() != InstanceState.SHUTTING_DOWN) {
        running.add(i.imageId());
      }
    }
    snapshots(inventory, cost, prices, rules, images, out);
    unusedImages(inventory, cost, rules, running, out);
    exposure(inventory, rules, images, out);
    untrusted(inventory, rules, images, out);
    out.sort(Comparator.comparing((Finding f) -> f.kind().ordinal()).thenComparing(f -> f.region().code())
        .thenComparing(Finding::resource));
    return new Auditor(now, cost.currency(), out);
  }

  // ---- waste: snapshots

  private static void snapshots(Inventory inventory, CostReport cost, PriceTable prices, AuditRules rules,
      Map<ImageId, Inventory.ImageFacts> images, List<Finding> out) {
    Set<String> registered = new HashSet<>();
    images.values().forEach(i -> registered.add(i.region().code() + "/" + i.image().imageId()));
    Map<String, Instant> lastVolumeFrom = new HashMap<>();
    for (Inventory.VolumeFacts v : inventory.volumes()) {
      v.volume().snapshotId().ifPresent(s -> lastVolumeFrom.merge(s.toString(), v.volume().createTime(),
          (a, b) -> a.isAfter(b) ? a : b));
    }
    for (Inventory.SnapshotFacts f : inventory.snapshots()) {
      Snapshot s = f.snapshot();
      String id = s.snapshotId().toString();
      if (!f.usedBy().isEmpty()) {
        continue;
      }
      BigDecimal deleteSaving = cost.ifDeleted(List.of(s.snapshotId())).monthlyChange().negate();
      Optional<String> madeFor = s.description().map(MADE_FOR::matcher).filter(Matcher::find).map(m -> m.group(1))
          .filter(ami -> !registered.contains(f.region().code() + "/" + ami));
      if (madeFor.isPresent()) {
        out.add(new Finding(FindingKind.SNAPSHOT_OF_DEREGISTERED_IMAGE, id, s.ownerId(), f.region(),
            "snapshot " + id + " was made for image " + madeFor.get() + ", which is deregistered: deregistering does not delete it",
            deleteSaving, "none"));
      } else if (!lastVolumeFrom.containsKey(id)) {
        out.add(new Finding(FindingKind.UNREFERENCED_SNAPSHOT, id, s.ownerId(), f.region(),
            "snapshot " + id + " is used by no image and no volume", deleteSaving, "low"));
      }
      Instant touched = lastVolumeFrom.getOrDefault(id, s.startTime());
      touched = touched.isAfter(s.startTime()) ? touched : s.startTime();
      long idle = Duration.between(touched, inventory.at()).toDays();
      if (s.storageTier().orElse(StorageTier.STANDARD) == StorageTier.STANDARD && idle >= rules.archiveAfterDays()) {
        RegionPrices p = prices.in(f.region());
        BigDecimal saving = cost.ifArchived(List.of(s.snapshotId())).monthlyChange().negate();
        BigDecimal overMinimum = saving.multiply(BigDecimal.valueOf(p.archiveMinimumDays()))
            .divide(DAYS_PER_MONTH, MathContext.DECIMAL64);
        BigDecimal retrieval = BigDecimal.valueOf((long) f.blocks().size() * BlockStore.BLOCK_SIZE)
            .divide(BigDecimal.valueOf(1L << 30)).multiply(p.archiveRetrievalGb().amount());
        if (overMinimum.compareTo(retrieval) > 0) {
          out.add(new Finding(FindingKind.ARCHIVE_CANDIDATE, id, s.ownerId(), f.region(),
              "snapshot " + id + " is untouched for " + idle + " days: archiving saves " + Amounts.text(overMinimum)
                  + " over the " + p.archiveMinimumDays() + "-day minimum, more than one restore (" + Amounts.text(retrieval) + ")",
              saving, "low"));
        }
      }
    }
  }

  // ---- waste: images

  private static void unusedImages(Inventory inventory, CostReport cost, AuditRules rules, Set<ImageId> running, List<Finding> out) {
    Map<List<Object>, Inventory.ImageFacts> newest = new HashMap<>();
    for (Inventory.ImageFacts f : inventory.images()) {
      family(f).ifPresent(key -> newest.merge(key, f, (a, b) -> created(b).isAfter(created(a)) ? b : a));
    }
    for (Inventory.ImageFacts f : inventory.images()) {
      Image image = f.image();
      String id = image.imageId().toString();
      BigDecimal saving = cost.image(image.imageId()).monthlySaving();
      Instant last = image.lastLaunchedTime().orElse(created(f));
      long idle = Duration.between(last, inventory.at()).toDays();
      if (idle >= rules.unusedDays() && !running.contains(image.imageId())) {
        out.add(new Finding(FindingKind.UNUSED_IMAGE, id, image.ownerId(), f.region(),
            "image " + id + (image.lastLaunchedTime().isPresent() ? " was last launched " : " was never launched and made ")
                + idle + " days ago", saving, "none"));
      }
      Optional<Inventory.ImageFacts> current = family(f).map(newest::get).filter(n -> n != f);
      if (current.isPresent()) {
        out.add(new Finding(FindingKind.SUPERSEDED_IMAGE, id, image.ownerId(), f.region(),
            "image " + id + " (" + image.name().orElse("") + ") is superseded by " + current.get().image().imageId()
                + " (" + current.get().image().name().orElse("") + ")", saving, "low"));
      }
      Optional<Instant> deprecated = image.deprecationTime().filter(t -> !t.isAfter(inventory.at()));
      if (deprecated.isPresent() && (running.contains(image.imageId())
          || image.lastLaunchedTime().map(t -> t.isAfter(deprecated.get())).orElse(false))) {
        out.add(new Finding(FindingKind.DEPRECATED_IMAGE_IN_USE, id, image.ownerId(), f.region(),
            "image " + id + " is deprecated since " + deprecated.get() + " but still launched", BigDecimal.ZERO, "medium"));
      }
    }
  }

  private static Instant created(Inventory.ImageFacts f) {
    return f.image().creationDate().orElse(Instant.EPOCH);
  }

  /** The region, owner and name without its trailing version, when the name has one. */
  private static Optional<List<Object>> family(Inventory.ImageFacts f) {
    String name = f.image().name().orElse("");
    String family = VERSION.matcher(name).replaceFirst("");
    return family.isEmpty() || family.equals(name) ? Optional.empty()
        : Optional.of(List.of(f.region(), f.image().ownerId(), family));
  }

  // ---- exposure

  private static void exposure(Inventory inventory, AuditRules rules, Map<ImageId, Inventory.ImageFacts> images, List<Finding> out) {
    for (Inventory.ImageFacts f : inventory.images()) {
      Image image = f.image();
      String id = image.imageId().toString();
      if (image.isPublic() || f.launchPermissions().contains(LaunchPermission.EVERYONE)) {
        out.add(new Finding(FindingKind.PUBLIC_IMAGE, id, image.ownerId(), f.region(),
            "image " + id + " is public: any account may launch it and read its snapshots' data", BigDecimal.ZERO, "high"));
      }
      String outside = f.launchPermissions().stream().map(p -> outside(p, image.ownerId(), rules)).flatMap(Optional::stream)
          .sorted().collect(Collectors.joining(", "));
      if (!outside.isEmpty()) {
        out.add(new Finding(FindingKind.IMAGE_SHARED_OUTSIDE, id, image.ownerId(), f.region(),
            "image " + id + " is shared outside the allow-list: " + outside, BigDecimal.ZERO, "medium"));
      }
    }
    for (Inventory.SnapshotFacts f : inventory.snapshots()) {
      Snapshot s = f.snapshot();
      String id = s.snapshotId().toString();
      if (f.createVolumePermissions().contains(LaunchPermission.EVERYONE)) {
        out.add(new Finding(FindingKind.PUBLIC_SNAPSHOT, id, s.ownerId(), f.region(),
            "snapshot " + id + " is public: any account may create a volume and read its data", BigDecimal.ZERO, "high"));
      }
      boolean defaultKey = s.kmsKeyId().map(k -> k.endsWith("alias/aws/ebs")).orElse(true);
      if (s.encrypted().orElse(false) && defaultKey) {
        Optional<String> sharedBy = f.usedBy().stream().map(images::get).filter(i -> i != null && sharedBeyondOwner(i))
            .map(i -> i.image().imageId().toString()).sorted().findFirst();
        boolean granted = f.createVolumePermissions().stream().anyMatch(p -> !p.equals(new LaunchPermission.Account(s.ownerId())));
        if (sharedBy.isPresent() || granted) {
          out.add(new Finding(FindingKind.UNSHAREABLE_ENCRYPTED_SNAPSHOT, id, s.ownerId(), f.region(),
              "snapshot " + id + " is encrypted with the default AWS managed key, which cannot be shared: "
                  + sharedBy.map(i -> "the accounts image " + i + " is shared with cannot launch it").orElse("its volume permissions do not work"),
              BigDecimal.ZERO, "medium"));
        }
      }
    }
  }

  /** Who a permission shares with when the rules do not allow it: an account id or an organization or OU ARN. */
  private static Optional<String> outside(LaunchPermission permission, AccountId owner, AuditRules rules) {
    String who;
    boolean allowed;
    if (permission instanceof LaunchPermission.Account a) {
      who = a.accountId().toString();
      allowed = a.accountId().equals(owner) || rules.allowedAccounts().contains(a.accountId());
    } else if (permission instanceof LaunchPermission.Organization o) {
      who = o.arn();
      allowed = rules.allowedOrganizations().contains(who);
    } else if (permission instanceof LaunchPermission.OrganizationalUnit u) {
      who = u.arn();
      allowed = rules.allowedOrganizations().contains(who);
    } else {
      return Optional.empty(); // everyone: a public-image finding of its own
    }
    return allowed ? Optional.empty() : Optional.of(who);
  }

  private static boolean sharedBeyondOwner(Inventory.ImageFacts f) {
    return f.image().isPublic() || f.launchPermissions().stream()
        .anyMatch(p -> !p.equals(new LaunchPermission.Account(f.image().ownerId())));
  }

  // ---- untrusted sources

  private static void untrusted(Inventory inventory, AuditRules rules, Map<ImageId, Inventory.ImageFacts> images, List<Finding> out) {
    for (Inventory.InstanceFacts i : inventory.instances()) {
      Inventory.ImageFacts source = images.get(i.imageId());
      if (source != null && unverified(source.image().ownerId(), i.owner(), rules)) {
        out.add(new Finding(FindingKind.LAUNCHED_FROM_UNVERIFIED, i.instanceId().toString(), i.owner(), i.region(),
            "instance " + i.instanceId() + " runs community image " + i.imageId() + " of account " + source.image().ownerId()
                + ", which is not a verified owner", BigDecimal.ZERO, "high"));
      }
    }
    for (Inventory.ImageFacts f : inventory.images()) {
      Image image = f.image();
      String id = image.imageId().toString();
      Optional<Inventory.ImageFacts> source = image.sourceImageId().map(images::get);
      if (source.isPresent() && unverified(source.get().image().ownerId(), image.ownerId(), rules)) {
        out.add(new Finding(FindingKind.COPIED_FROM_UNVERIFIED, id, image.ownerId(), f.region(),
            "image " + id + " was copied from community image " + source.get().image().imageId() + " of account "
                + source.get().image().ownerId() + ", which is not a verified owner", BigDecimal.ZERO, "high"));
      }
      long age = Duration.between(created(f), inventory.at()).toDays();
      if (image.creationDate().isPresent() && age > rules.maxImageAgeDays()) {
        out.add(new Finding(FindingKind.OLD_IMAGE, id, image.ownerId(), f.region(),
            "image " + id + " was made " + age + " days ago, over " + rules.maxImageAgeDays() + ": its software misses later patches",
            BigDecimal.ZERO, "medium"));
      }
    }
  }

  private static boolean unverified(AccountId owner, AccountId user, AuditRules rules) {
    return !owner.equals(user) && !rules.verifiedOwners().contains(owner);
  }

  // ---- the report

  @Override
  public Instant at() {
    return at;
  }

  @Override
  public String currency() {
    return currency;
  }

  @Override
  public List<Finding> findings() {
    return findings;
  }

  @Override
  public List<Finding> findings(FindingKind kind) {
    return findings.stream().filter(f -> f.kind() == kind).toList();
  }

  @Override
  public BigDecimal monthlySaving() {
    Map<String, BigDecimal> best = new HashMap<>();
    findings.forEach(f -> best.merge(f.region().code() + "/" + f.resource(), f.monthlySaving(), BigDecimal::max));
    return best.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Override
  public Table table() {
    return table(Amounts::text);
  }

  private Table table(java.util.function.Function<BigDecimal, String> amount) {
    List<List<String>> rows = findings.stream().map(f -> List.of(f.kind().wireValue(), f.region().code(), f.account().toString(),
        f.resource(), amount.apply(f.monthlySaving()), f.risk(), f.why())).toList();
    return new Table(List.of("finding", "region", "account", "resource", "monthly_saving_" + currency, "risk", "why"), rows);
  }

  @Override
  public String toTable() {
    return table().text() + findings.size() + " findings; acting on all saves " + Amounts.text(monthlySaving()) + " "
        + currency + " per month\n";
  }

  @Override
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("at", at.toString());
    root.put("currency", currency);
    root.put("monthlySaving", Amounts.exact(monthlySaving()));
    ArrayNode array = root.putArray("findings");
    for (Finding f : findings) {
      array.addObject().put("kind", f.kind().wireValue()).put("region", f.region().code()).put("account", f.account().toString())
          .put("resource", f.resource()).put("monthlySaving", Amounts.exact(f.monthlySaving())).put("risk", f.risk())
          .put("why", f.why());
    }
    return root.toPrettyString();
  }

  @Override
  public String toCsv() {
    return table(Amounts::exact).csv();
  }
}
