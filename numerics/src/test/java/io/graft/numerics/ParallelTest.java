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

  @Property(tries = 30)
  void chunksCoverEveryIndexOnceInExactlyTheGivenSubRanges(@ForAll @IntRange(min = 1, max = 3000) int n,
                                                            @ForAll @IntRange(min = 1, max = 40) int chunks) {
    int c = Math.min(chunks, n);
    AtomicIntegerArray hits = new AtomicIntegerArray(n), starts = new AtomicIntegerArray(n + 1);
    Parallel.chunks(n, c, (lo, hi) -> {
      starts.incrementAndGet(lo);
      for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
    });
    for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i);
    for (int k = 0; k < c; k++) assertEquals(1, starts.get((int) ((long) n * k / c)), "chunk " + k + " of " + c);
    assertThrows(IllegalArgumentException.class, () -> Parallel.chunks(n, n + 1, (lo, hi) -> {}));
  }

  @Test
  void aChunksExceptionIsThrownAfterEveryChunkFinished() {
    int n = 1 << 16;
    AtomicIntegerArray hits = new AtomicIntegerArray(n);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.range(n, 1024, (lo, hi) -> {
      for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
      if (lo == 0) throw new IllegalStateException("chunk 0");
    }));
    assertEquals("chunk 0", e.getMessage());
    for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i);
    // the team is free again
    AtomicIntegerArray again = new AtomicIntegerArray(n);
    Parallel.range(n, 1024, (lo, hi) -> { for (int i = lo; i < hi; i++) again.incrementAndGet(i); });
    for (int i = 0; i < n; i++) assertEquals(1, again.get(i), "index " + i);
  }

  @Test
  void concurrentCallersEachCoverTheirRange() throws Exception {
    int n = 20_000, callers = 4, rounds = 200;
    AtomicIntegerArray hits = new AtomicIntegerArray(callers * n);
    Thread[] ts = new Thread[callers];
    for (int t = 0; t < callers; t++) {
      int base = t * n;
      ts[t] = Thread.ofPlatform().start(() -> {
        for (int r = 0; r < rounds; r++) Parallel.range(n, 256, (lo, hi) -> { for (int i = lo; i < hi; i++) hits.incrementAndGet(base + i); });
      });
    }
    for (Thread t : ts) t.join();
    for (int i = 0; i < callers * n; i++) assertEquals(rounds, hits.get(i), "index " + i);
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
