package org.amisdk.testing.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.model.AccountId;
import org.amisdk.model.Image;
import org.amisdk.model.Region;
import org.amisdk.storage.block.BlockStore;

/**
 * The local cloud of one test (or one test class), with its clock, its block store and the
 * default account and region; what {@link LocalCloudExtension} makes, injects and closes. A durable
 * one lives in a temporary directory and can be {@link #reopen() reopened} as a restarted
 * program would; clients, block store and fixtures taken before a reopen belong to the closed
 * cloud, so take them again.
 */
public final class TestCloud implements AutoCloseable {
  private final LocalCloudExtension.Settings settings;
  private final ManualClock clock;
  private final SplittableRandom ids;
  private final Optional<Path> directory;
  private final List<AutoCloseable> sdkClients = new ArrayList<>();
  private BlockStore blockStore;
  private LocalCloud cloud;

  TestCloud(LocalCloudExtension.Settings settings) throws IOException {
    this.settings = settings;
    this.clock = new ManualClock(settings.start());
    this.ids = new SplittableRandom(settings.ids());
    this.directory = settings.durable() ? Optional.of(Files.createTempDirectory("amisdk-cloud-")) : Optional.empty();
    open();
  }

  private void open() throws IOException {
    LocalCloud.Builder builder = LocalCloud.builder().clock(clock).ids(ids).timings(settings.timings());
    if (directory.isPresent()) {
      blockStore = BlockStore.directory(directory.get().resolve("blocks"));
      cloud = builder.directory(directory.get()).blockStore(blockStore).open();
    } else {
      blockStore = BlockStore.inMemory();
      cloud = builder.blockStore(blockStore).build();
    }
  }

  /** The cloud. */
  public LocalCloud cloud() {
    return cloud;
  }

  /** The clock the cloud follows; advance it to let time pass. */
  public ManualClock clock() {
    return clock;
  }

  /** Where the cloud keeps volume and snapshot bytes. */
  public BlockStore blockStore() {
    return blockStore;
  }

  /** The default account. */
  public AccountId account() {
    return settings.account();
  }

  /** The default region. */
  public Region region() {
    return settings.region();
  }

  /** A client of the default account in the default region. */
  public Ec2 ec2() {
    return cloud.client(settings.account(), settings.region());
  }

  /** A client of {@code account} in the default region. */
  public Ec2 client(AccountId account) {
    return cloud.client(account, settings.region());
  }

  /** Fixtures acting as the default account. */
  public Fixtures fixtures() {
    return new Fixtures(ec2(), clock);
  }

  /** The directory of a durable cloud; empty for an in-memory one. */
  public Optional<Path> directory() {
    return directory;
  }

  /** Seeds the default region with {@code images}, as {@link LocalCloud#seed} does. */
  public void seed(List<Image> images) {
    cloud.seed(settings.region(), images);
  }

  /**
   * Closes the durable cloud and opens it again from its directory, on the same clock.
   *
   * @throws IllegalStateException when the cloud is in memory
   */
  public void reopen() throws IOException {
    if (directory.isEmpty()) {
      throw new IllegalStateException("test cloud is in memory: only a durable one (durable = true) can be reopened");
    }
    closeClients();
    cloud.close();
    open();
  }

  /**
   * An AWS SDK client ({@code Ec2Client} or {@code EbsClient}) bound to this cloud as {@code account}
   * in the default region, closed with the cloud; needs ami-endpoint on the classpath.
   *
   * @throws IllegalStateException when ami-endpoint is absent
   */
  public <T> T sdkClient(Class<T> type, AccountId account) {
    if (!SdkClients.isClient(type)) {
      throw new IllegalArgumentException("type " + type.getName() + " is not " + SdkClients.EC2_CLIENT + " or " + SdkClients.EBS_CLIENT);
    }
    T client = type.cast(SdkClients.client(type, cloud, account, settings.region()));
    if (client instanceof AutoCloseable closeable) {
      sdkClients.add(closeable);
    }
    return client;
  }

  private void closeClients() {
    for (AutoCloseable client : sdkClients) {
      try {
        client.close();
      } catch (Exception e) {
        throw new IllegalStateException("SDK client " + client + " failed to close", e);
      }
    }
    sdkClients.clear();
  }

  /** Closes the clients and the cloud, and deletes a durable cloud's directory. */
  @Override
  public void close() throws IOException {
    try {
      closeClients();
      cloud.close();
    } finally {
      if (directory.isPresent()) {
        delete(directory.get());
      }
    }
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
