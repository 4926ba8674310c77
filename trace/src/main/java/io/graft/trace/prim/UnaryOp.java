package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.kernels.Domain;
import io.graft.numerics.kernels.UnaryKernels.Fn;
import io.graft.trace.Value;
import io.vavr.control.Option;

import static io.graft.trace.prim.LaxOps.*;

/**
 * The table of one-operand elementwise ops ({@code lax} names): printed name, kernel, printed parameters, and the
 * JVP rule {@code (x, y, t) -> tangent of y = op(x)} written with {@link LaxOps} (JAX's {@code ad.defjvp2} rows). Rows without a
 * JVP are piecewise constant or have a non-float result: their tangent is a symbolic zero. The accepted dtypes are
 * the kernel's {@link Fn#domain()} (one source of truth): {@code FLOAT} for the transcendental and rounding
 * functions, {@code NUMERIC} for {@code neg, sign, abs, square}, bool and integers for {@code not}.
 * {@code is_finite} maps floats to bool; every other op keeps the dtype. Only {@code neg} is linear (it is its own
 * transpose).
 */
public enum UnaryOp {
  /** {@code -x}. */ NEG("neg", Fn.NEG, (x, y, t) -> neg(t)),
  /** {@code -1, 0, 1} by sign; floats keep ±0 and NaN. */ SIGN("sign", Fn.SIGN),
  /** Round toward -inf. */ FLOOR("floor", Fn.FLOOR),
  /** Round toward +inf. */ CEIL("ceil", Fn.CEIL),
  /** Round half away from zero ({@code lax.round}'s default, {@code RoundingMethod.AWAY_FROM_ZERO = 0}). */
  ROUND("round", Fn.ROUND, "rounding_method=0"),
  /** Round half to even ({@code jnp.round}; {@code RoundingMethod.TO_NEAREST_EVEN = 1}). */
  ROUND_EVEN("round", Fn.ROUND_EVEN, "rounding_method=1"),
  /** True where {@code x} is neither infinite nor NaN (bool result). */ IS_FINITE("is_finite", Fn.IS_FINITE),
  /** {@code e^x}. */ EXP("exp", Fn.EXP, (x, y, t) -> mul(t, y)),
  /** {@code 2^x}. */ EXP2("exp2", Fn.EXP2, (x, y, t) -> mul(t, mul(y, lit(x, Math.log(2))))),
  /** Natural log. */ LOG("log", Fn.LOG, (x, y, t) -> div(t, x)),
  /** {@code ln(1 + x)}, accurate near 0. */ LOG1P("log1p", Fn.LOG1P, (x, y, t) -> div(t, add(x, lit(x, 1)))),
  /** {@code e^x - 1}, accurate near 0. */ EXPM1("expm1", Fn.EXPM1, (x, y, t) -> mul(t, add(y, lit(y, 1)))),
  /** Hyperbolic tangent. */ TANH("tanh", Fn.TANH, (x, y, t) -> mul(t, sub(lit(y, 1), square(y)))),
  /** {@code 1 / (1 + e^-x)}. */ LOGISTIC("logistic", Fn.LOGISTIC, (x, y, t) -> mul(t, mul(y, sub(lit(y, 1), y)))),
  /** Sine. */ SIN("sin", Fn.SIN, (x, y, t) -> mul(t, cos(x))),
  /** Cosine. */ COS("cos", Fn.COS, (x, y, t) -> neg(mul(t, sin(x)))),
  /** Tangent. */ TAN("tan", Fn.TAN, (x, y, t) -> mul(t, add(lit(y, 1), square(y)))),
  /** Arc sine. */ ASIN("asin", Fn.ASIN, (x, y, t) -> mul(t, rsqrt(sub(lit(x, 1), square(x))))),
  /** Arc cosine. */ ACOS("acos", Fn.ACOS, (x, y, t) -> mul(t, neg(rsqrt(sub(lit(x, 1), square(x)))))),
  /** Arc tangent. */ ATAN("atan", Fn.ATAN, (x, y, t) -> div(t, add(lit(x, 1), square(x)))),
  /** Hyperbolic sine. */ SINH("sinh", Fn.SINH, (x, y, t) -> mul(t, cosh(x))),
  /** Hyperbolic cosine. */ COSH("cosh", Fn.COSH, (x, y, t) -> mul(t, sinh(x))),
  /** Inverse hyperbolic sine. */ ASINH("asinh", Fn.ASINH, (x, y, t) -> mul(t, rsqrt(add(square(x), lit(x, 1))))),
  /** Inverse hyperbolic cosine. */
  ACOSH("acosh", Fn.ACOSH, (x, y, t) -> mul(t, rsqrt(mul(sub(x, lit(x, 1)), add(x, lit(x, 1)))))),
  /** Inverse hyperbolic tangent. */
  ATANH("atanh", Fn.ATANH, (x, y, t) -> div(div(t, sub(lit(x, 1), x)), add(lit(x, 1), x))),
  /** Square root. */ SQRT("sqrt", Fn.SQRT, (x, y, t) -> mul(t, div(lit(y, 0.5), y))),
  /** {@code 1 / sqrt(x)}. */ RSQRT("rsqrt", Fn.RSQRT, (x, y, t) -> mul(t, mul(lit(x, -0.5), div(y, x)))),
  /** Cube root. */ CBRT("cbrt", Fn.CBRT, (x, y, t) -> mul(t, mul(lit(y, 1.0 / 3), integerPow(y, -2)))),
  /** {@code |x|} (derivative 1 at 0, as JAX). */ ABS("abs", Fn.ABS, (x, y, t) -> select(ge(x, lit(x, 0)), t, neg(t))),
  /** The error function. */
  ERF("erf", Fn.ERF, (x, y, t) -> mul(t, mul(lit(x, 2 / Math.sqrt(Math.PI)), exp(neg(square(x)))))),
  /** The inverse error function. */
  ERF_INV("erf_inv", Fn.ERF_INV, (x, y, t) -> mul(t, mul(lit(y, Math.sqrt(Math.PI) / 2), exp(square(y))))),
  /** Logical not (bool), bitwise not (integers). */ NOT("not", Fn.NOT),
  /** {@code x * x}. */ SQUARE("square", Fn.SQUARE, (x, y, t) -> mul(t, mul(lit(x, 2), x)));

  /** A JVP rule: the tangent of {@code y = op(x)} for the tangent {@code t} of {@code x}; linear in {@code t}. */
  @FunctionalInterface
  public interface Jvp {
    /** The tangent of {@code y}. */
    Value apply(Value x, Value y, Value t);
  }

  private final String printName;
  private final Fn kernel;
  private final String params;
  private final Option<Jvp> jvp;

  UnaryOp(String printName, Fn kernel) { this(printName, kernel, "", Option.none()); }

  UnaryOp(String printName, Fn kernel, String params) { this(printName, kernel, params, Option.none()); }

  UnaryOp(String printName, Fn kernel, Jvp jvp) { this(printName, kernel, "", Option.of(jvp)); }

  UnaryOp(String printName, Fn kernel, String params, Option<Jvp> jvp) {
    this.printName = printName;
    this.kernel = kernel;
    this.params = params;
    this.jvp = jvp;
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

  /** The JVP rule; {@code none} for a zero derivative. */
  public Option<Jvp> jvp() { return jvp; }

  /** True for the ops that are linear in their operand (only {@code neg}). */
  public boolean linear() { return this == NEG; }

  /** The result dtype for an operand of dtype {@code d}. */
  public DType resultDType(DType d) { return kernel.resultDType(d); }
}
