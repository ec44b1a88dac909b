package org.amisdk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs benchmark suites: {@code Bench --data DIR [--runs N] [--work DIR] SUITE...}. Called by
 * {@code bench/run.sh}, which builds the project and the data first.
 */
public final class Bench {
  private Bench() {}

  private static Map<String, Suite> suites() {
    Map<String, Suite> suites = new LinkedHashMap<>();
    // each suite registers here, one line each
    suites.put("blocks", new BlocksSuite());
    suites.put("bundles", new BundlesSuite());
    suites.put("catalog", new CatalogSuite());
    suites.put("endpoint", new EndpointSuite());
    return suites;
  }

  public static void main(String[] args) throws Exception {
    Path data = null;
    Path work = null;
    int runs = 3;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> names.add(args[i]);
      }
    }
    Map<String, Suite> suites = suites();
    if (data == null || names.isEmpty()) {
      System.err.println("usage: Bench --data DIR [--runs N] [--work DIR] SUITE... (suites: " + suites.keySet() + ")");
      System.exit(2);
    }
    if (runs < 3) {
      throw new IllegalArgumentException("each figure is the median of at least 3 runs, not " + runs);
    }
    Path scratch = work != null ? Files.createDirectories(work) : Files.createTempDirectory("amisdk-bench");
    for (String name : names) {
      Suite suite = suites.get(name);
      if (suite == null) {
        System.err.println("unknown suite '" + name + "' (suites: " + suites.keySet() + ")");
        System.exit(2);
      }
      Path suiteWork = Files.createDirectories(scratch.resolve(name));
      Figures figures = new Figures(name);
      try {
        suite.run(data, suiteWork, runs, figures);
      } finally {
        deleteRecursively(suiteWork);
      }
      figures.print();
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
