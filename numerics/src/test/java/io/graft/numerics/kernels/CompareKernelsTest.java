package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.Simd;
import io.graft.numerics.kernels.CompareKernels.Cmp;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Comparison kernels against a naive loop for every comparison, dtype, broadcast mode and size; SIMD vs scalar. */
class CompareKernelsTest {
  private static final int[] SIZES = {0, 1, 9, Pairwise.BLOCK + 5, 2 * UnaryKernels.CHEAP_GRAIN + 3};

  private static boolean ref(Cmp c, double x, double y) {
    return switch (c) { case EQ -> x == y; case NE -> x != y; case LT -> x < y; case LE -> x <= y; case GT -> x > y; case GE -> x >= y; };
  }

  private static boolean ref(Cmp c, long x, long y) {
    return switch (c) { case EQ -> x == y; case NE -> x != y; case LT -> x < y; case LE -> x <= y; case GT -> x > y; case GE -> x >= y; };
  }

  /** Values with many ties, NaN and signed zeros, so every branch of every comparison is taken. */
  private static NdArray sample(DType d, int n, long seed, boolean scalar) {
    SplittableRandom r = new SplittableRandom(seed);
    int m = scalar ? 1 : n;
    double[] v = new double[m];
    double[] pool = {Double.NaN, -0.0, 0.0, 1, -1, 2, Double.NEGATIVE_INFINITY};
    for (int i = 0; i < m; i++) v[i] = pool[r.nextInt(d.isFloating() ? pool.length : 3) + (d.isFloating() ? 0 : 2)];
    NdArray a = NdArray.wrap(scalar ? Shape.scalar() : Shape.of(n), v);
    return d == DType.BOOL ? NdArray.wrap(a.shape(), randomBools(m, r)) : a.astype(d);
  }

  private static boolean[] randomBools(int m, SplittableRandom r) {
    boolean[] b = new boolean[m];
    for (int i = 0; i < m; i++) b[i] = r.nextBoolean();
    return b;
  }

  @Test void everyComparisonDtypeAndModeMatchesTheNaiveLoop() {
    for (Cmp c : Cmp.values())
      for (DType d : Naive.computed())
        for (int n : SIZES)
          for (int mode = 0; mode < 3; mode++) {
            NdArray x = sample(d, n, n + mode, mode == 1), y = sample(d, n, 3L * n + mode + 11, mode == 2);
            NdArray z = CompareKernels.apply(c, x, y);
            assertEquals(DType.BOOL, z.dtype());
            assertEquals(Shape.of(n), z.shape());
            for (int i = 0; i < n; i++) {
              int xi = x.rank() == 0 ? 0 : i, yi = y.rank() == 0 ? 0 : i;
              boolean want = d.isFloating() ? ref(c, x.getDouble(xi), y.getDouble(yi)) : ref(c, x.getLong(xi), y.getLong(yi));
              assertEquals(want, z.bool()[i], c + " " + d + " " + x.getDouble(xi) + " vs " + y.getDouble(yi));
            }
          }
  }

  @Test void simdAndScalarLoopsAgree() {
    int n = 1001;
    NdArray x = sample(DType.F32, n, 1, false), y = sample(DType.F32, n, 2, false);
    NdArray xd = x.astype(DType.F64), yd = y.astype(DType.F64);
    for (Cmp c : Cmp.values()) {
      boolean[] s = new boolean[n], sd = new boolean[n];
      c.f32(x.f32(), 0, y.f32(), 0, s, 0, n);
      c.f64(xd.f64(), 0, yd.f64(), 0, sd, 0, n);
      for (int i = 0; i < n; i++) assertEquals(ref(c, x.getDouble(i), y.getDouble(i)), s[i], c + " scalar at " + i);
      assertArrayEquals(s, sd, c + " f64 scalar");
      if (!Simd.AVAILABLE) continue;
      boolean[] v = new boolean[n], vd = new boolean[n];
      c.simd32(x.f32(), 0, y.f32(), 0, v, 0, n);
      c.simd64(xd.f64(), 0, yd.f64(), 0, vd, 0, n);
      assertArrayEquals(s, v, c + " f32 simd");
      assertArrayEquals(s, vd, c + " f64 simd");
    }
  }

  @Test void boolsOrderFalseBeforeTrue() {
    NdArray t = NdArray.wrap(Shape.of(4), new boolean[] {false, false, true, true});
    NdArray u = NdArray.wrap(Shape.of(4), new boolean[] {false, true, false, true});
    assertArrayEquals(new boolean[] {false, true, false, false}, CompareKernels.apply(Cmp.LT, t, u).bool());
    assertArrayEquals(new boolean[] {true, false, true, true}, CompareKernels.apply(Cmp.GE, t, u).bool());
  }

  @Test void mismatchesAreRejected() {
    assertThrows(ShapeError.class, () -> CompareKernels.apply(Cmp.EQ, NdArray.zeros(DType.I32, Shape.of(2)), NdArray.zeros(DType.I32, Shape.of(3))));
    assertThrows(DTypeError.class, () -> CompareKernels.apply(Cmp.EQ, NdArray.zeros(DType.I32, Shape.of(2)), NdArray.zeros(DType.I64, Shape.of(2))));
  }
}
