package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** select_n and clamp against naive loops, every dtype, rank-0 operands, empty and multi-threaded sizes. */
class SelectKernelsTest {
  private static final int[] SIZES = {0, 1, 17, 2 * UnaryKernels.CHEAP_GRAIN + 1};

  private static NdArray values(DType d, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = r.nextInt(-50, 50);
    return d == DType.BOOL ? NdArray.wrap(Shape.of(n), v).astype(DType.BOOL) : NdArray.wrap(Shape.of(n), v).astype(d);
  }

  @Test void boolWhichPicksSecondCaseWhereTrue() {
    for (DType d : DType.values())
      for (int n : SIZES) {
        NdArray which = NdArray.wrap(Shape.of(n), randomBools(n));
        NdArray a = values(d, n, 2), b = values(d, n, 3);
        NdArray z = SelectKernels.selectN(which, List.of(a, b));
        assertEquals(d, z.dtype());
        for (int i = 0; i < n; i++) assertEquals(which.bool()[i] ? b.getDouble(i) : a.getDouble(i), z.getDouble(i), d + " at " + i);
      }
  }

  private static boolean[] randomBools(int n) {
    SplittableRandom r = new SplittableRandom(n);
    boolean[] b = new boolean[n];
    for (int i = 0; i < n; i++) b[i] = r.nextBoolean();
    return b;
  }

  @Test void f32WhereOverWholeVectorsAndTheTailMatchesTheScalarRule() {
    SplittableRandom r = new SplittableRandom(9);
    for (int n : new int[] {1, 15, 16, 17, 33, 100, 70001}) {   // below, at and past vector lengths; split over threads
      boolean[] w = new boolean[n];
      float[] t = new float[n], f = new float[n];
      for (int i = 0; i < n; i++) { w[i] = r.nextBoolean(); t[i] = (float) r.nextDouble(); f[i] = -(float) r.nextDouble(); }
      NdArray which = NdArray.wrap(Shape.of(n), w), tn = NdArray.wrap(Shape.of(n), t), fn = NdArray.wrap(Shape.of(n), f);
      float[] full = SelectKernels.selectN(which, List.of(fn, tn)).f32();
      float[] zero = SelectKernels.selectN(which, List.of(NdArray.wrap(Shape.scalar(), new float[] {-0f}), tn)).f32();
      for (int i = 0; i < n; i++) {
        assertEquals(w[i] ? t[i] : f[i], full[i], "n=" + n + " i=" + i);
        assertEquals(w[i] ? t[i] : -0f, zero[i], "rank-0 false case, n=" + n + " i=" + i);   // the sign of -0 survives
      }
    }
  }

  @Test void rankZeroOperandsBroadcast() {
    NdArray which = NdArray.wrap(Shape.of(2, 2), new boolean[] {true, false, false, true});
    NdArray x = NdArray.wrap(Shape.of(2, 2), new float[] {1, 2, 3, 4});
    NdArray zero = NdArray.scalar(DType.F32, 0);
    NdArray z = SelectKernels.selectN(which, List.of(zero, x));
    assertEquals(Shape.of(2, 2), z.shape());
    assertArrayEquals(new float[] {1, 0, 0, 4}, z.f32());
    NdArray t = SelectKernels.selectN(NdArray.wrap(Shape.scalar(), new boolean[] {true}), List.of(x, zero));
    assertArrayEquals(new float[] {0, 0, 0, 0}, t.f32());
    NdArray s = SelectKernels.selectN(NdArray.wrap(Shape.scalar(), new boolean[] {false}), List.of(NdArray.scalar(DType.I64, 5), NdArray.scalar(DType.I64, 6)));
    assertEquals(Shape.scalar(), s.shape());
    assertEquals(5L, s.i64()[0]);
  }

  @Test void intWhichChoosesAmongManyCasesAndClamps() {
    for (DType d : DType.values())
      for (int n : SIZES) {
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = i % 5 - 1;                      // -1 .. 3: clamped into 0 .. 2
        NdArray c0 = values(d, n, 4), c2 = values(d, n, 6);
        NdArray c1 = NdArray.full(d, Shape.scalar(), 1);
        NdArray z = SelectKernels.selectN(NdArray.wrap(Shape.of(n), w), List.of(c0, c1, c2));
        for (int i = 0; i < n; i++) {
          int k = Math.clamp(w[i], 0, 2);
          double want = k == 0 ? c0.getDouble(i) : k == 1 ? 1 : c2.getDouble(i);
          assertEquals(want, z.getDouble(i), d + " at " + i);
        }
      }
  }

  @Test void selectNErrors() {
    NdArray x = NdArray.zeros(DType.F32, Shape.of(3));
    NdArray b = NdArray.zeros(DType.BOOL, Shape.of(3));
    assertThrows(ShapeError.class, () -> SelectKernels.selectN(b, List.of(x, x, x)));
    assertThrows(ShapeError.class, () -> SelectKernels.selectN(b, List.of()));
    assertThrows(DTypeError.class, () -> SelectKernels.selectN(x, List.of(x, x)));
    assertThrows(DTypeError.class, () -> SelectKernels.selectN(b, List.of(x, NdArray.zeros(DType.F64, Shape.of(3)))));
    var e = assertThrows(ShapeError.class, () -> SelectKernels.selectN(b, List.of(x, NdArray.zeros(DType.F32, Shape.of(4)))));
    assertTrue(e.getMessage().contains("bool[3], f32[3], f32[4]"), e.getMessage());
  }

  @Test void clampMatchesMinOfMax() {
    for (DType d : new DType[] {DType.F32, DType.F64, DType.I32, DType.I64})
      for (int n : SIZES) {
        NdArray x = values(d, n, 8), lo = values(d, n, 9), hi = NdArray.full(d, Shape.scalar(), 20);
        NdArray z = SelectKernels.clamp(lo, x, hi);
        for (int i = 0; i < n; i++) assertEquals(Math.min(Math.max(x.getDouble(i), lo.getDouble(i)), 20), z.getDouble(i), d + " at " + i);
      }
    NdArray x = NdArray.wrap(Shape.of(4), new double[] {Double.NaN, -5, 5, 0.5});
    NdArray z = SelectKernels.clamp(NdArray.scalar(DType.F64, 0), x, NdArray.scalar(DType.F64, 1));
    assertArrayEquals(new double[] {Double.NaN, 0, 1, 0.5}, z.f64());
    NdArray inverted = SelectKernels.clamp(NdArray.scalar(DType.F64, 2), x, NdArray.scalar(DType.F64, 1));
    assertArrayEquals(new double[] {Double.NaN, 1, 1, 1}, inverted.f64());
  }

  @Test void clampErrors() {
    NdArray x = NdArray.zeros(DType.F32, Shape.of(3));
    assertThrows(DTypeError.class, () -> SelectKernels.clamp(NdArray.scalar(DType.F64, 0), x, NdArray.scalar(DType.F32, 1)));
    assertThrows(ShapeError.class, () -> SelectKernels.clamp(NdArray.zeros(DType.F32, Shape.of(2)), x, x));
    NdArray b = NdArray.zeros(DType.BOOL, Shape.of(3));
    assertThrows(DTypeError.class, () -> SelectKernels.clamp(b, b, b));
  }
}
