package org.amisdk.cloud;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The action sequences and reference-model checks of {@link CloudModelTest}, with every choice
 * taken from Jazzer's fuzzed data instead of a seeded random source, so coverage guides which
 * sequences are tried. Plain {@code mvn test} replays the seeds under
 * {@code CloudModelFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class CloudModelFuzzTest {
  private static final int MAX_STEPS = 40;

  @FuzzTest(maxDuration = "60s")
  void actionSequences_followTheModel(FuzzedDataProvider data) throws IOException {
    long ids = data.consumeLong();
    int steps = data.consumeInt(1, MAX_STEPS);
    try (LocalCloud cloud = LocalCloud.builder().clock(new ManualClock(Instant.parse("2026-01-01T00:00:00Z")))
        .ids(new SplittableRandom(ids)).timings(CloudModel.TIMINGS).build()) {
      CloudModelTest.run(cloud, fuzzed(data), steps);
    }
  }

  /** Choices read from the fuzzed data; once it is used up every choice is the first one. */
  private static CloudModelTest.Choices fuzzed(FuzzedDataProvider data) {
    return new CloudModelTest.Choices() {
      @Override
      public int nextInt(int bound) {
        return data.consumeInt(0, bound - 1);
      }

      @Override
      public boolean nextBoolean() {
        return data.consumeBoolean();
      }

      @Override
      public void nextBytes(byte[] target) {
        byte[] fuzzed = data.consumeBytes(target.length);
        System.arraycopy(fuzzed, 0, target, 0, fuzzed.length);
      }
    };
  }
}
