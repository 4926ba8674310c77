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

  /**
   * The functions: the numerics op table of one-operand elementwise math, one row per function with the dtypes it
   * accepts and how it is computed ({@link Kind}). The jit's kernel IR rows ({@code UnaryFn}) and the trace-level
   * ops ({@code UnaryOp}: name and derivative) name these rows.
   */
  public enum Fn {
    /** {@code -x}. */ NEG(Domain.NUMERIC, Kind.CHEAP),
    /** {@code -1, 0, 1} (floats: signed zero and NaN pass through). */ SIGN(Domain.NUMERIC, Kind.CHEAP),
    /** Round toward -inf. */ FLOOR(Domain.FLOAT, Kind.CHEAP),
    /** Round toward +inf. */ CEIL(Domain.FLOAT, Kind.CHEAP),
    /** Round half away from zero. */ ROUND(Domain.FLOAT, Kind.CHEAP),
    /** Round half to even. */ ROUND_EVEN(Domain.FLOAT, Kind.CHEAP),
    /** Neither infinite nor NaN; the result is bool. */ IS_FINITE(Domain.FLOAT, Kind.CHEAP),
    /** {@code e^x}. */ EXP(Domain.FLOAT, Kind.POLYNOMIAL),
    /** {@code 2^x}. */ EXP2(Domain.FLOAT, Kind.COSTLY),
    /** Natural log. */ LOG(Domain.FLOAT, Kind.POLYNOMIAL),
    /** {@code ln(1 + x)}. */ LOG1P(Domain.FLOAT, Kind.POLYNOMIAL),
    /** {@code e^x - 1}. */ EXPM1(Domain.FLOAT, Kind.POLYNOMIAL),
    /** Hyperbolic tangent. */ TANH(Domain.FLOAT, Kind.POLYNOMIAL),
    /** {@code 1 / (1 + e^-x)}. */ LOGISTIC(Domain.FLOAT, Kind.POLYNOMIAL),
    /** Sine. */ SIN(Domain.FLOAT, Kind.POLYNOMIAL),
    /** Cosine. */ COS(Domain.FLOAT, Kind.POLYNOMIAL),
    /** Tangent. */ TAN(Domain.FLOAT, Kind.COSTLY),
    /** Arc sine. */ ASIN(Domain.FLOAT, Kind.COSTLY),
    /** Arc cosine. */ ACOS(Domain.FLOAT, Kind.COSTLY),
    /** Arc tangent. */ ATAN(Domain.FLOAT, Kind.COSTLY),
    /** Hyperbolic sine. */ SINH(Domain.FLOAT, Kind.COSTLY),
    /** Hyperbolic cosine. */ COSH(Domain.FLOAT, Kind.COSTLY),
    /** Inverse hyperbolic sine. */ ASINH(Domain.FLOAT, Kind.COSTLY),
    /** Inverse hyperbolic cosine. */ ACOSH(Domain.FLOAT, Kind.COSTLY),
    /** Inverse hyperbolic tangent. */ ATANH(Domain.FLOAT, Kind.COSTLY),
    /** Square root. */ SQRT(Domain.FLOAT, Kind.CHEAP),
    /** {@code 1 / sqrt(x)}. */ RSQRT(Domain.FLOAT, Kind.CHEAP),
    /** Cube root. */ CBRT(Domain.FLOAT, Kind.COSTLY),
    /** {@code |x|} (integers wrap: {@code |MIN_VALUE| = MIN_VALUE}). */ ABS(Domain.NUMERIC, Kind.CHEAP),
    /** The error function. */ ERF(Domain.FLOAT, Kind.COSTLY),
    /** The inverse error function. */ ERF_INV(Domain.FLOAT, Kind.COSTLY),
    /** Logical not (bool), bitwise not (integers). */ NOT(Domain.INTEGRAL_OR_BOOL, Kind.CHEAP),
    /** {@code x * x}. */ SQUARE(Domain.NUMERIC, Kind.CHEAP);

    private final Domain domain;
    private final Kind kind;

    Fn(Domain domain, Kind kind) {
      this.domain = domain;
      this.kind = kind;
    }

    /** The dtypes this function accepts. */
    public Domain domain() { return domain; }

    /** The result dtype for an operand of dtype {@code d} (bool for {@link #IS_FINITE}, else {@code d}). */
    public DType resultDType(DType d) { return this == IS_FINITE ? DType.BOOL : d; }

    /**
     * True if computed by {@code VectorMath.<name>} on vectors and its bit-identical twin
     * {@code ScalarMath.<name>} elsewhere ({@code <name>} is the row's name in lower case), in eager and fused
     * kernels alike.
     */
    public boolean polynomial() { return kind == Kind.POLYNOMIAL; }

    int grain() { return kind == Kind.CHEAP ? CHEAP_GRAIN : COSTLY_GRAIN; }
  }

  /** How a {@link Fn} is computed, which also sets its parallel grain. */
  public enum Kind {
    /** A few cycles per element: exact operations, rounding, {@link Math#sqrt}. */
    CHEAP,
    /** {@link Math} or {@link SpecialMath} element by element (the same in every kernel). */
    COSTLY,
    /** {@link VectorMath}'s polynomial on vectors, its {@link ScalarMath} twin elsewhere: the same bits. */
    POLYNOMIAL
  }

  private UnaryKernels() {}

  /** {@code f} applied to every element of {@code x}; a {@link DTypeError} outside {@code f}'s domain. */
  public static NdArray apply(Fn f, NdArray x) {
    if (!f.domain().accepts(x.dtype()))
      throw new DTypeError(f.name().toLowerCase() + ": no kernel for " + x.dtype() + x.shape() + "; it needs " + f.domain().description());
    if (Unsigned.is(x.dtype()) && f == Fn.ABS) return x;                       // unsigned: |x| = x
    if (Unsigned.is(x.dtype()) && f == Fn.SIGN) return x.astype(DType.BOOL).astype(DType.U32);   // 0 or 1
    int n = x.size(), grain = f.grain();
    boolean simd = Simd.AVAILABLE && UnarySimd.supports(f, x.dtype());
    Object in = x.store(), out = NdArray.newStore(f.resultDType(x.dtype()), n);
    if (n < 2 * grain) loop(f, simd, in, out, 0, n);          // one chunk: no range machinery, no captured lambda
    else Parallel.range(n, grain, (lo, hi) -> loop(f, simd, in, out, lo, hi));
    return NdArray.wrapStore(f.resultDType(x.dtype()), x.shape(), out);
  }

  /** {@code out[lo, hi) = f(in[lo, hi))} with the loop for {@code in}'s dtype (SIMD where {@code simd}). */
  private static void loop(Fn f, boolean simd, Object in, Object out, int lo, int hi) {
    switch (in) {
      case float[] a when f == Fn.IS_FINITE -> UnaryScalar.isFinite(a, (boolean[]) out, lo, hi);
      case double[] a when f == Fn.IS_FINITE -> UnaryScalar.isFinite(a, (boolean[]) out, lo, hi);
      case float[] a when simd -> UnarySimd.f32(f, a, (float[]) out, lo, hi);
      case double[] a when simd -> UnarySimd.f64(f, a, (double[]) out, lo, hi);
      case float[] a -> UnaryScalar.f32(f, a, (float[]) out, lo, hi);
      case double[] a -> UnaryScalar.f64(f, a, (double[]) out, lo, hi);
      case int[] a -> UnaryScalar.i32(f, a, (int[]) out, lo, hi);
      case long[] a -> UnaryScalar.i64(f, a, (long[]) out, lo, hi);
      case boolean[] a -> UnaryScalar.bool(f, a, (boolean[]) out, lo, hi);
      default -> throw new AssertionError("unknown store " + in.getClass());
    }
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
      case int[] a -> { int[] o = new int[n]; Parallel.range(n, CHEAP_GRAIN, (lo, hi) -> IntegerPowLoops.i32(a, y, o, lo, hi)); yield NdArray.wrapStore(x.dtype(), s, o); }
      case long[] a -> { long[] o = new long[n]; Parallel.range(n, CHEAP_GRAIN, (lo, hi) -> IntegerPowLoops.i64(a, y, o, lo, hi)); yield NdArray.wrap(s, o); }
      default -> throw new AssertionError("unknown store " + x.store().getClass());
    };
  }
}
