package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A jitted loop reuses its carry's buffers: after the first iterations every buffer the body needs comes from the
 * run's pool (the previous iteration's dead carry, intermediates, the xs slice), so the bytes allocated per
 * iteration do not grow with the carry. Measured as bytes allocated by this thread
 * ({@code com.sun.management.ThreadMXBean}) over a call of 10,000 iterations after warm-up calls (the steady state:
 * the least of up to 20), over an {@code f32[1024]} carry whose buffer alone is 4 kB: allocating a fresh carry per
 * iteration exceeds the bound. What
 * is left per iteration is bookkeeping (the sub-program's run state, operand arrays): measured 1.1-1.8 kB with C2,
 * against 5.6-5.8 kB (scan), 6.3-6.8 kB (while) and 10-10.5 kB (scan over xs, whose slice was copied fresh too)
 * when every iteration allocated its results.
 */
class LoopAllocationTest {
  private static final int STEPS = 10_000;
  private static final int N = 1024;
  private static final long BOUND = 3_000;   // bytes per iteration; one fresh f32[1024] carry is 4,112

  private static long bytesPerIteration(Supplier<Object> call) {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(), "no per-thread allocation counter");
    long tid = Thread.currentThread().threadId();
    for (int i = 0; i < 3; i++) call.get();   // compiles the jitted function and warms up
    // The steady state: the least of up to 20 calls. Until C2 has compiled a kernel's vector loop (later on a loaded
    // machine, or again after a deoptimisation) that loop boxes its vectors, about 16 kB per iteration here, which
    // says nothing about buffers; no call of a loop that allocates its carry per iteration gets below 4 kB.
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 20 && least >= BOUND; i++) {
      long before = mx.getThreadAllocatedBytes(tid);
      call.get();
      least = Math.min(least, (mx.getThreadAllocatedBytes(tid) - before) / STEPS);
    }
    return least;
  }

  private static Array ramp() {
    float[] v = new float[N];
    for (int i = 0; i < N; i++) v[i] = i / (float) N;
    return Array.of(v);
  }

  /** {@code c -> (c * 0.999 + 0.5, sum c)}: a fused carry update and a scalar y per step. */
  private static Tuple2<Array, Array> decay(Array c) { return Tuple.of(c.mul(0.999).add(0.5), c.sum()); }

  @Test void aJittedScanReusesItsCarryBuffers() {
    Array c0 = ramp();
    var f = Graft.jit((Array c) -> Lax.scan(LoopAllocationTest::decay, c, STEPS));
    long bytes = bytesPerIteration(() -> f.apply(c0));
    assertTrue(bytes < BOUND, "a jitted scan of " + STEPS + " steps over f32[" + N + "] allocated " + bytes
        + " bytes per iteration; bound " + BOUND);
    Tuple2<Array, Array> eager = Lax.scan(LoopAllocationTest::decay, c0, STEPS);
    Tuple2<Array, Array> jitted = f.apply(c0);
    assertArrayEquals(eager._1.toFloatArray(), jitted._1.toFloatArray());
    assertArrayEquals(eager._2.toFloatArray(), jitted._2.toFloatArray());
    assertArrayEquals(ramp().toFloatArray(), c0.toFloatArray(), "the initial carry was overwritten");
  }

  /** {@code (h, x) -> (h * 0.999 + x, sum h)}: the xs slice is as large as the carry (a fresh one per step was 4 kB). */
  private static Tuple2<Array, Array> drive(Array h, Array x) { return Tuple.of(h.mul(0.999).add(x), h.sum()); }

  @Test void aJittedScanOverXsReusesItsSliceAndCarryBuffers() {
    Array c0 = ramp();
    Array xs = Np.full(new int[] {STEPS, N}, 0.25);
    var f = Graft.jit((Array c, Array x) -> Lax.scan(LoopAllocationTest::drive, c, x));
    long bytes = bytesPerIteration(() -> f.apply(c0, xs));
    assertTrue(bytes < BOUND, "a jitted scan over xs allocated " + bytes + " bytes per iteration; bound " + BOUND);
    Tuple2<Array, Array> eager = Lax.scan(LoopAllocationTest::drive, c0, xs);
    Tuple2<Array, Array> jitted = f.apply(c0, xs);
    assertArrayEquals(eager._1.toFloatArray(), jitted._1.toFloatArray());
    assertArrayEquals(eager._2.toFloatArray(), jitted._2.toFloatArray());
  }

  @Test void aJittedWhileLoopReusesItsCarryBuffers() {
    Array c0 = ramp();
    var f = Graft.jit((Array c) -> Lax.foriLoop(Array.scalar(0), Array.scalar(STEPS), (i, h) -> h.mul(0.999).add(0.5), c));
    long bytes = bytesPerIteration(() -> f.apply(c0));
    assertTrue(bytes < BOUND, "a jitted while loop of " + STEPS + " iterations over f32[" + N + "] allocated " + bytes
        + " bytes per iteration; bound " + BOUND);
    Array eager = Lax.foriLoop(Array.scalar(0), Array.scalar(STEPS), (i, h) -> h.mul(0.999).add(0.5), c0);
    assertArrayEquals(eager.toFloatArray(), f.apply(c0).toFloatArray());
    assertArrayEquals(ramp().toFloatArray(), c0.toFloatArray(), "the initial carry was overwritten");
  }
}
