package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Property(tries = 50)
  void rangesCoverEveryIndexExactlyOnce(@ForAll @IntRange(min = 0, max = 5000) int n, @ForAll @IntRange(min = 1, max = 600) int grain) {
    AtomicIntegerArray hits = new AtomicIntegerArray(n);
    Parallel.range(n, grain, (lo, hi) -> { for (int i = lo; i < hi; i++) hits.incrementAndGet(i); });
    for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i);
  }

  @Property(tries = 10)
  void nestedRangesDoNotDeadlock(@ForAll @IntRange(min = 0, max = 64) int n) {
    AtomicIntegerArray hits = new AtomicIntegerArray(n * n);
    Parallel.range(n, 1, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        int row = i;
        Parallel.range(n, 1, (a, b) -> { for (int j = a; j < b; j++) hits.incrementAndGet(row * n + j); });
      }
    });
    for (int i = 0; i < n * n; i++) assertEquals(1, hits.get(i));
  }

  @Test
  void threadsPropertyAcceptsPositiveIntegersAndDefaultsToCores() {
    assertEquals(2, Parallel.parseThreads("2", 8));
    assertEquals(1, Parallel.parseThreads("1", 8));
    assertEquals(8, Parallel.parseThreads(null, 8));
  }

  @Test
  void threadsPropertyRejectsZeroNegativeAndNonIntegers() {
    for (String bad : new String[] {"0", "-3", "abc", "", "2.5"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.parseThreads(bad, 8), bad);
      String m = e.getMessage();
      assertTrue(m.contains("-Dgraft.threads=" + bad + ":"), m);
      assertTrue(m.contains("integer >= 1") && m.contains("got \"" + bad + "\""), m);
      assertTrue(m.contains("leave it unset"), m);
    }
  }
}
