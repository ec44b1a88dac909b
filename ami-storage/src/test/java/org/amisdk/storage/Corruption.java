package org.amisdk.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The tally of a bit-flip corruption run over one kind of persisted file: each flipped bit ends in
 * one {@link Outcome}; {@link #report} prints one summary line (the figures the README quotes) and
 * fails the test if any flip gave wrong data, lost data silently, or broke a rule the caller
 * checked ({@link #violation}).
 */
public final class Corruption {

  /** What one flipped bit led to. */
  public enum Outcome {
    /** The store refused to open, with a clear error, and changed nothing. */
    REFUSED_OPEN("refused open"),
    /** Everything read back as written. */
    READ_CORRECT("read correct"),
    /** The store opened; a read of the damaged data failed with a clear error. */
    READ_REFUSED("read refused"),
    /** Some read returned bytes other than those written: never acceptable. */
    WRONG("wrong"),
    /** Something committed was silently missing: never acceptable. */
    LOST("lost");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  private final String kind;
  private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
  private final List<String> violations = new ArrayList<>();
  private int flips;
  private int repaired;

  private final boolean repairable;

  /** A tally for {@code kind}; {@code repairable} when a refused store is repaired after each flip. */
  public Corruption(String kind, boolean repairable) {
    this.kind = kind;
    this.repairable = repairable;
  }

  /** The bit positions to flip in {@code bits} bits: all of them, or a seeded sample of {@code max}. */
  public static long[] positions(long bits, int max, long seed) {
    if (bits <= max) {
      long[] all = new long[(int) bits];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    SplittableRandom random = new SplittableRandom(seed);
    TreeSet<Long> chosen = new TreeSet<>();
    while (chosen.size() < max) {
      chosen.add(random.nextLong(bits));
    }
    return chosen.stream().mapToLong(Long::longValue).toArray();
  }

  /** Notes the outcome of one flip, described by {@code where} (file and bit). */
  public void record(Outcome outcome, String where) {
    flips++;
    counts.merge(outcome, 1, Integer::sum);
    if (outcome == Outcome.WRONG || outcome == Outcome.LOST) {
      violation(outcome.label + " after flipping " + where);
    }
  }

  /** Notes a broken rule (an unclear error, a refused open that changed files, a bad repair). */
  public void violation(String what) {
    violations.add(what);
  }

  /** Notes that a repair of a refused store kept every intact record. */
  public void repaired() {
    repaired++;
  }

  private int count(Outcome outcome) {
    return counts.getOrDefault(outcome, 0);
  }

  /** Prints the summary line and fails on any violation. */
  public void report() {
    StringBuilder line = new StringBuilder("corruption " + kind + ": " + flips + " bits flipped");
    for (Outcome outcome : Outcome.values()) {
      line.append(", ").append(count(outcome)).append(' ').append(outcome.label);
    }
    if (repairable && count(Outcome.REFUSED_OPEN) > 0) {
      line.append("; repair kept every intact record in ").append(repaired).append(" of ")
          .append(count(Outcome.REFUSED_OPEN));
    }
    System.out.println(line);
    assertEquals(List.of(), violations.subList(0, Math.min(10, violations.size())),
        violations.size() + " violations in " + line);
  }
}
