package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One jitted function called from 8 threads at once: with one shape (every thread races for the same compile), and
 * with several shapes (compiles of different signatures race, including shapes past the parallel grain). Each
 * thread checks every result against eager on its own data, so a buffer shared between calls or threads shows up
 * as a wrong value; no call may throw, and each signature compiles exactly once.
 */
class JitConcurrencyTest {
  private static final int THREADS = 8;
  private static final int CALLS = 12;

  /** Elementwise chains, a broadcast against a row reduction, a full reduction and an intermediate as outputs. */
  private static List<Array> program(Array x) {
    Array y = x.mul(1.5).add(0.25).tanh();
    Array centred = y.sub(y.mean(new int[] {-1}, true));
    Array z = centred.exp().mul(x.abs().add(1.0).log());
    return List.of(z, z.sum(), y.max(new int[] {0}, false));
  }

  private static Array data(long seed, int[] shape) {
    java.util.Random rnd = new java.util.Random(seed);
    int n = 1;
    for (int d : shape) n *= d;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) rnd.nextGaussian();
    return Array.of(v, shape);
  }

  private static void runConcurrently(Function<List<Array>, List<Array>> jitted, List<int[]> shapes) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int call = 0; call < CALLS; call++) {
            int[] shape = shapes.get((thread + call) % shapes.size());
            Array x = data(thread * 1000L + call, shape);
            int callNo = call;
            List<Array> got = jitted.apply(List.of(x));
            List<Array> want = program(x);
            for (int o = 0; o < want.size(); o++) {
              int out = o;
              double tol = 1e-4 * (1 + ProgramErrorBounds.maxAbs(want.get(o))) * Math.sqrt(x.size());
              JitRandomProgramsProperties.assertValuesClose(want.get(o).toDoubleArray(), got.get(o).toDoubleArray(), tol,
                  () -> "thread " + thread + ", call " + callNo + ", output " + out);
              assertArrayEquals(want.get(o).shape(), got.get(o).shape());
            }
          }
          return thread;
        }));
      }
      for (Future<Integer> f : futures) f.get(2, TimeUnit.MINUTES);   // rethrows any thread's failure
    } finally {
      pool.shutdownNow();
    }
  }

  @Test void eightThreadsRacingForOneSignatureGetTheirOwnResults() throws Exception {
    Jitted<List<Array>, List<Array>> jitted = Graft.jit((List<Array> xs) -> program(xs.getFirst()));
    runConcurrently(jitted, List.of(new int[] {5, 7}));
    assertEquals(1, jitted.compiledSignatures());
  }

  @Test void eightThreadsRacingForSeveralSignaturesGetTheirOwnResults() throws Exception {
    Jitted<List<Array>, List<Array>> jitted = Graft.jit((List<Array> xs) -> program(xs.getFirst()));
    List<int[]> shapes = List.of(new int[] {3, 4}, new int[] {4, 3}, new int[] {1, 9}, new int[] {128, 300}, new int[] {6});
    runConcurrently(jitted, shapes);
    assertEquals(shapes.size(), jitted.compiledSignatures());
    assertTrue(jitted.compiledSignatures() <= Jit.CAPACITY);
  }
}
