package io.graft.numerics.kernels;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.Simd;

/**
 * Two-operand elementwise kernels {@code z[i] = x[i] op y[i]} over one dtype; a rank-0 operand broadcasts
 * (see {@link Pairwise}: it is never expanded to the output's size).
 *
 * <p>Each operation is a {@link Fn} row holding its loops. f32/f64 use the Vector API ({@link BinarySimdF32}) for the
 * operations it has a lanewise operator for when {@code Simd.AVAILABLE}; everything else runs the row's scalar loops. Integer semantics (documented, as XLA leaves
 * them to the implementation): {@code div} truncates toward zero and {@code x / 0 = 0}; {@code rem} has the sign
 * of the dividend and {@code x rem 0 = x}, so {@code (x / y) * y + x rem y == x} always holds; overflow wraps
 * ({@code MIN_VALUE / -1 = MIN_VALUE}). Float {@code rem} is C's {@code fmod}; {@code max}/{@code min} propagate
 * NaN and order {@code -0.0 < 0.0}. On bool, {@code max} is or and {@code min} is and. Shifts follow XLA: a shift
 * count outside {@code [0, width)} (read as unsigned) shifts every bit out rather than wrapping as Java's
 * {@code <<} does. u32 reads its values unsigned where that matters ({@code div, rem, max, min}).
 */
