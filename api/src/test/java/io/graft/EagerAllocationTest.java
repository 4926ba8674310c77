package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Eager dispatch allocates little beyond its result: with no transform active an op goes from its operands to the
 * kernel without tracers, graphs, vectors of operands or padded SIMD tails. Measured as bytes allocated by this
 * thread ({@code com.sun.management.ThreadMXBean}) over many calls after a warm-up, which does not depend on timing
 * or load. The bounds are generous (several times what an op needs in any JIT tier, interpreter included; f32[3] is
 * below one vector on every ISA, so no Vector API objects appear even when interpreted), and below what dispatch
 * allocated before it was trimmed: about 1.5 kB per {@code add}, 900 B per {@code sin} and 1.7 kB per {@code mul}
 * by a literal.
 */
class EagerAllocationTest {
  private static final int CALLS = 10_000;
  private static final long BOUND = 1_000;   // bytes per op; the result (float[3], buffer, Const, Array) is ~120
  private static final long LITERAL_BOUND = 1_200;

  private static long bytesPerCall(Supplier<Array> op) { return bytesPerCall(op, CALLS); }

  private static long bytesPerCall(Supplier<Array> op, int calls) {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(), "no per-thread allocation counter");
    long tid = Thread.currentThread().threadId();
    Array last = null;
    for (int i = 0; i < calls; i++) last = op.get();
    long before = mx.getThreadAllocatedBytes(tid);
    for (int i = 0; i < calls; i++) last = op.get();
    long bytes = (mx.getThreadAllocatedBytes(tid) - before) / calls;
    assertEquals(3, last.shape()[0]);
    return bytes;
  }

  /** W5's function: {@code sum(g^25(x))}, {@code g(x) = sin(x) * 1.01 + 0.1}, 76 primitives. */
  private static Array w5(Array x) {
    Array h = x;
    for (int i = 0; i < 25; i++) h = h.sin().mul(1.01).add(0.1);
    return h.sum();
  }

  /**
   * {@code valueAndGrad} of W5's function records and transposes 76 primitives per call: about 170 kB in every JIT
   * tier now, 340 kB (C2) to 700 kB (C1) before; bounded at 3.4 kB per primitive.
   */
  @Test void aGradientAllocatesBoundedBytesPerPrimitive() {
    var vg = Graft.valueAndGrad((ArrayFn) EagerAllocationTest::w5);
    Array x = Array.of(new float[] {0.1f, -0.4f, 0.7f});
    long bytes = bytesPerCall(() -> vg.apply(x)._2, 500);
    assertTrue(bytes < 76 * 3_400, "valueAndGrad of W5's function on f32[3] allocated " + bytes + " bytes per call ("
        + bytes / 76 + " per primitive); bound " + 76 * 3_400);
  }

  @Test void anEagerBinaryOpAllocatesLittleMoreThanItsResult() {
    Array x = Array.of(new float[] {1, 2, 3}), y = Array.of(new float[] {0.5f, -1, 4});
    long bytes = bytesPerCall(() -> x.add(y));
    assertTrue(bytes < BOUND, "x.add(y) on f32[3] allocated " + bytes + " bytes per call; bound " + BOUND);
  }

  @Test void anEagerUnaryOpAllocatesLittleMoreThanItsResult() {
    Array x = Array.of(new float[] {1, 2, 3});
    long bytes = bytesPerCall(x::sin);
    assertTrue(bytes < BOUND, "x.sin() on f32[3] allocated " + bytes + " bytes per call; bound " + BOUND);
  }

  @Test void anEagerOpWithALiteralAllocatesLittleMoreThanItsResult() {
    Array x = Array.of(new float[] {1, 2, 3});
    long bytes = bytesPerCall(() -> x.mul(1.01));      // the literal adds its own buffers, before and after conversion
    assertTrue(bytes < LITERAL_BOUND, "x.mul(1.01) on f32[3] allocated " + bytes + " bytes per call; bound " + LITERAL_BOUND);
  }
}
