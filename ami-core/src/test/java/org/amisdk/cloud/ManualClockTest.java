package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The manual clock moves only forward, and only when told. */
class ManualClockTest {

  @Test
  void advance_movesForward_sleeperAdvances_negativeRefusedAndIgnored() throws InterruptedException {
    Instant start = Instant.parse("2026-03-02T09:00:00Z");
    ManualClock clock = new ManualClock(start);
    clock.advance(Duration.ofSeconds(20));
    clock.sleeper().sleep(Duration.ofSeconds(5));

    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    assertEquals(start.plusSeconds(25), clock.instant());
    assertEquals(Instant.parse("2026-03-02T09:00:25Z"), clock.instant());
  }
}