public final class BinaryKernels {
  /**
   * The numerics op table of two-operand elementwise math: one row per operation with the dtypes it accepts, its
   * scalar definition ({@link #scalar()}, the {@link ScalarOpsF32}/{@code F64} method its float loops call), its vector definition
   * (the {@link BinarySimdF32} loop its {@code v32}/{@code v64} run over the whole vectors, where it has one) and its C
   * spelling ({@link #c()}). Eager kernels run the row's loops; the jit's kernel IR rows ({@code BinaryFn}) and the
   * trace-level ops name these rows. Each row overrides its own loops ({@code o[oi+k] = a[ai+k] op b[bi+k]} for
   * {@code k < n}), so C2 compiles each on its own with its operation inlined.
   */
  public enum Fn {
    /** {@code x + y}. */
    ADD(Domain.NUMERIC, true, "(%1$s + %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF32.add(a[ai + k], b[bi + k]); }
      @Override void f64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF64.add(a[ai + k], b[bi + k]); }
      @Override int v32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { return BinarySimdF32.add(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { return BinarySimdF64.add(a, ai, b, bi, o, oi, n); }
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] + b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] + b[bi + k]; }
    },
    /** {@code x - y}. */
    SUB(Domain.NUMERIC, true, "(%1$s - %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF32.sub(a[ai + k], b[bi + k]); }
      @Override void f64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF64.sub(a[ai + k], b[bi + k]); }
      @Override int v32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { return BinarySimdF32.sub(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { return BinarySimdF64.sub(a, ai, b, bi, o, oi, n); }
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] - b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] - b[bi + k]; }
    },
    /** {@code x * y}. */
    MUL(Domain.NUMERIC, true, "(%1$s * %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF32.mul(a[ai + k], b[bi + k]); }
      @Override void f64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF64.mul(a[ai + k], b[bi + k]); }
      @Override int v32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { return BinarySimdF32.mul(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { return BinarySimdF64.mul(a, ai, b, bi, o, oi, n); }
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] * b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] * b[bi + k]; }
    },
    /** {@code x / y} (integers truncate toward zero; {@code x / 0 = 0}). */
    DIV(Domain.NUMERIC, true, "(%1$s / %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF32.div(a[ai + k], b[bi + k]); }
      @Override void f64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF64.div(a[ai + k], b[bi + k]); }
      @Override int v32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { return BinarySimdF32.div(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { return BinarySimdF64.div(a, ai, b, bi, o, oi, n); }
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = b[bi + k] == 0 ? 0 : a[ai + k] / b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = b[bi + k] == 0 ? 0 : a[ai + k] / b[bi + k]; }
    },
    /** Remainder with the dividend's sign (C {@code fmod}; integers: {@code x rem 0 = x}). */
    REM(Domain.NUMERIC, false, "fmod(%1$s, %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF32.rem(a[ai + k], b[bi + k]); }
      @Override void f64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF64.rem(a[ai + k], b[bi + k]); }
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = b[bi + k] == 0 ? a[ai + k] : a[ai + k] % b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = b[bi + k] == 0 ? a[ai + k] : a[ai + k] % b[bi + k]; }
    },
    /** {@code x^y}. */
    POW(Domain.FLOAT, false, "pow(%1$s, %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF32.pow(a[ai + k], b[bi + k]); }
      @Override void f64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF64.pow(a[ai + k], b[bi + k]); }
    },
    /** NaN-propagating maximum, {@code -0.0 < 0.0} (or, on bool). */
    MAX(Domain.ANY, true, "max_nan(%1$s, %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF32.max(a[ai + k], b[bi + k]); }
      @Override void f64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF64.max(a[ai + k], b[bi + k]); }
      @Override int v32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { return BinarySimdF32.max(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { return BinarySimdF64.max(a, ai, b, bi, o, oi, n); }
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = Math.max(a[ai + k], b[bi + k]); }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = Math.max(a[ai + k], b[bi + k]); }
      @Override void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] | b[bi + k]; }
    },
    /** NaN-propagating minimum, {@code -0.0 < 0.0} (and, on bool). */
    MIN(Domain.ANY, true, "min_nan(%1$s, %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF32.min(a[ai + k], b[bi + k]); }
      @Override void f64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF64.min(a[ai + k], b[bi + k]); }
      @Override int v32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { return BinarySimdF32.min(a, ai, b, bi, o, oi, n); }
      @Override int v64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { return BinarySimdF64.min(a, ai, b, bi, o, oi, n); }
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = Math.min(a[ai + k], b[bi + k]); }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = Math.min(a[ai + k], b[bi + k]); }
      @Override void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] & b[bi + k]; }
    },
    /** {@code atan2(x, y)}: the angle of the point {@code (y, x)}. */
    ATAN2(Domain.FLOAT, false, "atan2(%1$s, %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF32.atan2(a[ai + k], b[bi + k]); }
      @Override void f64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF64.atan2(a[ai + k], b[bi + k]); }
    },
    /** Logical and (bool), bitwise and (integers); no float form. */
    AND(Domain.INTEGRAL_OR_BOOL, true, null) {
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] & b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] & b[bi + k]; }
      @Override void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] & b[bi + k]; }
    },
    /** Logical or (bool), bitwise or (integers); no float form. */
    OR(Domain.INTEGRAL_OR_BOOL, true, null) {
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] | b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] | b[bi + k]; }
      @Override void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] | b[bi + k]; }
    },
    /** Logical xor (bool), bitwise xor (integers); no float form. */
    XOR(Domain.INTEGRAL_OR_BOOL, true, null) {
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] ^ b[bi + k]; }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] ^ b[bi + k]; }
      @Override void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] ^ b[bi + k]; }
    },
    /** {@code x << y}; 0 when {@code y} (read unsigned) is at least the width; no float form. */
    SHIFT_LEFT(Domain.INTEGER, true, null) {
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = Integer.compareUnsigned(b[bi + k], 32) < 0 ? a[ai + k] << b[bi + k] : 0; }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = Long.compareUnsigned(b[bi + k], 64) < 0 ? a[ai + k] << b[bi + k] : 0; }
    },
    /** {@code x >>> y} (zeros shifted in); 0 when {@code y} (read unsigned) is at least the width; no float form. */
    SHIFT_RIGHT_LOGICAL(Domain.INTEGER, true, null) {
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = Integer.compareUnsigned(b[bi + k], 32) < 0 ? a[ai + k] >>> b[bi + k] : 0; }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = Long.compareUnsigned(b[bi + k], 64) < 0 ? a[ai + k] >>> b[bi + k] : 0; }
    },
    /** {@code x >> y} (sign bits shifted in); all sign bits when {@code y} (read unsigned) is at least the width. */
    SHIFT_RIGHT_ARITHMETIC(Domain.INTEGER, true, null) {
      @Override void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >> (Integer.compareUnsigned(b[bi + k], 32) < 0 ? b[bi + k] : 31); }
      @Override void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >> (Long.compareUnsigned(b[bi + k], 64) < 0 ? b[bi + k] : 63); }
    },
    /** The next representable value after {@code x} toward {@code y}. */
    NEXTAFTER(Domain.FLOAT, true, "nextafter(%1$s, %2$s)") {
      @Override void f32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF32.nextafter(a[ai + k], b[bi + k]); }
      @Override void f64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { for (int k = 0; k < n; k++) o[oi + k] = ScalarOpsF64.nextafter(a[ai + k], b[bi + k]); }
    };

    private final Domain domain;
    private final boolean cheap;
    private final String c;

    Fn(Domain domain, boolean cheap, String c) {
      this.domain = domain;
      this.cheap = cheap;
      this.c = c;
    }

    /** The dtypes this operation accepts. */
    public Domain domain() { return domain; }

    /** The name of its scalar definition in {@link ScalarOpsF32}/{@code F64} (f32 and f64): the row's name in lower case. */
    public String scalar() { return OpNames.camel(name()); }

    /**
     * Its C spelling for float operands, a {@link String#format} template with the operands as {@code %1$s} and
     * {@code %2$s}, for the accelerator backends; empty for the integer/bool-only rows.
     */
    public java.util.Optional<String> c() { return java.util.Optional.ofNullable(c); }

    int grain() { return cheap ? UnaryKernels.CHEAP_GRAIN : UnaryKernels.COSTLY_GRAIN; }

    void f32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { throw new AssertionError(this + " has no f32 loop"); }

    void f64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { throw new AssertionError(this + " has no f64 loop"); }

    void i32(int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) { throw new AssertionError(this + " has no i32 loop"); }

    void i64(long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) { throw new AssertionError(this + " has no i64 loop"); }

    void bool(boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) { throw new AssertionError(this + " has no bool loop"); }

    /** The vector definition over the whole vectors of the {@code n} elements; returns how many it did (0: none). */
    int v32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) { return 0; }

    int v64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) { return 0; }

    /** The SIMD loop: whole vectors by {@link #v32}, the rest by the scalar loop (one IEEE operation per lane: same bits). */
    final void simd32(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
      int m = v32(a, ai, b, bi, o, oi, n);
      f32(a, ai + m, b, bi + m, o, oi + m, n - m);
    }

    final void simd64(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
      int m = v64(a, ai, b, bi, o, oi, n);
      f64(a, ai + m, b, bi + m, o, oi + m, n - m);
    }
  }

  private BinaryKernels() {}

  /** {@code x op y}, elementwise; one dtype, equal shapes or a rank-0 operand. */
  public static NdArray apply(Fn f, NdArray x, NdArray y) {
    Shape shape = Pairwise.shape(f, x, y);
    Pairwise.check(f, f.domain(), x.dtype(), x.shape());
    if (Unsigned.is(x.dtype())) {
      switch (f) {
        case MAX, MIN -> { return Unsigned.fromOrdered(apply(f, Unsigned.toOrdered(x), Unsigned.toOrdered(y))); }
        case DIV, REM -> { return Unsigned.divRem(f == Fn.DIV, x, y, shape); }
        default -> { }                                         // the same bits as i32's loop
      }
    }
    int n = shape.size();
    boolean xr = Pairwise.replicated(x, n), yr = Pairwise.replicated(y, n);
    Object xs = Pairwise.store(x, n), ys = Pairwise.store(y, n), out = NdArray.newStore(x.dtype(), n);
    boolean simd = Simd.AVAILABLE;
    if (n <= Pairwise.BLOCK && n < 2 * f.grain()) loop(f, simd, xs, ys, out, 0, 0, 0, n);   // one block, one chunk: direct
    else Pairwise.run(n, xr, yr, f.grain(), (xi, yi, oi, len) -> loop(f, simd, xs, ys, out, xi, yi, oi, len));
    return NdArray.wrapStore(x.dtype(), shape, out);
  }

  /** {@code o[oi+k] = x[xi+k] op y[yi+k]} for {@code k < len}, with the loop for the stores' dtype (SIMD where {@code simd}). */
  private static void loop(Fn f, boolean simd, Object xs, Object ys, Object out, int xi, int yi, int oi, int len) {
    switch (xs) {
      case float[] a when simd -> f.simd32(a, xi, (float[]) ys, yi, (float[]) out, oi, len);
      case double[] a when simd -> f.simd64(a, xi, (double[]) ys, yi, (double[]) out, oi, len);
      case float[] a -> f.f32(a, xi, (float[]) ys, yi, (float[]) out, oi, len);
      case double[] a -> f.f64(a, xi, (double[]) ys, yi, (double[]) out, oi, len);
      case int[] a -> f.i32(a, xi, (int[]) ys, yi, (int[]) out, oi, len);
      case long[] a -> f.i64(a, xi, (long[]) ys, yi, (long[]) out, oi, len);
      case boolean[] a -> f.bool(a, xi, (boolean[]) ys, yi, (boolean[]) out, oi, len);
      default -> throw new AssertionError("unknown store " + xs.getClass());
    }
  }
}
