package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A jitted function's runs hand their buffer pool on: the second and later calls take their intermediates' buffers
 * from what the previous call freed instead of allocating (and zeroing) them again. Three cumulative sums (library
 * calls, whose outputs are new each call) with fused elementwise steps between them over {@code f32[65536]} (256 kB
 * per array): the fused intermediates come from the pool. Measured as bytes every thread allocates per call (the
 * kernel threads run chunks too) in the steady state, once the JVM has compiled the kernels (until then the Vector
 * API's interpreted fallback allocates tens of MB per call): 1,054,208 (4 arrays) with the pool handed on, 1,315,128
 * (5) when each call started from an empty pool (2026-12-05). Results of earlier calls stay intact.
 */
class JitCallAllocationTest {
  private static final int N = 1 << 16;
  private static final long ARRAY = 4L * N;

  private static Array input(float phase) {
    float[] v = new float[N];
    for (int i = 0; i < N; i++) v[i] = (float) Math.sin(i * 0.001 + phase);
    return Array.of(v);
  }

  private static Array f(Array x) {
    // tanh and exp, not sin/cos: those fall back to StrictMath past |x| ~ 1e4 (the cumsums grow), which allocates
    Array a = Np.cumsum(x.mul(3.0).tanh(), 0), b = Np.cumsum(a.mul(0.001).exp(), 0);
    return Np.cumsum(b.add(a).mul(0.5).tanh(), 0).add(x);
  }

  @Test void laterCallsReuseTheIntermediatesOfEarlierOnes() {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(), "no per-thread allocation counter");
    Function<Array, Array> jf = Graft.jit(JitCallAllocationTest::f);
    Array x = input(0);
    for (int i = 0; i < 3; i++) jf.apply(x);
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3000 && least >= 4.5 * ARRAY; i++) {   // until the kernels are compiled: a few hundred calls
      long before = allocated(mx);
      jf.apply(x);
      least = Math.min(least, allocated(mx) - before);
    }
    assertTrue(least < 4.5 * ARRAY, "a steady call allocated " + least + " bytes; with the pool handed on it needs about "
        + 4 * ARRAY + " (the three cumsums' outputs and the result)");
  }

  /** Bytes allocated so far by every live thread. */
  private static long allocated(com.sun.management.ThreadMXBean mx) {
    long sum = 0;
    for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) if (b > 0) sum += b;
    return sum;
  }

  @Test void laterCallsLeaveEarlierResultsIntact() {
    Function<Array, Array> jf = Graft.jit(JitCallAllocationTest::f);
    Array a = input(0), b = input(1);
    Array ra = jf.apply(a);
    float[] want = ra.toFloatArray();
    for (int i = 0; i < 5; i++) jf.apply(i % 2 == 0 ? b : a);
    assertArrayEquals(want, ra.toFloatArray());
    assertArrayEquals(f(a).toFloatArray(), want, 1e-3f);
  }
}
