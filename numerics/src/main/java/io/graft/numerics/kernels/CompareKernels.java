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
  /**
   * The comparisons, one row each: its loops ({@code o[oi+k] = a[ai+k] cmp b[bi+k]} for {@code k < n}, one per dtype,
   * and a vector definition over whole vectors in {@link CompareSimdF32}), its scalar definition for the jit
   * ({@link #scalar()}: the {@link ScalarOpsF32}/{@code F64} method giving 1 or 0) and its C spelling ({@link #c()}).
   */
  public enum Cmp {
    /** {@code x == y} ({@code -0.0 == 0.0}). */
    EQ("(%1$s == %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] == b[bi + k]; }
      @Override void f64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] == b[bi + k]; }
      @Override void i32(int[] a, int ai, int[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] == b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] == b[bi + k]; }
      @Override void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] == b[bi + k]; }
      @Override int v32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF32.eq(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF64.eq(a, ai, b, bi, o, oi, n); }
    },
    /** {@code x != y} (true when either is NaN). */
    NE("(%1$s != %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] != b[bi + k]; }
      @Override void f64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] != b[bi + k]; }
      @Override void i32(int[] a, int ai, int[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] != b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] != b[bi + k]; }
      @Override void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] != b[bi + k]; }
      @Override int v32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF32.ne(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF64.ne(a, ai, b, bi, o, oi, n); }
    },
    /** {@code x < y}. */
    LT("(%1$s < %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] < b[bi + k]; }
      @Override void f64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] < b[bi + k]; }
      @Override void i32(int[] a, int ai, int[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] < b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] < b[bi + k]; }
      @Override void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = !a[ai + k] & b[bi + k]; }
      @Override int v32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF32.lt(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF64.lt(a, ai, b, bi, o, oi, n); }
    },
    /** {@code x <= y}. */
    LE("(%1$s <= %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] <= b[bi + k]; }
      @Override void f64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] <= b[bi + k]; }
      @Override void i32(int[] a, int ai, int[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] <= b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] <= b[bi + k]; }
      @Override void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = !a[ai + k] | b[bi + k]; }
      @Override int v32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF32.le(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF64.le(a, ai, b, bi, o, oi, n); }
    },
    /** {@code x > y}. */
    GT("(%1$s > %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] > b[bi + k]; }
      @Override void f64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] > b[bi + k]; }
      @Override void i32(int[] a, int ai, int[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] > b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] > b[bi + k]; }
      @Override void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] & !b[bi + k]; }
      @Override int v32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF32.gt(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF64.gt(a, ai, b, bi, o, oi, n); }
    },
    /** {@code x >= y}. */
    GE("(%1$s >= %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >= b[bi + k]; }
      @Override void f64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >= b[bi + k]; }
      @Override void i32(int[] a, int ai, int[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >= b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >= b[bi + k]; }
      @Override void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] | !b[bi + k]; }
      @Override int v32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF32.ge(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) { return CompareSimdF64.ge(a, ai, b, bi, o, oi, n); }
    };

    private final String c;

    Cmp(String c) { this.c = c; }

    /** The name of its scalar definition in {@link ScalarOpsF32}/{@code F64} (1 or 0; f32 and f64). */
    public String scalar() { return OpNames.camel(name()); }

    /** Its C spelling, a {@link String#format} template with the operands as {@code %1$s} and {@code %2$s}. */
    public String c() { return c; }

    abstract void f32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n);

    abstract void f64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n);

    abstract void i32(int[] a, int ai, int[] b, int bi, boolean[] o, int oi, int n);

    abstract void i64(long[] a, int ai, long[] b, int bi, boolean[] o, int oi, int n);

    abstract void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n);

    /** The vector definition over the whole vectors of the {@code n} elements; returns how many it did. */
    abstract int v32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n);

    abstract int v64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n);

    /** The SIMD loop: whole vectors by {@link #v32}, the rest by the scalar loop (exact comparisons: same results). */
    final void simd32(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
      int m = v32(a, ai, b, bi, o, oi, n);
      f32(a, ai + m, b, bi + m, o, oi + m, n - m);
    }

    final void simd64(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
      int m = v64(a, ai, b, bi, o, oi, n);
      f64(a, ai + m, b, bi + m, o, oi + m, n - m);
    }
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
      case float[] a when simd -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> c.simd32(a, xi, (float[]) ys, yi, o, oi, len));
      case double[] a when simd -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> c.simd64(a, xi, (double[]) ys, yi, o, oi, len));
      case float[] a -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> c.f32(a, xi, (float[]) ys, yi, o, oi, len));
      case double[] a -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> c.f64(a, xi, (double[]) ys, yi, o, oi, len));
      case int[] a -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> c.i32(a, xi, (int[]) ys, yi, o, oi, len));
      case long[] a -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> c.i64(a, xi, (long[]) ys, yi, o, oi, len));
      case boolean[] a -> Pairwise.run(n, xr, yr, g, (xi, yi, oi, len) -> c.bool(a, xi, (boolean[]) ys, yi, o, oi, len));
      default -> throw new AssertionError("unknown store " + xs.getClass());
    }
    return NdArray.wrap(shape, o);
  }
}
