package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link CompilerLoad}: the cores it gives the JIT, and kernels that see it give the same result. */
class CompilerLoadTest {
  private static final long WINDOW = CompilerLoad.WINDOW_NANOS;

  @Test
  void compilersBelowNineTenthsOfACoreTakeNone() {
    assertEquals(0, CompilerLoad.coresFor(0, WINDOW));
    assertEquals(0, CompilerLoad.coresFor(50, WINDOW), "half a core");
    assertEquals(0, CompilerLoad.coresFor(90, WINDOW), "0.9 of a core");
  }

  @Test
  void compilersTakeTheCoresTheyFillRoundedUpPastNineTenths() {
    assertEquals(1, CompilerLoad.coresFor(95, WINDOW), "0.95 of a core");
    assertEquals(1, CompilerLoad.coresFor(150, WINDOW), "1.5 cores (two compiler threads)");
    assertEquals(2, CompilerLoad.coresFor(195, WINDOW), "1.95 cores");
    assertEquals(3, CompilerLoad.coresFor(300, WINDOW), "3 cores over one window");
  }

  @Test
  void aZeroLengthWindowDoesNotDivideByZero() {
    assertEquals(0, CompilerLoad.coresFor(0, 0));
  }

  @Test
  void theLoadIsReadOnceTheBeanLoadsAndIsNeverNegative() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    CompilerLoad.cores();                              // starts loading the bean
    while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("graft-compiler-load"))) {
      Thread.sleep(5);
    }
    for (int i = 0; i < 20; i++) {
      int c = CompilerLoad.cores();
      assertTrue(c >= 0 && c <= Runtime.getRuntime().availableProcessors() * 4, "cores " + c);
      Thread.sleep(10);
    }
  }

  /** A team job run by the caller alone, or with its workers, hands the body the same sub-ranges. */
  @Test
  void aJobHasTheSameChunksWhoeverRunsThem() {
    Team team = new Team("compiler-load-test", 3, null);
    for (int helpers = 0; helpers <= 2; helpers++) {
      java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
      java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
      org.junit.jupiter.api.Assertions.assertTrue(team.run(1000, 7, (lo, hi) -> {
        seen.add(lo + "-" + hi);
        threads.add(Thread.currentThread().getName());
      }, helpers));
      assertEquals(java.util.Set.of("0-142", "142-285", "285-428", "428-571", "571-714", "714-857", "857-1000"), seen,
          "helpers " + helpers);
      assertTrue(threads.size() <= helpers + 1, "at most the caller and " + helpers + " workers ran chunks: " + threads);
      if (helpers == 0) assertEquals(java.util.Set.of(Thread.currentThread().getName()), threads, "the caller alone");
    }
  }

  /** A range's chunks cover the range whatever the thread count the load leaves (here: whatever it is now). */
  @Test
  void rangesGiveTheSameSumsWhileTheCompilersWork() {
    double[] first = null;
    for (int round = 0; round < 30; round++) {
      double[] partial = new double[64];
      float[] x = new float[1 << 16];
      for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.37);
      Parallel.chunks(64, 64, (lo, hi) -> {
        for (int c = lo; c < hi; c++) {
          double s = 0;
          for (int i = c * 1024; i < (c + 1) * 1024; i++) s += x[i];
          partial[c] = s;
        }
      });
      if (first == null) first = partial;
      else assertArrayEquals(first, partial);
    }
  }
}
