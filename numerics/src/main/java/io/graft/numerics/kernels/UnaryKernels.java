package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;
import io.graft.numerics.Simd;

/**
 * One-operand elementwise kernels {@code y[i] = f(x[i])}, and {@code integer_pow}.
 *
 * <p>One loop per (function, dtype), chosen before the loop. f32 and f64 use the Vector API
 * ({@code SPECIES_PREFERRED} lanes, {@link UnarySimd}) for the functions where its lanewise operators (or a short
 * composition: {@code rsqrt}, {@code logistic}, {@code square}, f32 {@code erf}) beat the scalar loop, when
 * {@link Simd#AVAILABLE}; everything else runs the scalar loops of {@link UnaryScalar}. Arrays of at least two
 * grains are split over the kernel threads (a grain is {@value #CHEAP_GRAIN} elements for cheap functions,
 * {@value #COSTLY_GRAIN} for transcendental ones). Inputs are read, never written; results are fresh arrays.
 *
 * <p>Accuracy: exp, expm1, log, log1p, tanh, logistic, sin and cos are {@link VectorMath}'s polynomials (1-3 ulp),
 * in the scalar loops their twins ({@link ScalarMath}), so the SIMD and scalar loops give the same bits; the other
 * scalar f64 loops call {@link Math} (or {@link SpecialMath}), the other f32 loops compute in double and round once,
 * except the exactly rounded ones ({@code neg}, {@code abs}, {@code floor}, ...) and {@code erf} (in float, with the
 * SIMD loop's fma sequence).
 */
public final class UnaryKernels {
  /** Grain for cheap functions (a few cycles per element). */
  public static final int CHEAP_GRAIN = 1 << 15;
  /** Grain for transcendental functions. */
  public static final int COSTLY_GRAIN = 1 << 12;

  /** The functions, with the dtypes each accepts and whether it is cheap. */
  public enum Fn {
    /** {@code -x}. */ NEG(Domain.NUMERIC, true),
    /** {@code -1, 0, 1} (floats: signed zero and NaN pass through). */ SIGN(Domain.NUMERIC, true),
    /** Round toward -inf. */ FLOOR(Domain.FLOAT, true),
    /** Round toward +inf. */ CEIL(Domain.FLOAT, true),
    /** Round half away from zero. */ ROUND(Domain.FLOAT, true),
    /** Round half to even. */ ROUND_EVEN(Domain.FLOAT, true),
    /** Neither infinite nor NaN; the result is bool. */ IS_FINITE(Domain.FLOAT, true),
    /** {@code e^x}. */ EXP(Domain.FLOAT, false),
    /** {@code 2^x}. */ EXP2(Domain.FLOAT, false),
    /** Natural log. */ LOG(Domain.FLOAT, false),
    /** {@code ln(1 + x)}. */ LOG1P(Domain.FLOAT, false),
    /** {@code e^x - 1}. */ EXPM1(Domain.FLOAT, false),
    /** Hyperbolic tangent. */ TANH(Domain.FLOAT, false),
    /** {@code 1 / (1 + e^-x)}. */ LOGISTIC(Domain.FLOAT, false),
    /** Sine. */ SIN(Domain.FLOAT, false),
    /** Cosine. */ COS(Domain.FLOAT, false),
    /** Tangent. */ TAN(Domain.FLOAT, false),
    /** Arc sine. */ ASIN(Domain.FLOAT, false),
    /** Arc cosine. */ ACOS(Domain.FLOAT, false),
    /** Arc tangent. */ ATAN(Domain.FLOAT, false),
    /** Hyperbolic sine. */ SINH(Domain.FLOAT, false),
    /** Hyperbolic cosine. */ COSH(Domain.FLOAT, false),
    /** Inverse hyperbolic sine. */ ASINH(Domain.FLOAT, false),
    /** Inverse hyperbolic cosine. */ ACOSH(Domain.FLOAT, false),
    /** Inverse hyperbolic tangent. */ ATANH(Domain.FLOAT, false),
    /** Square root. */ SQRT(Domain.FLOAT, true),
    /** {@code 1 / sqrt(x)}. */ RSQRT(Domain.FLOAT, true),
    /** Cube root. */ CBRT(Domain.FLOAT, false),
    /** {@code |x|} (integers wrap: {@code |MIN_VALUE| = MIN_VALUE}). */ ABS(Domain.NUMERIC, true),
    /** The error function. */ ERF(Domain.FLOAT, false),
    /** The inverse error function. */ ERF_INV(Domain.FLOAT, false),
    /** Logical not (bool), bitwise not (integers). */ NOT(Domain.INTEGRAL_OR_BOOL, true),
    /** {@code x * x}. */ SQUARE(Domain.NUMERIC, true);

