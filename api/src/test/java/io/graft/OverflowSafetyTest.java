package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.graft.trace.prim.WindowOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 8, items 3, 4 and 6 through the user surface: size arithmetic never wraps or runs out of memory, Java literals
 * never wrap into an integer dtype, and var/std divide by max(n - ddof, 0). No test allocates a large array.
 */
class OverflowSafetyTest {
  private static final int MAX = Integer.MAX_VALUE;

  private static <T extends Throwable> void fails(Class<T> type, Executable f, String... fragments) {
    T e = assertThrows(type, f);
    for (String s : fragments) assertTrue(e.getMessage().contains(s), "message lacks '" + s + "': " + e.getMessage());
  }

  // ---------------------------------------------------------------- item 3: sizes

  @Test void concatenateBeyondTheIntRangeIsAShapeError() {
    Array z = Np.zeros(0, 1_500_000_000);                       // zero elements
    fails(ShapeError.class, () -> Np.concatenate(1, z, z, z), "concatenate: the shape [0,4500000000]", "limit of 2147483639");
  }

  @Test void reduceWindowAndConvWithMaxPaddingAreShapeErrors() {
    Array x = Array.of(new float[] {1}, 1);
    fails(ShapeError.class, () -> Lax.reduceWindow(x, WindowOp.SUM, new int[] {1}, new int[] {1}, new int[][] {{MAX, MAX}}),
        "reduce_window_sum: the shape [4294967295]");
    Array l = Array.of(new float[] {1}, 1, 1, 1), r = Array.of(new float[] {1}, 1, 1, 1);
    fails(ShapeError.class, () -> Lax.convGeneralDilated(l, r, new int[] {1}, new int[][] {{MAX, MAX}}, new int[] {1}, new int[] {1},
        new String[] {"NCH", "OIH", "NCH"}, 1, 1), "conv_general_dilated: the shape [1,1,4294967295]");
  }

  @Test void hugeDilationsAndStridesGiveExactResults() {
    Array x = Array.of(new float[] {1, 2, 3}, 3);
    assertArrayEquals(new float[] {1, 2, 3}, Lax.reduceWindow(x, WindowOp.MAX, new int[] {1}, new int[] {1 << 30}, new int[][] {{0, 0}},
        new int[] {1 << 30}, new int[] {1}).toFloatArray());
    Array l = Array.of(new float[] {1, 2, 3}, 1, 1, 3), r = Array.of(new float[] {2}, 1, 1, 1);
    assertArrayEquals(new float[] {2, 4, 6}, Lax.convGeneralDilated(l, r, new int[] {1 << 30}, new int[][] {{0, 0}}, new int[] {1 << 30},
        new int[] {1}, new String[] {"NCH", "OIH", "NCH"}, 1, 1).toFloatArray());
  }

  @Test void sliceWithTheLargestStride() {
    Array x = Array.of(new float[] {1, 2, 3}, 3);
    assertArrayEquals(new float[] {1}, Lax.slice(x, new int[] {0}, new int[] {3}, new int[] {MAX}).toFloatArray());
    assertArrayEquals(new float[] {2}, Lax.slice(x, new int[] {1}, new int[] {3}, new int[] {MAX}).toFloatArray());
  }

  @Test void shapesBeyondTheJvmArrayLimitAreShapeErrorsNotOutOfMemory() {
    fails(ShapeError.class, () -> Np.zeros(MAX), "full: the shape [2147483647] has 2147483647 elements");
    fails(ShapeError.class, () -> Np.ones(Np.int32, 65_536, 32_768), "full:", "2147483648 elements");
    fails(ShapeError.class, () -> ShapeDtype.of(Np.float32, MAX), "ShapeDtype.of: the shape [2147483647]");
    assertEquals(MAX - 8, ShapeDtype.of(Np.float32, MAX - 8).shape().size());   // a type only
    fails(ShapeError.class, () -> Np.zeros(4).broadcastTo(MAX, 4), "broadcastTo: the shape [2147483647,4]");
    fails(ShapeError.class, () -> Np.zeros(1, 0).reshape(0, 65_536, 65_536), "reshape:");
  }

  // ---------------------------------------------------------------- item 4: literals

  @Test void longLiteralsThatOverflowI32RaiseDTypeErrors() {
    Array x = Array.of(new int[] {1, 2, 3}, 3);
    long big = 10_000_000_000L;
    fails(DTypeError.class, () -> x.add(big), "add: the Java literal 10000000000 does not fit i32", "x.astype(Np.int64)");
    fails(DTypeError.class, () -> x.sub(big), "sub: the Java literal 10000000000");
    fails(DTypeError.class, () -> x.mul(-big), "mul: the Java literal -10000000000");
    fails(DTypeError.class, () -> x.maximum(big), "max: the Java literal");
    fails(DTypeError.class, () -> x.eq(big), "eq: the Java literal");
    fails(DTypeError.class, () -> x.ge(big), "ge: the Java literal");
    fails(DTypeError.class, () -> Array.of(new boolean[] {true}, 1).add(big), "add: the Java literal 10000000000 does not fit i32");
    fails(DTypeError.class, () -> Graft.jit(v -> v.add(big)).apply(x), "add: the Java literal 10000000000");
  }

  @Test void inRangeLongLiteralsStillWork() {
    Array x = Array.of(new int[] {1, 2, 3}, 3);
    assertArrayEquals(new int[] {11, 12, 13}, x.add(10L).toIntArray());
    assertArrayEquals(new int[] {MAX, MAX - 1, MAX - 2}, Array.of(new int[] {0, -1, -2}, 3).add((long) MAX).toIntArray());
    long big = 10_000_000_000L;
    assertArrayEquals(new long[] {big + 1, big + 2, big + 3}, x.astype(Np.int64).add(big).toLongArray());
    assertArrayEquals(new float[] {1e10f + 1, 1e10f + 2, 1e10f + 3}, Array.of(new float[] {1, 2, 3}, 3).add(big).toFloatArray());
  }

  // ---------------------------------------------------------------- item 6: var/std with ddof >= n

  @Test void varianceWithDdofAtLeastTheCountIsInf() {
    Array x = Array.of(new float[] {1, 2, 3}, 3);
    assertEquals(Float.POSITIVE_INFINITY, (float) Np.var(x, null, 3, false).item());
    assertEquals(Float.POSITIVE_INFINITY, (float) Np.var(x, null, 4, false).item());
    assertEquals(Float.POSITIVE_INFINITY, (float) Np.std(x, null, 3, false).item());
    assertEquals(Float.NaN, (float) Np.var(Array.of(new float[] {2, 2}, 2), null, 2, false).item());
    assertEquals(1f, (float) Np.var(x, null, 1, false).item(), 1e-6f);
    assertEquals(Float.POSITIVE_INFINITY, (float) Graft.jit(v -> Np.var(v, null, 3, false)).apply(x).item());
  }
}
