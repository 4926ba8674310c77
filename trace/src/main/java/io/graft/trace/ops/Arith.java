package io.graft.trace.ops;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.Domain;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.prim.Binary;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.IntegerPow;
import io.graft.trace.prim.LaxOps;
import io.graft.trace.prim.StopGradient;
import io.graft.trace.prim.Unary;
import io.graft.trace.prim.UnaryOp;

/**
 * Elementwise arithmetic on values with NumPy semantics: promotion and broadcasting through {@link Promotion},
 * and, for the functions that only exist for floats ({@code sin}, {@code sqrt}, {@code pow}, ...), integer and
 * bool operands promoted to f32 first ({@code jnp}'s {@code promote_args_inexact}; a weak operand stays weak).
 * The strict forms ({@code lax}'s: no promotion, no broadcasting beyond rank-0) are {@link LaxOps}. Everything here binds
 * primitives, so it works eagerly and under every transform.
 */
public final class Arith {
  private Arith() {}

  // ---------------------------------------------------------------- NumPy-level forms

  /** {@code op(x)}; integer/bool operands of float-only ops are promoted to f32 first. */
  public static Value unary(UnaryOp op, Value x) {
    return Bind.bind1(new Unary(op), op.domain() == Domain.FLOAT ? inexact(x) : x);
  }

  /** {@code x op y} with promotion and broadcasting (to float first for float-only ops). */
  public static Value binary(BinaryOp op, Value x, Value y) {
    Value[] p = Promotion.elementwise(op.printName(), x, y);
    if (op.domain() == Domain.FLOAT) p = new Value[] {inexact(p[0]), inexact(p[1])};
    return Bind.bind1(new Binary(op), p[0], p[1]);
  }

  /** {@code x} itself if floating, else converted to f32 (keeping its weakness). */
  public static Value inexact(Value x) {
    return x.type().dtype().isFloating() ? x : Promotion.convert(x, DType.F32, x.type().weak());
  }

  /** A rank-0 constant {@code v} with {@code like}'s dtype, strongly typed. */
  static Value constantLike(Value like, double v) { return Const.of(NdArray.full(like.type().dtype(), Shape.scalar(), v)); }

  /** {@code x + y}. */
  public static Value add(Value x, Value y) { return binary(BinaryOp.ADD, x, y); }

  /** {@code x - y}. */
  public static Value sub(Value x, Value y) { return binary(BinaryOp.SUB, x, y); }

  /** {@code x * y}. */
  public static Value mul(Value x, Value y) { return binary(BinaryOp.MUL, x, y); }

  /** {@code x / y} (integers truncate toward zero). */
  public static Value div(Value x, Value y) { return binary(BinaryOp.DIV, x, y); }

  /** {@code x / y} in float ({@code jnp.divide}, {@code jnp.true_divide}): integers and bools are promoted to f32 first. */
  public static Value trueDivide(Value x, Value y) {
    Value[] p = Promotion.elementwise("divide", x, y);
    return LaxOps.binary(BinaryOp.DIV, inexact(p[0]), inexact(p[1]));
  }

  /**
   * {@code floor(x / y)} ({@code jnp.floor_divide}, Python's {@code //}): for floats {@code floor(div(x, y))};
   * for integers the truncated quotient minus 1 where the remainder is nonzero and has the other sign than
   * {@code y}.
   */
  public static Value floorDivide(Value x, Value y) {
    Value[] p = Promotion.elementwise("floor_divide", x, y);
    Value q = LaxOps.binary(BinaryOp.DIV, p[0], p[1]);
    if (q.type().dtype().isFloating()) return LaxOps.unary(UnaryOp.FLOOR, q);
    Value r = LaxOps.binary(BinaryOp.REM, p[0], p[1]), zero = constantLike(r, 0);
    Value fix = Logic.logicalAnd(Logic.ne(r, zero), Logic.ne(Logic.lt(r, zero), Logic.lt(p[1], zero)));
    return Logic.where(fix, sub(q, constantLike(q, 1)), q);
  }

  /** {@code fmod(x, y)}: the remainder with the sign of {@code x} ({@code lax.rem}, {@code jnp.fmod}). */
  public static Value rem(Value x, Value y) { return binary(BinaryOp.REM, x, y); }

  /**
   * {@code x mod y} with the sign of {@code y} ({@code jnp.remainder}, Python's {@code %}):
   * {@code r = rem(x, y)}, plus {@code y} where {@code r != 0} and {@code r}, {@code y} differ in sign.
   */
  public static Value remainder(Value x, Value y) {
    Value[] p = Promotion.elementwise("remainder", x, y);
    Value r = LaxOps.binary(BinaryOp.REM, p[0], p[1]);
    Value zero = constantLike(r, 0);
    Value fix = Logic.logicalAnd(Logic.ne(r, zero), Logic.ne(Logic.lt(r, zero), Logic.lt(p[1], zero)));
    return Logic.where(fix, add(r, p[1]), r);
  }

  /** {@code x^y} for floats ({@code pow}), after promotion; integers and bools are promoted to f32. */
  public static Value pow(Value x, Value y) { return binary(BinaryOp.POW, x, y); }

  /**
   * {@code x^y} for a Java integer exponent: {@code integer_pow[y]} (exact repeated squaring), as JAX does for
   * {@code x ** 3}. A negative exponent on an integer array, or one outside the int range, falls back to
   * {@code pow} on floats.
   */
  public static Value pow(Value x, long y) {
    boolean intExp = y == (int) y && (y >= 0 || x.type().dtype().isFloating());
    if (intExp && !x.type().dtype().isBool()) return integerPow(x, (int) y);
    return pow(x, new Const(NdArray.scalarLong(DType.I64, y), true));
  }

