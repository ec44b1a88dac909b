package org.amisdk.testing;

import java.util.SplittableRandom;

/**
 * A seeded property check under JUnit 5: runs a check on many random cases, prints how many ran
 * and with which seed, and on failure names the case and the seed that replays it.
 *
 * <p>Every case draws from its own {@link SplittableRandom}, split from one base seed. The base
 * seed is random unless the system property {@value #SEED_PROPERTY} fixes it, so
 * {@code mvn test -Damisdk.seed=1234} replays a failure exactly. {@value #CASES_PROPERTY}
 * multiplies every case count, for a longer hunt.
 */
public final class Property {

  /** System property that fixes the base seed. */
  public static final String SEED_PROPERTY = "amisdk.seed";

  /** System property that multiplies every property's case count (default 1). */
  public static final String CASES_PROPERTY = "amisdk.cases";

  private Property() {}

  /**
   * Runs {@code check} on {@code cases} random cases.
   *
   * @throws AssertionError naming the property, the failing case and the seed to replay it
   */
  public static void check(String name, int cases, Case check) {
    long baseSeed = baseSeed();
    int total = Math.max(1, cases * Integer.getInteger(CASES_PROPERTY, 1));
    SplittableRandom seeds = new SplittableRandom(baseSeed);
    for (int i = 0; i < total; i++) {
      SplittableRandom random = seeds.split();
      try {
        check.run(random);
      } catch (Throwable failure) {
        AssertionError error = new AssertionError(String.format(
            "property '%s' failed on case %d of %d with seed %d; replay with -D%s=%d: %s",
            name, i + 1, total, baseSeed, SEED_PROPERTY, baseSeed, failure), failure);
        System.out.printf("property %s: FAILED on case %d of %d (seed %d)%n", name, i + 1, total, baseSeed);
        CaseSummary.record(i + 1, true);
        throw error;
      }
    }
    System.out.printf("property %s: %d cases passed (seed %d)%n", name, total, baseSeed);
    CaseSummary.record(total, false);
  }

  private static long baseSeed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    if (fixed != null && !fixed.isBlank()) {
      return Long.parseLong(fixed.trim());
    }
    return new SplittableRandom().nextLong();
  }

  /** One case of a property, drawing its inputs from {@code random}. */
  @FunctionalInterface
  public interface Case {
    void run(SplittableRandom random) throws Exception;
  }
}
