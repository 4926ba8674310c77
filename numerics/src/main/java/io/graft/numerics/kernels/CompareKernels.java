package io.graft.numerics.kernels;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.Simd;

/**
 * Comparisons {@code z[i] = x[i] cmp y[i]} with a bool result, over any one dtype; a rank-0 operand broadcasts
 * (see {@link Pairwise}). Floats compare as IEEE 754 does: every comparison with NaN is false except {@code ne};
 * {@code -0.0 == 0.0}. Bools order {@code false < true}; u32 compares unsigned values. f32/f64 use the Vector API when {@code Simd.AVAILABLE}.
 */
public final class CompareKernels {
  /** The comparisons. */
  public enum Cmp {
    /** {@code x == y}. */ EQ,
    /** {@code x != y}. */ NE,
    /** {@code x < y}. */ LT,
    /** {@code x <= y}. */ LE,
    /** {@code x > y}. */ GT,
    /** {@code x >= y}. */ GE
  }

  private CompareKernels() {}

  /** {@code x cmp y}, elementwise, as bool; one dtype, equal shapes or a rank-0 operand. */
  public static NdArray apply(Cmp c, NdArray x, NdArray y) {
    Shape shape = Pairwise.shape(c, x, y);
    if (Unsigned.is(x.dtype()) && c != Cmp.EQ && c != Cmp.NE) return apply(c, Unsigned.toOrdered(x), Unsigned.toOrdered(y));
    int n = shape.size(), g = UnaryKernels.CHEAP_GRAIN;
    boolean xr = Pairwise.replicated(x, n), yr = Pairwise.replicated(y, n);
    Object xs = Pairwise.store(x, n), ys = Pairwise.store(y, n);
    boolean[] o = new boolean[n];
    boolean simd = Simd.AVAILABLE && x.dtype().isFloating();
    switch (xs) {
      case float[] a when simd -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> CompareSimd.f32(c, a, xi, (float[]) ys, yi, o, oi, len));
      case double[] a when simd -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> CompareSimd.f64(c, a, xi, (double[]) ys, yi, o, oi, len));
      case float[] a -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> f32(c, a, xi, (float[]) ys, yi, o, oi, len));
      case double[] a -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> f64(c, a, xi, (double[]) ys, yi, o, oi, len));
      case int[] a -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> i32(c, a, xi, (int[]) ys, yi, o, oi, len));
      case long[] a -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> i64(c, a, xi, (long[]) ys, yi, o, oi, len));
      case boolean[] a -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> bool(c, a, xi, (boolean[]) ys, yi, o, oi, len));
      default -> throw new AssertionError("unknown store " + xs.getClass());
    }
    return NdArray.wrap(shape, o);
  }

  // Scalar loops: o[oi+k] = a[ai+k] cmp b[bi+k]; the tests call them directly to check the SIMD path.

  static void f32(Cmp c, float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    switch (c) {
      case EQ -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] == b[bi + k]; }
      case NE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] != b[bi + k]; }
      case LT -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] < b[bi + k]; }
      case LE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] <= b[bi + k]; }
      case GT -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] > b[bi + k]; }
      case GE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >= b[bi + k]; }
    }
  }

  static void f64(Cmp c, double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    switch (c) {
      case EQ -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] == b[bi + k]; }
      case NE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] != b[bi + k]; }
      case LT -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] < b[bi + k]; }
      case LE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] <= b[bi + k]; }
      case GT -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] > b[bi + k]; }
      case GE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >= b[bi + k]; }
    }
  }

  static void i32(Cmp c, int[] a, int ai, int[] b, int bi, boolean[] o, int oi, int n) {
    switch (c) {
      case EQ -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] == b[bi + k]; }
      case NE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] != b[bi + k]; }
      case LT -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] < b[bi + k]; }
      case LE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] <= b[bi + k]; }
      case GT -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] > b[bi + k]; }
      case GE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >= b[bi + k]; }
    }
  }

  static void i64(Cmp c, long[] a, int ai, long[] b, int bi, boolean[] o, int oi, int n) {
    switch (c) {
      case EQ -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] == b[bi + k]; }
      case NE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] != b[bi + k]; }
      case LT -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] < b[bi + k]; }
      case LE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] <= b[bi + k]; }
      case GT -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] > b[bi + k]; }
      case GE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >= b[bi + k]; }
    }
  }

  static void bool(Cmp c, boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) {
    switch (c) {
      case EQ -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] == b[bi + k]; }
      case NE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] != b[bi + k]; }
      case LT -> { for (int k = 0; k < n; k++) o[oi + k] = !a[ai + k] & b[bi + k]; }
      case LE -> { for (int k = 0; k < n; k++) o[oi + k] = !a[ai + k] | b[bi + k]; }
      case GT -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] & !b[bi + k]; }
      case GE -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] | !b[bi + k]; }
    }
  }
}
