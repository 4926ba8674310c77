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

  private static long bytesPerCall(Supplier<Array> op) {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(), "no per-thread allocation counter");
    long tid = Thread.currentThread().threadId();
    Array last = null;
    for (int i = 0; i < CALLS; i++) last = op.get();
    long before = mx.getThreadAllocatedBytes(tid);
    for (int i = 0; i < CALLS; i++) last = op.get();
    long bytes = (mx.getThreadAllocatedBytes(tid) - before) / CALLS;
    assertEquals(3, last.shape()[0]);
    return bytes;
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
