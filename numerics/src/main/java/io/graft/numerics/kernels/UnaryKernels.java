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
 * <p>One loop per (function, dtype), each a method of the function's {@link Fn} row, chosen before the loop. f32
 * and f64 use the Vector API ({@code SPECIES_PREFERRED} lanes, {@link UnarySimdF32}) for the functions where its
 * lanewise operators (or a short composition: {@code rsqrt}, {@code logistic}, {@code square}, f32 {@code erf}) beat
 * the scalar loop, when {@link Simd#AVAILABLE}; everything else runs the row's scalar loops. Arrays of at least two
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
   * The numerics op table of one-operand elementwise math: one row per function with the dtypes it accepts
   * ({@link #domain()}), how it is computed ({@link Kind}), its scalar definition ({@link #scalar()}: the
   * {@link ScalarMath} or {@link ScalarOpsF32}/{@code F64} method its scalar loops call, f32 and f64), its vector definition
   * (the {@link UnarySimdF32} loop its {@code v32}/{@code v64} run over the whole vectors, absent where the scalar loop is
   * as fast or the Vector API's rounding differs) and its C spelling ({@link #c()}). Eager kernels run the row's loops;
   * the jit's kernel IR rows ({@code UnaryFn}) and the trace-level ops ({@code UnaryOp}: name and derivative) name
   * these rows. Adding a function is one row here (plus, for the trace, its derivative rule).
   *
   * <p>Each row overrides its own loops, so C2 compiles every loop on its own with its function inlined (one loop
   * behind a switch dispatcher let C2 inline the first hot loops and leave the Vector API calls of the next boxed).
   */
  public enum Fn {
    /** {@code -x}. */
    NEG(Domain.NUMERIC, Kind.CHEAP, "(-%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.neg(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.neg(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.neg(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.neg(a, o, lo, hi); }
      @Override void i32(int[] a, int[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = -a[i]; }
      @Override void i64(long[] a, long[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = -a[i]; }
    },
    /** {@code -1, 0, 1} (floats: signed zero and NaN pass through). */
    SIGN(Domain.NUMERIC, Kind.CHEAP, "sign(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.sign(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.sign(a[i]); }
      @Override void i32(int[] a, int[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = Integer.signum(a[i]); }
      @Override void i64(long[] a, long[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = Long.signum(a[i]); }
    },
    /** Round toward -inf. */
    FLOOR(Domain.FLOAT, Kind.CHEAP, "floor(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.floor(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.floor(a[i]); }
    },
    /** Round toward +inf. */
    CEIL(Domain.FLOAT, Kind.CHEAP, "ceil(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.ceil(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.ceil(a[i]); }
    },
    /** Round half away from zero. */
    ROUND(Domain.FLOAT, Kind.CHEAP, "round(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.round(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.round(a[i]); }
    },
    /** Round half to even. */
    ROUND_EVEN(Domain.FLOAT, Kind.CHEAP, "rint(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.roundEven(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.roundEven(a[i]); }
    },
    /** Neither infinite nor NaN; the result is bool. */
    IS_FINITE(Domain.FLOAT, Kind.CHEAP, "isfinite(%s)") {
      @Override void mask32(float[] a, boolean[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.isFinite(a[i]); }
      @Override void mask64(double[] a, boolean[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.isFinite(a[i]); }
    },
    /** {@code e^x}. */
    EXP(Domain.FLOAT, Kind.POLYNOMIAL, "exp(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.exp(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.exp(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.exp(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.exp(a, o, lo, hi); }
    },
    /** {@code 2^x}. */
    EXP2(Domain.FLOAT, Kind.COSTLY, "exp2(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.exp2(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.exp2(a[i]); }
    },
    /** Natural log; NaN below 0. */
    LOG(Domain.FLOAT, Kind.POLYNOMIAL, "log(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.log(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.log(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.log(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.log(a, o, lo, hi); }
    },
    /** {@code ln(1 + x)}. */
    LOG1P(Domain.FLOAT, Kind.POLYNOMIAL, "log1p(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.log1p(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.log1p(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.log1p(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.log1p(a, o, lo, hi); }
    },
    /** {@code e^x - 1}. */
    EXPM1(Domain.FLOAT, Kind.POLYNOMIAL, "expm1(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.expm1(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.expm1(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.expm1(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.expm1(a, o, lo, hi); }
    },
    /** Hyperbolic tangent. */
    TANH(Domain.FLOAT, Kind.POLYNOMIAL, "tanh(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.tanh(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.tanh(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.tanh(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.tanh(a, o, lo, hi); }
    },
    /** {@code 1 / (1 + e^-x)}. */
    LOGISTIC(Domain.FLOAT, Kind.POLYNOMIAL, "(1 / (1 + exp(-(%s))))") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.logistic(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.logistic(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.logistic(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.logistic(a, o, lo, hi); }
    },
    /** Sine. */
    SIN(Domain.FLOAT, Kind.POLYNOMIAL, "sin(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.sin(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.sin(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.sin(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.sin(a, o, lo, hi); }
    },
    /** Cosine. */
    COS(Domain.FLOAT, Kind.POLYNOMIAL, "cos(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.cos(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarMath.cos(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.cos(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.cos(a, o, lo, hi); }
    },
    /** Tangent. */
    TAN(Domain.FLOAT, Kind.COSTLY, "tan(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.tan(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.tan(a[i]); }
    },
    /** Arc sine. */
    ASIN(Domain.FLOAT, Kind.COSTLY, "asin(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.asin(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.asin(a[i]); }
    },
    /** Arc cosine. */
    ACOS(Domain.FLOAT, Kind.COSTLY, "acos(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.acos(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.acos(a[i]); }
    },
    /** Arc tangent. */
    ATAN(Domain.FLOAT, Kind.COSTLY, "atan(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.atan(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.atan(a[i]); }
    },
    /** Hyperbolic sine. */
    SINH(Domain.FLOAT, Kind.COSTLY, "sinh(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.sinh(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.sinh(a[i]); }
    },
    /** Hyperbolic cosine. */
    COSH(Domain.FLOAT, Kind.COSTLY, "cosh(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.cosh(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.cosh(a[i]); }
    },
    /** Inverse hyperbolic sine. */
    ASINH(Domain.FLOAT, Kind.COSTLY, "asinh(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.asinh(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.asinh(a[i]); }
    },
    /** Inverse hyperbolic cosine. */
    ACOSH(Domain.FLOAT, Kind.COSTLY, "acosh(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.acosh(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.acosh(a[i]); }
    },
    /** Inverse hyperbolic tangent. */
    ATANH(Domain.FLOAT, Kind.COSTLY, "atanh(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.atanh(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.atanh(a[i]); }
    },
    /** Square root (correctly rounded); NaN below 0. */
    SQRT(Domain.FLOAT, Kind.CHEAP, "sqrt(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.sqrt(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.sqrt(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.sqrt(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.sqrt(a, o, lo, hi); }
    },
    /** {@code 1 / sqrt(x)} (the root rounded, then the division). */
    RSQRT(Domain.FLOAT, Kind.CHEAP, "(1 / sqrt(%s))") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.rsqrt(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.rsqrt(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.rsqrt(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.rsqrt(a, o, lo, hi); }
    },
    /** Cube root. */
    CBRT(Domain.FLOAT, Kind.COSTLY, "cbrt(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.cbrt(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.cbrt(a[i]); }
    },
    /** {@code |x|} (integers wrap: {@code |MIN_VALUE| = MIN_VALUE}). */
    ABS(Domain.NUMERIC, Kind.CHEAP, "fabs(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.abs(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.abs(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.abs(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.abs(a, o, lo, hi); }
      @Override void i32(int[] a, int[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]); }
      @Override void i64(long[] a, long[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]); }
    },
    /** The error function. */
    ERF(Domain.FLOAT, Kind.COSTLY, "erf(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.erf(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.erf(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.erf(a, o, lo, hi); }
    },
    /** The inverse error function. */
    ERF_INV(Domain.FLOAT, Kind.COSTLY, "erfinv(%s)") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.erfInv(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.erfInv(a[i]); }
    },
    /** Logical not (bool), bitwise not (integers); no float form, so no C spelling. */
    NOT(Domain.INTEGRAL_OR_BOOL, Kind.CHEAP, null) {
      @Override void i32(int[] a, int[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ~a[i]; }
      @Override void i64(long[] a, long[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ~a[i]; }
      @Override void bool(boolean[] a, boolean[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = !a[i]; }
    },
    /** {@code x * x}. */
    SQUARE(Domain.NUMERIC, Kind.CHEAP, "((%1$s) * (%1$s))") {
      @Override void f32(float[] a, float[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF32.square(a[i]); }
      @Override void f64(double[] a, double[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = ScalarOpsF64.square(a[i]); }
      @Override int v32(float[] a, float[] o, int lo, int hi) { return UnarySimdF32.square(a, o, lo, hi); }
      @Override int v64(double[] a, double[] o, int lo, int hi) { return UnarySimdF64.square(a, o, lo, hi); }
      @Override void i32(int[] a, int[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = a[i] * a[i]; }
      @Override void i64(long[] a, long[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = a[i] * a[i]; }
    };

    private final Domain domain;
    private final Kind kind;
    private final String c;

    Fn(Domain domain, Kind kind, String c) {
      this.domain = domain;
      this.kind = kind;
      this.c = c;
    }

    /** The dtypes this function accepts. */
    public Domain domain() { return domain; }

    /** The result dtype for an operand of dtype {@code d} (bool for {@link #IS_FINITE}, else {@code d}). */
    public DType resultDType(DType d) { return this == IS_FINITE ? DType.BOOL : d; }

    /**
     * True if computed by {@code VectorMath.<scalar()>} on vectors and its bit-identical twin
     * {@code ScalarMath.<scalar()>} elsewhere, in eager and fused kernels alike.
     */
    public boolean polynomial() { return kind == Kind.POLYNOMIAL; }

    /**
     * The name of its scalar definition, overloaded for float and double: in {@link ScalarMath} for a
     * {@link #polynomial()} (whose vector definition has the same name in {@code VectorMath}), else in
     * {@link ScalarOpsF32}/{@code F64}; the row's name in lower camel case ({@code ROUND_EVEN}: {@code roundEven}).
     */
    public String scalar() { return OpNames.camel(name()); }

    /**
     * Its C spelling for float operands, a {@link String#format} template with the operand as {@code %s} (e.g.
     * {@code exp(%s)}), for the accelerator backends; empty for {@link #NOT}, which has no float form.
     */
    public java.util.Optional<String> c() { return java.util.Optional.ofNullable(c); }

    int grain() { return kind == Kind.CHEAP ? CHEAP_GRAIN : COSTLY_GRAIN; }

    // The loops, {@code o[i] = f(a[i])} for {@code i} in {@code [lo, hi)}; a row overrides those of its domain.

    void f32(float[] a, float[] o, int lo, int hi) { throw new AssertionError(this + " has no f32 loop"); }

    void f64(double[] a, double[] o, int lo, int hi) { throw new AssertionError(this + " has no f64 loop"); }

    void i32(int[] a, int[] o, int lo, int hi) { throw new AssertionError(this + " has no i32 loop"); }

    void i64(long[] a, long[] o, int lo, int hi) { throw new AssertionError(this + " has no i64 loop"); }

    void bool(boolean[] a, boolean[] o, int lo, int hi) { throw new AssertionError(this + " has no bool loop"); }

    /** {@code o[i] = f(a[i])} for a float operand and a bool result ({@link #IS_FINITE}). */
    void mask32(float[] a, boolean[] o, int lo, int hi) { throw new AssertionError(this + " has no f32 -> bool loop"); }

    void mask64(double[] a, boolean[] o, int lo, int hi) { throw new AssertionError(this + " has no f64 -> bool loop"); }

    /**
     * The vector definition: the whole vectors of {@code [lo, hi)} through the row's {@link UnarySimdF32} loop, returning
     * where they end (called only when {@code Simd.AVAILABLE}); without one, {@code lo} (nothing done).
     */
    int v32(float[] a, float[] o, int lo, int hi) { return lo; }

    int v64(double[] a, double[] o, int lo, int hi) { return lo; }

    /** The SIMD loop: whole vectors by {@link #v32}, the rest by the scalar loop, whose twins give the same bits. */
    final void simd32(float[] a, float[] o, int lo, int hi) { f32(a, o, v32(a, o, lo, hi), hi); }

    final void simd64(double[] a, double[] o, int lo, int hi) { f64(a, o, v64(a, o, lo, hi), hi); }
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
    boolean simd = Simd.AVAILABLE;
    Object in = x.store(), out = NdArray.newStore(f.resultDType(x.dtype()), n);
    if (n < 2 * grain) loop(f, simd, in, out, 0, n);          // one chunk: no range machinery, no captured lambda
    else Parallel.range(n, grain, (lo, hi) -> loop(f, simd, in, out, lo, hi));
    return NdArray.wrapStore(f.resultDType(x.dtype()), x.shape(), out);
  }

  /** {@code out[lo, hi) = f(in[lo, hi))} with the row's loop for {@code in}'s dtype (SIMD where {@code simd}). */
  private static void loop(Fn f, boolean simd, Object in, Object out, int lo, int hi) {
    switch (in) {
      case float[] a when out instanceof boolean[] o -> f.mask32(a, o, lo, hi);
      case double[] a when out instanceof boolean[] o -> f.mask64(a, o, lo, hi);
      case float[] a when simd -> f.simd32(a, (float[]) out, lo, hi);
      case double[] a when simd -> f.simd64(a, (double[]) out, lo, hi);
      case float[] a -> f.f32(a, (float[]) out, lo, hi);
      case double[] a -> f.f64(a, (double[]) out, lo, hi);
      case int[] a -> f.i32(a, (int[]) out, lo, hi);
      case long[] a -> f.i64(a, (long[]) out, lo, hi);
      case boolean[] a -> f.bool(a, (boolean[]) out, lo, hi);
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
