package io.graft.trace.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Const;
import io.graft.trace.Value;
import org.junit.jupiter.api.Test;

/** {@code var}/{@code std} divide by {@code max(n - ddof, 0)}, as NumPy and JAX: inf for ddof >= n, NaN for 0/0. */
class VarianceDdofTest {
  private static final Value X = Const.of(NdArray.wrap(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 9}));

  private static float[] f32(Value v) { return ((Const) v).array().f32(); }

  @Test void ddofAtOrBeyondTheCountGivesInf() {
    assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}, f32(Reduce.var(X, new int[] {1}, 3, false)));
    assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}, f32(Reduce.var(X, new int[] {1}, 5, false)));
    assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}, f32(Reduce.std(X, new int[] {1}, 4, false)));
    assertEquals(Float.POSITIVE_INFINITY, f32(Reduce.var(X, null, 6, false))[0]);
  }

  @Test void constantInputGivesNaN() {
    Value c = Const.of(NdArray.wrap(Shape.of(2), new float[] {2, 2}));
    assertEquals(Float.NaN, f32(Reduce.var(c, null, 2, false))[0]);
    assertEquals(Float.NaN, f32(Reduce.std(c, null, 3, false))[0]);
  }

  @Test void ddofBelowTheCountIsUnchanged() {
    assertArrayEquals(new float[] {1, 7}, f32(Reduce.var(X, new int[] {1}, 1, false)), 1e-6f);
    assertArrayEquals(new float[] {2f / 3, 14f / 3}, f32(Reduce.var(X, new int[] {1}, 0, false)), 1e-6f);
    assertArrayEquals(new float[] {2, 14}, f32(Reduce.var(X, new int[] {1}, 2, false)), 1e-5f);
    assertArrayEquals(new int[] {2, 1}, ((Const) Reduce.var(X, new int[] {1}, 3, true)).array().shape().dims());
  }
}
