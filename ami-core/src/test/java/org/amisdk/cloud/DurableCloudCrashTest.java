package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.amisdk.model.InstanceState;
import org.amisdk.model.Instance;
import org.amisdk.model.Image;
import org.amisdk.model.Region;
import org.amisdk.model.Snapshot;
import org.amisdk.model.Tag;
import org.amisdk.storage.io.DurableFiles;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link CloudCrashChild}) running a random two-region workload on a durable
 * cloud, at random moments (while it opens, commits, writes checkpoints), many times over two
 * stores at once. After each kill the cloud must open, and every change the child reported
 * committed must be there: each image (its name and tag), snapshot, instance state and block
 * public access setting is what the reports say, and only a call in flight at the kill may have
 * gone either way. A summary line gives the counts.
 */
class DurableCloudCrashTest {
  /** Kills per run, over both stores: -Damisdk.crash.kills=N for a longer hunt. */
  private static final int KILLS = Integer.getInteger("amisdk.crash.kills", 100);
  private static final int LANES = 2;
  // counters: kills, kills before ready, checkpoints cut short, torn tails, committed changes checked, in-doubt calls
  private static final int KILLED = 0;
  private static final int BEFORE_READY = 1;
  private static final int CHECKPOINT_CUT = 2;
  private static final int TORN_TAIL = 3;
  private static final int CHECKED = 4;
  private static final int IN_DOUBT = 5;

  @TempDir
  Path temp;

