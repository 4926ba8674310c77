package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.kernels.Domain;
import io.graft.numerics.kernels.UnaryKernels.Fn;

/**
 * The table of one-operand elementwise ops ({@code lax} names): printed name, kernel, and printed parameters.
 * The accepted dtypes are the kernel's {@link Fn#domain()} (one source of truth): {@code FLOAT} for the
 * transcendental and rounding functions, {@code NUMERIC} for {@code neg, sign, abs, square}, bool and integers
 * for {@code not}. {@code is_finite} maps floats to bool; every other op keeps the dtype.
 */
public enum UnaryOp {
  /** {@code -x}. */ NEG("neg", Fn.NEG),
  /** {@code -1, 0, 1} by sign; floats keep ±0 and NaN. */ SIGN("sign", Fn.SIGN),
  /** Round toward -inf. */ FLOOR("floor", Fn.FLOOR),
  /** Round toward +inf. */ CEIL("ceil", Fn.CEIL),
  /** Round half away from zero ({@code lax.round}'s default, {@code RoundingMethod.AWAY_FROM_ZERO = 0}). */
  ROUND("round", Fn.ROUND, "rounding_method=0"),
  /** Round half to even ({@code jnp.round}; {@code RoundingMethod.TO_NEAREST_EVEN = 1}). */
  ROUND_EVEN("round", Fn.ROUND_EVEN, "rounding_method=1"),
  /** True where {@code x} is neither infinite nor NaN (bool result). */ IS_FINITE("is_finite", Fn.IS_FINITE),
  /** {@code e^x}. */ EXP("exp", Fn.EXP),
  /** {@code 2^x}. */ EXP2("exp2", Fn.EXP2),
  /** Natural log. */ LOG("log", Fn.LOG),
  /** {@code ln(1 + x)}, accurate near 0. */ LOG1P("log1p", Fn.LOG1P),
  /** {@code e^x - 1}, accurate near 0. */ EXPM1("expm1", Fn.EXPM1),
  /** Hyperbolic tangent. */ TANH("tanh", Fn.TANH),
  /** {@code 1 / (1 + e^-x)}. */ LOGISTIC("logistic", Fn.LOGISTIC),
  /** Sine. */ SIN("sin", Fn.SIN),
  /** Cosine. */ COS("cos", Fn.COS),
  /** Tangent. */ TAN("tan", Fn.TAN),
  /** Arc sine. */ ASIN("asin", Fn.ASIN),
  /** Arc cosine. */ ACOS("acos", Fn.ACOS),
  /** Arc tangent. */ ATAN("atan", Fn.ATAN),
  /** Hyperbolic sine. */ SINH("sinh", Fn.SINH),
  /** Hyperbolic cosine. */ COSH("cosh", Fn.COSH),
  /** Inverse hyperbolic sine. */ ASINH("asinh", Fn.ASINH),
  /** Inverse hyperbolic cosine. */ ACOSH("acosh", Fn.ACOSH),
  /** Inverse hyperbolic tangent. */ ATANH("atanh", Fn.ATANH),
  /** Square root. */ SQRT("sqrt", Fn.SQRT),
  /** {@code 1 / sqrt(x)}. */ RSQRT("rsqrt", Fn.RSQRT),
  /** Cube root. */ CBRT("cbrt", Fn.CBRT),
  /** {@code |x|}. */ ABS("abs", Fn.ABS),
  /** The error function. */ ERF("erf", Fn.ERF),
  /** The inverse error function. */ ERF_INV("erf_inv", Fn.ERF_INV),
  /** Logical not (bool), bitwise not (integers). */ NOT("not", Fn.NOT),
  /** {@code x * x}. */ SQUARE("square", Fn.SQUARE);

  private final String printName;
  private final Fn kernel;
  private final String params;

  UnaryOp(String printName, Fn kernel) { this(printName, kernel, ""); }

  UnaryOp(String printName, Fn kernel, String params) {
    this.printName = printName;
    this.kernel = kernel;
    this.params = params;
  }

  /** Name as printed in graphs. */
  public String printName() { return printName; }

  /** Parameters as printed in brackets (only {@code round} has one). */
  public String params() { return params; }

  /** The numerics kernel. */
  public Fn kernel() { return kernel; }

  /** The accepted dtypes. */
  public Domain domain() { return kernel.domain(); }

  /** True if this op accepts operands of dtype {@code d}. */
  public boolean accepts(DType d) { return kernel.domain().accepts(d); }

  /** The result dtype for an operand of dtype {@code d}. */
  public DType resultDType(DType d) { return kernel.resultDType(d); }
}