    private final Domain domain;
    private final boolean cheap;

    Fn(Domain domain, boolean cheap) {
      this.domain = domain;
      this.cheap = cheap;
    }

    /** The dtypes this function accepts. */
    public Domain domain() { return domain; }

    /** The result dtype for an operand of dtype {@code d} (bool for {@link #IS_FINITE}, else {@code d}). */
    public DType resultDType(DType d) { return this == IS_FINITE ? DType.BOOL : d; }

    int grain() { return cheap ? CHEAP_GRAIN : COSTLY_GRAIN; }
  }

  private UnaryKernels() {}

  /** {@code f} applied to every element of {@code x}; a {@link DTypeError} outside {@code f}'s domain. */
  public static NdArray apply(Fn f, NdArray x) {
    if (!f.domain().accepts(x.dtype()))
      throw new DTypeError(f.name().toLowerCase() + ": no kernel for " + x.dtype() + x.shape() + "; it needs " + f.domain().description());
    int n = x.size(), grain = f.grain();
    boolean simd = Simd.AVAILABLE && UnarySimd.supports(f, x.dtype());
    Object out = NdArray.newStore(f.resultDType(x.dtype()), n);
    switch (x.store()) {
      case float[] a when f == Fn.IS_FINITE -> Parallel.range(n, grain, (lo, hi) -> UnaryScalar.isFinite(a, (boolean[]) out, lo, hi));
      case double[] a when f == Fn.IS_FINITE -> Parallel.range(n, grain, (lo, hi) -> UnaryScalar.isFinite(a, (boolean[]) out, lo, hi));
      case float[] a when simd -> Parallel.range(n, grain, (lo, hi) -> UnarySimd.f32(f, a, (float[]) out, lo, hi));
      case double[] a when simd -> Parallel.range(n, grain, (lo, hi) -> UnarySimd.f64(f, a, (double[]) out, lo, hi));
      case float[] a -> Parallel.range(n, grain, (lo, hi) -> UnaryScalar.f32(f, a, (float[]) out, lo, hi));
      case double[] a -> Parallel.range(n, grain, (lo, hi) -> UnaryScalar.f64(f, a, (double[]) out, lo, hi));
      case int[] a -> Parallel.range(n, grain, (lo, hi) -> UnaryScalar.i32(f, a, (int[]) out, lo, hi));
      case long[] a -> Parallel.range(n, grain, (lo, hi) -> UnaryScalar.i64(f, a, (long[]) out, lo, hi));
      case boolean[] a -> Parallel.range(n, grain, (lo, hi) -> UnaryScalar.bool(f, a, (boolean[]) out, lo, hi));
      default -> throw new AssertionError("unknown store " + x.store().getClass());
    }
    return NdArray.wrapStore(f.resultDType(x.dtype()), x.shape(), out);
  }

  /**
   * {@code x^y} by repeated squaring, computed in {@code x}'s dtype ({@code lax.integer_pow}): the same products
   * as JAX's expansion, so f32 results match it bit for bit; integers wrap. {@code y < 0} gives {@code 1 / x^|y|}
   * and needs a float dtype; {@code y = 0} gives ones.
   */
  public static NdArray integerPow(NdArray x, int y) {
    DType d = x.dtype();
    if (d.isBool() || (y < 0 && !d.isFloating()))
      throw new DTypeError("integer_pow: no kernel for " + d + x.shape() + " with y=" + y
          + (d.isBool() ? "; it needs a numeric dtype" : "; a negative exponent needs a floating dtype"));
    int n = x.size();
    Shape s = x.shape();
    return switch (x.store()) {
      case float[] a -> { float[] o = new float[n]; Parallel.range(n, CHEAP_GRAIN, (lo, hi) -> IntegerPowLoops.f32(a, y, o, lo, hi)); yield NdArray.wrap(s, o); }
      case double[] a -> { double[] o = new double[n]; Parallel.range(n, CHEAP_GRAIN, (lo, hi) -> IntegerPowLoops.f64(a, y, o, lo, hi)); yield NdArray.wrap(s, o); }
      case int[] a -> { int[] o = new int[n]; Parallel.range(n, CHEAP_GRAIN, (lo, hi) -> IntegerPowLoops.i32(a, y, o, lo, hi)); yield NdArray.wrap(s, o); }
      case long[] a -> { long[] o = new long[n]; Parallel.range(n, CHEAP_GRAIN, (lo, hi) -> IntegerPowLoops.i64(a, y, o, lo, hi)); yield NdArray.wrap(s, o); }
      default -> throw new AssertionError("unknown store " + x.store().getClass());
    };
  }
}
