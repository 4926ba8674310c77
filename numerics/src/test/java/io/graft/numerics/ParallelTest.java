package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

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
}
