package org.amisdk.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifecycleTimingsTest {
  private static final long GIB = 1L << 30;

  @Test
  void ebsBoot_underAMinute_instanceStoreBoot_minutes_asUgComponentsAmisSays() {
    LifecycleTimings t = LifecycleTimings.realistic();
    assertTrue(t.ebsBoot().compareTo(Duration.ofMinutes(1)) < 0);
    assertTrue(t.instanceStoreBoot(GIB).compareTo(Duration.ofMinutes(2)) > 0);
  }

  @Test
  void instanceStoreBoot_growsWithBundleSize() {
    LifecycleTimings t = LifecycleTimings.realistic();
    assertEquals(Duration.ofSeconds(90 + 60 * 10), t.instanceStoreBoot(10 * GIB));
    assertEquals(Duration.ofSeconds(90 + 30), t.instanceStoreBoot(GIB / 2));
  }

  @Test
  void snapshotDuration_isBasePlusPerGiBAdded() {
    assertEquals(Duration.ofSeconds(5 + 60), LifecycleTimings.realistic().snapshotDuration(2 * GIB));
    assertEquals(Duration.ZERO, LifecycleTimings.instant().snapshotDuration(5 * GIB));
  }

  @Test
  void negativeDurations_andByteCounts_areRefused() {
    Duration minus = Duration.ofSeconds(-1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LifecycleTimings(
        Duration.ZERO, Duration.ZERO, Duration.ZERO, minus, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    assertEquals("ebsBoot PT-1S is negative", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LifecycleTimings.realistic().snapshotDuration(-1));
  }
}
