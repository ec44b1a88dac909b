package org.amisdk.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects each figure's values over several runs and prints their medians. */
final class Figures {
  private final String suite;
  private final Map<String, List<Double>> values = new LinkedHashMap<>();
  private final Map<String, String> units = new LinkedHashMap<>();

  Figures(String suite) {
    this.suite = suite;
  }

  /** Records one run's value of {@code figure}, measured in {@code unit}. */
  void add(String figure, double value, String unit) {
    values.computeIfAbsent(figure, k -> new ArrayList<>()).add(value);
    units.put(figure, unit);
  }

  /** Prints {@code bench <suite>.<figure> <median> <unit>} for every figure, in the order first added. */
  void print() {
    values.forEach((figure, list) -> System.out.printf(Locale.ROOT, "bench %s.%s %s %s%n",
        suite, figure, format(median(list)), units.get(figure)));
    System.out.flush();
  }

  static double median(List<Double> list) {
    List<Double> sorted = new ArrayList<>(list);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.3f", value);
  }
}
