package io.graft.numerics.kernels;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.Simd;

/**
 * Two-operand elementwise kernels {@code z[i] = x[i] op y[i]} over one dtype; a rank-0 operand broadcasts
 * (see {@link Pairwise}: it is never expanded to the output's size).
 *
 * <p>f32/f64 use the Vector API ({@link BinarySimd}) for the operations it has a lanewise operator for when
 * {@code Simd.AVAILABLE}; everything else runs {@link BinaryScalar}. Integer semantics (documented, as XLA leaves
 * them to the implementation): {@code div} truncates toward zero and {@code x / 0 = 0}; {@code rem} has the sign
 * of the dividend and {@code x rem 0 = x}, so {@code (x / y) * y + x rem y == x} always holds; overflow wraps
 * ({@code MIN_VALUE / -1 = MIN_VALUE}). Float {@code rem} is C's {@code fmod}; {@code max}/{@code min} propagate
 * NaN and order {@code -0.0 < 0.0}. On bool, {@code max} is or and {@code min} is and. Shifts follow XLA: a shift
 * count outside {@code [0, width)} (read as unsigned) shifts every bit out rather than wrapping as Java's
 * {@code <<} does. u32 reads its values unsigned where that matters ({@code div, rem, max, min}).
 */
public final class BinaryKernels {
  /** The operations, with the dtypes each accepts. */
  public enum Fn {
    /** {@code x + y}. */ ADD(Domain.NUMERIC, true),
    /** {@code x - y}. */ SUB(Domain.NUMERIC, true),
    /** {@code x * y}. */ MUL(Domain.NUMERIC, true),
    /** {@code x / y} (integers truncate toward zero; {@code x / 0 = 0}). */ DIV(Domain.NUMERIC, true),
    /** Remainder with the dividend's sign (C {@code fmod}; integers: {@code x rem 0 = x}). */ REM(Domain.NUMERIC, false),
    /** {@code x^y}. */ POW(Domain.FLOAT, false),
    /** NaN-propagating maximum (or, on bool). */ MAX(Domain.ANY, true),
    /** NaN-propagating minimum (and, on bool). */ MIN(Domain.ANY, true),
    /** {@code atan2(x, y)}: the angle of the point {@code (y, x)}. */ ATAN2(Domain.FLOAT, false),
    /** Logical and (bool), bitwise and (integers). */ AND(Domain.INTEGRAL_OR_BOOL, true),
    /** Logical or (bool), bitwise or (integers). */ OR(Domain.INTEGRAL_OR_BOOL, true),
    /** Logical xor (bool), bitwise xor (integers). */ XOR(Domain.INTEGRAL_OR_BOOL, true),
    /** {@code x << y}; 0 when {@code y} (read unsigned) is at least the width. */ SHIFT_LEFT(Domain.INTEGER, true),
    /** {@code x >>> y} (zeros shifted in); 0 when {@code y} (read unsigned) is at least the width. */
    SHIFT_RIGHT_LOGICAL(Domain.INTEGER, true),
    /** {@code x >> y} (sign bits shifted in); all sign bits when {@code y} (read unsigned) is at least the width. */
    SHIFT_RIGHT_ARITHMETIC(Domain.INTEGER, true),
    /** The next representable value after {@code x} toward {@code y}. */ NEXTAFTER(Domain.FLOAT, true);

    private final Domain domain;
    private final boolean cheap;

    Fn(Domain domain, boolean cheap) {
      this.domain = domain;
      this.cheap = cheap;
    }

    /** The dtypes this operation accepts. */
    public Domain domain() { return domain; }

    int grain() { return cheap ? UnaryKernels.CHEAP_GRAIN : UnaryKernels.COSTLY_GRAIN; }
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
    boolean simd = Simd.AVAILABLE && BinarySimd.supports(f, x.dtype());
    if (n <= Pairwise.BLOCK && n < 2 * f.grain()) loop(f, simd, xs, ys, out, 0, 0, 0, n);   // one block, one chunk: direct
    else Pairwise.run(n, xr, yr, f.grain(), (xi, yi, oi, len) -> loop(f, simd, xs, ys, out, xi, yi, oi, len));
    return NdArray.wrapStore(x.dtype(), shape, out);
  }

  /** {@code o[oi+k] = x[xi+k] op y[yi+k]} for {@code k < len}, with the loop for the stores' dtype (SIMD where {@code simd}). */
  private static void loop(Fn f, boolean simd, Object xs, Object ys, Object out, int xi, int yi, int oi, int len) {
    switch (xs) {
      case float[] a when simd -> BinarySimd.f32(f, a, xi, (float[]) ys, yi, (float[]) out, oi, len);
      case double[] a when simd -> BinarySimd.f64(f, a, xi, (double[]) ys, yi, (double[]) out, oi, len);
      case float[] a -> BinaryScalar.f32(f, a, xi, (float[]) ys, yi, (float[]) out, oi, len);
      case double[] a -> BinaryScalar.f64(f, a, xi, (double[]) ys, yi, (double[]) out, oi, len);
      case int[] a -> BinaryScalar.i32(f, a, xi, (int[]) ys, yi, (int[]) out, oi, len);
      case long[] a -> BinaryScalar.i64(f, a, xi, (long[]) ys, yi, (long[]) out, oi, len);
      case boolean[] a -> BinaryScalar.bool(f, a, xi, (boolean[]) ys, yi, (boolean[]) out, oi, len);
      default -> throw new AssertionError("unknown store " + xs.getClass());
    }
  }
}
