package org.amisdk.testing.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LifecycleTimings;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.json.AwsJson;
import org.amisdk.model.AccountId;
import org.amisdk.model.Image;
import org.amisdk.model.Region;
import org.amisdk.storage.block.BlockStore;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link LocalCloudTest}: a fresh local cloud for each test (or
 * each class), parameters injected by type, images seeded from {@link SeedImages}, and the
 * cloud's invariants checked after each test, so that a test that breaks the world fails itself
 * (as a validation listener does). Register it with {@code @LocalCloudTest}, or for settings
 * from code as a field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalCloudExtension CLOUD = LocalCloudExtension.builder()
 *     .account(AccountId.parse("111122223333")).timings(LifecycleTimings.realistic()).build();
 * }</pre>
 *
 * <p>Injected by type: {@link LocalCloud}, {@link Ec2} (the settings' account and region, or
 * those of an {@link Account} annotation on the parameter), {@link ManualClock}, {@link BlockStore},
 * {@link TestCloud} and {@link Fixtures}; with ami-endpoint on the test classpath also the AWS SDK's
 * {@code Ec2Client} and {@code EbsClient}, bound to the same cloud, account and region (found by
 * name, so ami-testing itself never depends on the SDK).
 */
public final class LocalCloudExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  /** The default account of the injected {@code Ec2}. */
  public static final String DEFAULT_ACCOUNT = "123456789012";
  /** The default region. */
  public static final String DEFAULT_REGION = "us-east-1";
  /** What the clock reads when a cloud is made, by default. */
  public static final String DEFAULT_START = "2026-01-01T00:00:00Z";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalCloudExtension.class);
  private static final String KEY = "cloud";

  /** What a test cloud is made of. */
  record Settings(AccountId account, Region region, Instant start, long ids, LifecycleTimings timings,
      boolean perClass, boolean durable) {}

  private final Optional<Settings> configured;

  /** The extension as {@code @LocalCloudTest} registers it: settings from that annotation. */
  public LocalCloudExtension() {
    this.configured = Optional.empty();
  }

  private LocalCloudExtension(Settings settings) {
    this.configured = Optional.of(settings);
  }

  /** A builder of an extension to register with {@code @RegisterExtension}. */
  public static Builder builder() {
    return new Builder();
  }

  private Settings settings(ExtensionContext context) {
    if (configured.isPresent()) {
      return configured.get();
    }
    LocalCloudTest a = context.getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, LocalCloudTest.class))
        .orElseThrow(() -> new IllegalStateException("test class " + context.getRequiredTestClass().getName()
            + " registers the local cloud extension without @LocalCloudTest: use the annotation or LocalCloudExtension.builder()"));
    return new Settings(AccountId.parse(a.account()), Region.of(a.region()), Instant.parse(a.clock()), a.ids(),
        a.realisticTimings() ? LifecycleTimings.realistic() : LifecycleTimings.instant(), a.perClass(), a.durable());
  }

  /** The store whose lifetime is the cloud's: the class's for a per-class cloud, the test's otherwise. */
  private ExtensionContext.Store store(ExtensionContext context) {
    ExtensionContext owner = context;
    if (settings(context).perClass()) {
      while (owner.getTestMethod().isPresent() && owner.getParent().isPresent()) {
        owner = owner.getParent().get();
      }
    }
    return owner.getStore(NAMESPACE);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (settings(context).perClass()) {
      Session session = store(context).getOrComputeIfAbsent(KEY, k -> Session.open(settings(context)), Session.class);
      seed(session.cloud, context.getRequiredTestClass());
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    Settings settings = settings(context);
    Session session = store(context).getOrComputeIfAbsent(KEY, k -> Session.open(settings), Session.class);
    if (!settings.perClass()) {
      seed(session.cloud, context.getRequiredTestClass());
    }
    seed(session.cloud, context.getRequiredTestMethod());
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    TestCloud cloud = cloud(context);
    List<String> breaches = Invariants.breaches(cloud.cloud(), cloud.blockStore());
    if (!breaches.isEmpty()) {
      throw new AssertionError("the local cloud's invariants broke during " + context.getDisplayName() + ":\n  "
          + String.join("\n  ", breaches));
    }
  }

  /** The test cloud of the running test. */
  private TestCloud cloud(ExtensionContext context) {
    return store(context).getOrComputeIfAbsent(KEY, k -> Session.open(settings(context)), Session.class).cloud;
  }

  private static void seed(TestCloud cloud, AnnotatedElement element) throws IOException {
    Optional<SeedImages> seeds = AnnotationSupport.findAnnotation(element, SeedImages.class);
    if (seeds.isEmpty()) {
      return;
    }
    List<Image> images = new ArrayList<>();
    if (seeds.get().catalogue()) {
      images.addAll(PublicImages.all());
    }
    for (String source : seeds.get().value()) {
      images.addAll(AwsJson.readImages(read(source, element)));
    }
    cloud.seed(images);
  }

  private static String read(String source, AnnotatedElement element) throws IOException {
    String classpath = "classpath:";
    if (!source.startsWith(classpath)) {
      return Files.readString(Path.of(source), StandardCharsets.UTF_8);
    }
    String resource = source.substring(classpath.length()).replaceFirst("^/", "");
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("seed images " + source + " of " + element + " are not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalCloud.class || type == Ec2.class || type == ManualClock.class || type == BlockStore.class
        || type == TestCloud.class || type == Fixtures.class || SdkClients.isClient(type);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestCloud cloud = cloud(context);
    Class<?> type = parameter.getParameter().getType();
    Optional<Account> account = parameter.findAnnotation(Account.class);
    AccountId id = account.map(a -> AccountId.parse(a.value())).orElse(cloud.account());
    Region region = account.map(Account::region).filter(r -> !r.isEmpty()).map(Region::of).orElse(cloud.region());
    if (type == LocalCloud.class) {
      return cloud.cloud();
    } else if (type == Ec2.class) {
      return cloud.cloud().client(id, region);
    } else if (type == ManualClock.class) {
      return cloud.clock();
    } else if (type == BlockStore.class) {
      return cloud.blockStore();
    } else if (type == TestCloud.class) {
      return cloud;
    } else if (type == Fixtures.class) {
      return new Fixtures(cloud.cloud().client(id, region), cloud.clock());
    }
    if (!region.equals(cloud.region())) {
      throw new ParameterResolutionException("SDK client " + type.getSimpleName() + " in " + region
          + " is not offered: SDK clients act in the test's region " + cloud.region());
    }
    try {
      return cloud.sdkClient(type, id);
    } catch (IllegalStateException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
  }

  /** A test cloud closed with the extension context that holds it. */
  private static final class Session implements ExtensionContext.Store.CloseableResource {
    final TestCloud cloud;

    private Session(TestCloud cloud) {
      this.cloud = cloud;
    }

    static Session open(Settings settings) {
      try {
        return new Session(new TestCloud(settings));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("test cloud failed to open", e);
      }
    }

    @Override
    public void close() throws IOException {
      cloud.close();
    }
  }

  /** Settings of a registered extension; each has the {@link LocalCloudTest} annotation's default. */
  public static final class Builder {
    private AccountId account = AccountId.parse(DEFAULT_ACCOUNT);
    private Region region = Region.of(DEFAULT_REGION);
    private Instant start = Instant.parse(DEFAULT_START);
    private long ids = 42;
    private LifecycleTimings timings = LifecycleTimings.instant();
    private boolean perClass;
    private boolean durable;

    private Builder() {}

    /** The account the injected {@code Ec2} acts as. */
    public Builder account(AccountId account) {
      this.account = Objects.requireNonNull(account, "account");
      return this;
    }

    /** The region the injected clients act in. */
    public Builder region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** What the clock reads when the cloud is made. */
    public Builder clock(Instant start) {
      this.start = Objects.requireNonNull(start, "start");
      return this;
    }

    /** Seed of the ids the cloud makes. */
    public Builder ids(long seed) {
      this.ids = seed;
      return this;
    }

    /** How long asynchronous work takes on the clock (default: instant). */
    public Builder timings(LifecycleTimings timings) {
      this.timings = Objects.requireNonNull(timings, "timings");
      return this;
    }

    /** One cloud for the whole class; invariants are still checked after each test. */
    public Builder perClass() {
      this.perClass = true;
      return this;
    }

    /** A durable cloud in a temporary directory, deleted afterwards. */
    public Builder durable() {
      this.durable = true;
      return this;
    }

    /** The extension. */
    public LocalCloudExtension build() {
      return new LocalCloudExtension(new Settings(account, region, start, ids, timings, perClass, durable));
    }
  }
}