  /** {@code x^y} by repeated squaring ({@code integer_pow[y=...]}); negative {@code y} needs floats. */
  public static Value integerPow(Value x, int y) { return Bind.bind1(new IntegerPow(y), x); }

  /** {@code max(x, y)}, NaN-propagating, with promotion and broadcasting. */
  public static Value maximum(Value x, Value y) { return binary(BinaryOp.MAX, x, y); }

  /** {@code min(x, y)}, NaN-propagating, with promotion and broadcasting. */
  public static Value minimum(Value x, Value y) { return binary(BinaryOp.MIN, x, y); }

  /** {@code atan2(x, y)} (promoted to float). */
  public static Value atan2(Value x, Value y) { return binary(BinaryOp.ATAN2, x, y); }

  /** The next float after {@code x} toward {@code y} (promoted to float). */
  public static Value nextafter(Value x, Value y) { return binary(BinaryOp.NEXTAFTER, x, y); }

  /** {@code x * x} ({@code square}). */
  public static Value square(Value x) { return unary(UnaryOp.SQUARE, x); }

  /** {@code 1 / x} in float ({@code div(1, x)}; integers are promoted to f32). */
  public static Value reciprocal(Value x) {
    Value f = inexact(x);
    return LaxOps.binary(BinaryOp.DIV, constantLike(f, 1), f);
  }

  /** {@code log(x) / log(2)} ({@code jnp.log2}). */
  public static Value log2(Value x) { return logBase(x, 2); }

  /** {@code log(x) / log(10)} ({@code jnp.log10}). */
  public static Value log10(Value x) { return logBase(x, 10); }

  private static Value logBase(Value x, double base) {
    Value l = unary(UnaryOp.LOG, x);
    return LaxOps.binary(BinaryOp.DIV, l, LaxOps.unary(UnaryOp.LOG, constantLike(l, base)));
  }

  /** The identity with a zero derivative ({@code stop_gradient}). */
  public static Value stopGradient(Value x) { return Bind.bind1(new StopGradient(), x); }

  // ---------------------------------------------------------------- one function per unary op

  /** {@code -x}. */ public static Value neg(Value x) { return unary(UnaryOp.NEG, x); }
  /** Sign: -1, 0, 1 (floats keep ±0, NaN). */ public static Value sign(Value x) { return unary(UnaryOp.SIGN, x); }
  /** Round toward -inf. */ public static Value floor(Value x) { return unary(UnaryOp.FLOOR, x); }
  /** Round toward +inf. */ public static Value ceil(Value x) { return unary(UnaryOp.CEIL, x); }
  /** Round half away from zero ({@code lax.round}). */ public static Value round(Value x) { return unary(UnaryOp.ROUND, x); }
  /** Round half to even ({@code jnp.round}). */ public static Value roundEven(Value x) { return unary(UnaryOp.ROUND_EVEN, x); }
  /** {@code e^x}. */ public static Value exp(Value x) { return unary(UnaryOp.EXP, x); }
  /** {@code 2^x}. */ public static Value exp2(Value x) { return unary(UnaryOp.EXP2, x); }
  /** Natural log. */ public static Value log(Value x) { return unary(UnaryOp.LOG, x); }
  /** {@code ln(1 + x)}. */ public static Value log1p(Value x) { return unary(UnaryOp.LOG1P, x); }
  /** {@code e^x - 1}. */ public static Value expm1(Value x) { return unary(UnaryOp.EXPM1, x); }
  /** Hyperbolic tangent. */ public static Value tanh(Value x) { return unary(UnaryOp.TANH, x); }
  /** {@code 1 / (1 + e^-x)}. */ public static Value logistic(Value x) { return unary(UnaryOp.LOGISTIC, x); }
  /** Sine. */ public static Value sin(Value x) { return unary(UnaryOp.SIN, x); }
  /** Cosine. */ public static Value cos(Value x) { return unary(UnaryOp.COS, x); }
  /** Tangent. */ public static Value tan(Value x) { return unary(UnaryOp.TAN, x); }
  /** Arc sine. */ public static Value asin(Value x) { return unary(UnaryOp.ASIN, x); }
  /** Arc cosine. */ public static Value acos(Value x) { return unary(UnaryOp.ACOS, x); }
  /** Arc tangent. */ public static Value atan(Value x) { return unary(UnaryOp.ATAN, x); }
  /** Hyperbolic sine. */ public static Value sinh(Value x) { return unary(UnaryOp.SINH, x); }
  /** Hyperbolic cosine. */ public static Value cosh(Value x) { return unary(UnaryOp.COSH, x); }
  /** Inverse hyperbolic sine. */ public static Value asinh(Value x) { return unary(UnaryOp.ASINH, x); }
  /** Inverse hyperbolic cosine. */ public static Value acosh(Value x) { return unary(UnaryOp.ACOSH, x); }
  /** Inverse hyperbolic tangent. */ public static Value atanh(Value x) { return unary(UnaryOp.ATANH, x); }
  /** Square root. */ public static Value sqrt(Value x) { return unary(UnaryOp.SQRT, x); }
  /** {@code 1 / sqrt(x)}. */ public static Value rsqrt(Value x) { return unary(UnaryOp.RSQRT, x); }
  /** Cube root. */ public static Value cbrt(Value x) { return unary(UnaryOp.CBRT, x); }
  /** {@code |x|}. */ public static Value abs(Value x) { return unary(UnaryOp.ABS, x); }
  /** The error function. */ public static Value erf(Value x) { return unary(UnaryOp.ERF, x); }
  /** The inverse error function. */ public static Value erfInv(Value x) { return unary(UnaryOp.ERF_INV, x); }
}