  @Test
  void killedAtRandomMoments_theCloudOpens_andKeepsEveryReportedCommit() throws Exception {
    AtomicIntegerArray counts = new AtomicIntegerArray(6);
    long start = System.nanoTime();
    Property.check("a killed durable cloud loses no committed change", 1, random -> {
      List<Thread> lanes = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int lane = 0; lane < LANES; lane++) {
        SplittableRandom laneRandom = random.split();
        Path dir = temp.resolve("cloud-" + lane);
        int kills = KILLS / LANES + (lane < KILLS % LANES ? 1 : 0);
        Thread thread = new Thread(() -> {
          try {
            runLane(dir, laneRandom, kills, counts);
          } catch (Throwable e) {
            failures.add(e);
          }
        }, "crash-lane-" + lane);
        lanes.add(thread);
        thread.start();
      }
      for (Thread lane : lanes) {
        lane.join();
      }
      if (!failures.isEmpty()) {
        AssertionError error = new AssertionError(failures.get(0).getMessage(), failures.get(0));
        failures.stream().skip(1).forEach(error::addSuppressed);
        throw error;
      }
    });
    System.out.printf("durable cloud crash test: %d kills (%d while opening, %d cutting a checkpoint short, %d leaving a torn "
            + "journal record) over %d stores in %.0f s; %d reopenings, all clean; %d committed values checked after the kills, "
            + "0 lost; %d values touched by a call in flight at a kill, each found before or after that call%n",
        counts.get(KILLED), counts.get(BEFORE_READY), counts.get(CHECKPOINT_CUT), counts.get(TORN_TAIL), LANES,
        (System.nanoTime() - start) / 1e9, counts.get(KILLED), counts.get(CHECKED), counts.get(IN_DOUBT));
    assertEquals(KILLS, counts.get(KILLED));
    assertTrue(counts.get(CHECKED) > 10 * KILLS, "the children committed too little: " + counts.get(CHECKED) + " checks");
  }

  private static void runLane(Path dir, SplittableRandom random, int kills, AtomicIntegerArray counts) throws Exception {
    Expectations expected = new Expectations();
    for (int round = 0; round < kills; round++) {
      Path report = dir.resolveSibling(dir.getFileName() + "-report-" + round + ".txt");
      boolean beforeReady = random.nextInt(8) == 0;
      Process child = start(dir, random.nextLong(), report);
      try {
        if (beforeReady) {
          Thread.sleep(random.nextInt(600));
        } else {
          awaitLines(child, report, 1 + random.nextInt(80)); // a random point in the workload, however busy the machine
          Thread.sleep(random.nextInt(30));
        }
      } finally {
        child.destroyForcibly();
        child.waitFor(60, TimeUnit.SECONDS);
      }
      List<String> lines = lines(report);
      counts.incrementAndGet(KILLED);
      if (!lines.contains("ready")) {
        counts.incrementAndGet(BEFORE_READY);
      }
      if (hasLeftovers(dir.resolve("catalog"))) {
        counts.incrementAndGet(CHECKPOINT_CUT);
      }
      if (hasTornTail(dir.resolve("catalog"))) {
        counts.incrementAndGet(TORN_TAIL);
      }
      lines.forEach(expected::read);
      try (LocalCloud cloud = LocalCloud.builder().directory(dir).timings(LifecycleTimings.instant())
          .checkpointBytes(CloudCrashChild.CHECKPOINT_BYTES).open()) {
        Map<String, String> observed = observe(cloud);
        String context = "round " + round + " of " + dir + " (report " + report + ")";
        counts.addAndGet(CHECKED, expected.check(observed, context));
        counts.addAndGet(IN_DOUBT, expected.inDoubt());
        expected.settle(observed);
      }
    }
  }

  private static Process start(Path dir, long seed, Path report) throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m",
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        CloudCrashChild.class.getName(), dir.toString(), Long.toString(seed), report.toString());
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.appendTo(report.resolveSibling(report.getFileName() + ".err").toFile())).start();
  }

  /** Waits until the child reported {@code count} lines after {@code ready}. */
  private static void awaitLines(Process child, Path report, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (lines(report).size() <= count) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("the child did not start: " + Files.readString(report.resolveSibling(report.getFileName() + ".err")));
      }
      Thread.sleep(10);
    }
  }

  /** The complete lines of the report (a line is written whole, but the file may not exist yet). */
  private static List<String> lines(Path report) throws IOException {
    if (!Files.exists(report)) {
      return List.of();
    }
    String text = new String(Files.readAllBytes(report), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    lines.remove(lines.size() - 1); // what follows the last newline: empty, as each line is one write
    return lines;
  }

  private static boolean hasLeftovers(Path catalog) throws IOException {
    if (!Files.exists(catalog)) {
      return false;
    }
    try (Stream<Path> walk = Files.walk(catalog)) {
      return walk.anyMatch(f -> f.getFileName().toString().endsWith(DurableFiles.TEMP_SUFFIX));
    }
  }

  private static boolean hasTornTail(Path catalog) throws IOException {
    for (Region region : CloudCrashChild.REGIONS) {
      Path dir = catalog.resolve(region.code());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> segments;
      try (Stream<Path> files = Files.list(dir)) {
        segments = files.filter(f -> f.getFileName().toString().startsWith("journal-")).sorted().toList();
      }
      if (!segments.isEmpty()) {
        byte[] bytes = Files.readAllBytes(segments.get(segments.size() - 1));
        if (JournalFormat.scan(bytes, JournalFormat.FILE_HEADER, "tail", true).tail().isPresent()) {
          return true;
        }
      }
    }
    return false;
  }

  /** What a reopened cloud holds, in the keys of {@link Expectations}. */
  private static Map<String, String> observe(LocalCloud cloud) {
    Map<String, String> observed = new HashMap<>();
    for (Region region : CloudCrashChild.REGIONS) {
      String r = region.code();
      Ec2 client = cloud.client(World.ALICE, region);
      for (Image image : client.describeImages(DescribeImagesRequest.builder().addOwners("self").includeDisabled(true).build())
          .images()) {
        observed.put("image " + r + " " + image.imageId(), "present " + image.name().orElse(""));
        image.tags().stream().filter(t -> t.key().equals("k")).map(Tag::value).findFirst()
            .ifPresent(v -> observed.put("tag " + r + " " + image.imageId(), v));
      }
      for (Snapshot snapshot : client.describeSnapshots(DescribeSnapshotsRequest.builder().build()).snapshots()) {
        if (snapshot.description().orElse("").equals("crash")) {
          observed.put("snapshot " + r + " " + snapshot.snapshotId(), "present");
        }
      }
      for (Instance instance : client.describeInstances(List.of())) {
        boolean ended = instance.state() == InstanceState.TERMINATED || instance.state() == InstanceState.SHUTTING_DOWN;
        observed.put("instance " + r + " " + instance.instanceId(), ended ? "terminated" : "running");
      }
      observed.put("bpa " + r, client.getImageBlockPublicAccessState().equals("block-new-sharing") ? "on" : "off");
    }
    return observed;
  }

  /**
   * What each resource may be after a reopening, from the reports: one allowed value when the
   * last call on it was reported done, two while a call on it was in flight at the kill. A key
   * absent from the cloud reads as {@code absent}.
   */
  private static final class Expectations {
    private final Map<String, Set<String>> allowed = new HashMap<>();
    /** Per region, names being registered, and counts of snapshots and launches begun, not yet reported done. */
    private final Set<String> registering = new HashSet<>();
    private final Map<String, Integer> begun = new HashMap<>();
    private int inDoubt;

    Expectations() {
      for (Region region : CloudCrashChild.REGIONS) {
        allowed.put("bpa " + region.code(), new HashSet<>(Set.of("on"))); // a new account's, as in EC2
      }
    }

    void read(String line) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "registering" -> registering.add(f[1] + " " + f[2]);
        case "register" -> {
          registering.remove(f[1] + " " + f[3]);
          exactly("image " + f[1] + " " + f[2], "present " + f[3]);
          exactly("tag " + f[1] + " " + f[2], "0");
        }
        case "copied" -> {
          registering.remove(f[1] + " " + f[3]);
          exactly("image " + f[1] + " " + f[2], "present " + f[3]);
          exactly("tag " + f[1] + " " + f[2], "absent");
        }
        case "deregistering" -> {
          also("image " + f[1] + " " + f[2], "absent");
          also("tag " + f[1] + " " + f[2], "absent");
        }
        case "deregistered" -> {
          exactly("image " + f[1] + " " + f[2], "absent");
          exactly("tag " + f[1] + " " + f[2], "absent");
        }
        case "tagging" -> also("tag " + f[1] + " " + f[2], f[3]);
        case "tagged" -> exactly("tag " + f[1] + " " + f[2], f[3]);
        case "bpa-begin" -> also("bpa " + f[1], f[2]);
        case "bpa" -> exactly("bpa " + f[1], f[2]);
        case "snapshotting", "launching" -> begun.merge(f[0] + " " + f[1], 1, Integer::sum);
        case "snapshot" -> {
          begun.merge("snapshotting " + f[1], -1, Integer::sum);
          exactly("snapshot " + f[1] + " " + f[2], "present");
        }
        case "deleting-snapshot" -> also("snapshot " + f[1] + " " + f[2], "absent");
        case "deleted-snapshot" -> exactly("snapshot " + f[1] + " " + f[2], "absent");
        case "kept-snapshot" -> exactly("snapshot " + f[1] + " " + f[2], "present");
        case "instance" -> {
          begun.merge("launching " + f[1], -1, Integer::sum);
          exactly("instance " + f[1] + " " + f[2], "running");
        }
        case "terminating" -> also("instance " + f[1] + " " + f[2], "terminated");
        case "terminated" -> exactly("instance " + f[1] + " " + f[2], "terminated");
        case "ready" -> { }
        default -> throw new AssertionError("the child reported an unknown line: " + line);
      }
    }

    private void exactly(String key, String value) {
      allowed.put(key, new HashSet<>(Set.of(value)));
    }

    private void also(String key, String value) {
      allowed.computeIfAbsent(key, k -> new HashSet<>()).add(value);
    }

    /** Checks the reopened cloud; returns how many committed values it confirmed. */
    int check(Map<String, String> observed, String context) {
      int confirmed = 0;
      inDoubt = 0;
      for (Map.Entry<String, Set<String>> entry : allowed.entrySet()) {
        String value = observed.getOrDefault(entry.getKey(), "absent");
        if (!entry.getValue().contains(value)) {
          throw new AssertionError(context + ": " + entry.getKey() + " is " + value + ", but the reports allow only "
              + entry.getValue() + " (a committed change was lost)");
        }
        if (entry.getValue().size() == 1) {
          confirmed++;
        } else {
          inDoubt++;
        }
      }
      for (Map.Entry<String, String> entry : observed.entrySet()) {
        if (allowed.containsKey(entry.getKey())) {
          continue;
        }
        String[] key = entry.getKey().split(" ");
        boolean inFlight = switch (key[0]) {
          case "image" -> registering(key[1], entry.getValue());
          case "tag" -> !allowed.containsKey("image " + key[1] + " " + key[2])
              && registering(key[1], observed.get("image " + key[1] + " " + key[2]));
          case "snapshot" -> begun.getOrDefault("snapshotting " + key[1], 0) > 0;
          case "instance" -> begun.getOrDefault("launching " + key[1], 0) > 0;
          default -> false;
        };
        if (!inFlight) {
          throw new AssertionError(context + ": the cloud holds " + entry.getKey() + " = " + entry.getValue()
              + ", which no report names and no call in flight could have made");
        }
        inDoubt++;
      }
      return confirmed;
    }

    /** Whether an image observed as {@code present <name>} in {@code region} is one whose registration was in flight. */
    private boolean registering(String region, String observed) {
      return registering.contains(region + " " + observed.substring("present ".length()));
    }

    int inDoubt() {
      return inDoubt;
    }

    /** The child is gone: what the cloud holds now is what the next round starts from. */
    void settle(Map<String, String> observed) {
      allowed.replaceAll((key, values) -> new HashSet<>(Set.of(observed.getOrDefault(key, "absent"))));
      observed.forEach((key, value) -> allowed.putIfAbsent(key, new HashSet<>(Set.of(value))));
      allowed.values().removeIf(values -> values.equals(Set.of("absent")));
      registering.clear();
      begun.clear();
    }
  }
}
