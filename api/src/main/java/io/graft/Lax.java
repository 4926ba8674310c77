package io.graft;

import io.graft.numerics.DType;
import io.graft.trace.Bind;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Logic;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.CompareOp;
import io.graft.trace.prim.ConvertElementType;
import io.graft.trace.prim.UnaryOp;
import java.util.Objects;

/**
 * {@code jax.lax}: the primitive-level operations, with the primitives' strict semantics (no implicit
 * broadcasting or promotion beyond what each primitive defines). One-line delegations.
 */
public final class Lax {
  private Lax() {}

  // ---------------------------------------------------------------- elementwise family

  private static Value ewArg(Array a, String name) { return Objects.requireNonNull(a, name + " is null").value(); }

  private static Array ew(UnaryOp op, Array x) { return new Array(Arith.strict(op, ewArg(x, "x"))); }

  private static Array ew(BinaryOp op, Array x, Array y) { return new Array(Arith.strict(op, ewArg(x, "x"), ewArg(y, "y"))); }

  private static Array ew(CompareOp op, Array x, Array y) { return new Array(Logic.strict(op, ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code -x}. */ public static Array neg(Array x) { return ew(UnaryOp.NEG, x); }
  /** -1, 0, 1 by sign. */ public static Array sign(Array x) { return ew(UnaryOp.SIGN, x); }
  /** Round toward -inf. */ public static Array floor(Array x) { return ew(UnaryOp.FLOOR, x); }
  /** Round toward +inf. */ public static Array ceil(Array x) { return ew(UnaryOp.CEIL, x); }
  /** Round half away from zero ({@code lax.round} default: {@code 2.5 -> 3}). */ public static Array round(Array x) { return ew(UnaryOp.ROUND, x); }
  /** Round half to even ({@code lax.round(x, TO_NEAREST_EVEN)}: {@code 2.5 -> 2}). */ public static Array roundNearestEven(Array x) { return ew(UnaryOp.ROUND_EVEN, x); }
  /** True where finite (bool; floats only). */ public static Array isFinite(Array x) { return ew(UnaryOp.IS_FINITE, x); }
  /** {@code e^x}. */ public static Array exp(Array x) { return ew(UnaryOp.EXP, x); }
  /** {@code 2^x}. */ public static Array exp2(Array x) { return ew(UnaryOp.EXP2, x); }
  /** Natural log. */ public static Array log(Array x) { return ew(UnaryOp.LOG, x); }
  /** {@code ln(1 + x)}. */ public static Array log1p(Array x) { return ew(UnaryOp.LOG1P, x); }
  /** {@code e^x - 1}. */ public static Array expm1(Array x) { return ew(UnaryOp.EXPM1, x); }
  /** Hyperbolic tangent. */ public static Array tanh(Array x) { return ew(UnaryOp.TANH, x); }
  /** {@code 1 / (1 + e^-x)}. */ public static Array logistic(Array x) { return ew(UnaryOp.LOGISTIC, x); }
  /** Sine. */ public static Array sin(Array x) { return ew(UnaryOp.SIN, x); }
  /** Cosine. */ public static Array cos(Array x) { return ew(UnaryOp.COS, x); }
  /** Tangent. */ public static Array tan(Array x) { return ew(UnaryOp.TAN, x); }
  /** Arc sine. */ public static Array asin(Array x) { return ew(UnaryOp.ASIN, x); }
  /** Arc cosine. */ public static Array acos(Array x) { return ew(UnaryOp.ACOS, x); }
  /** Arc tangent. */ public static Array atan(Array x) { return ew(UnaryOp.ATAN, x); }
  /** Hyperbolic sine. */ public static Array sinh(Array x) { return ew(UnaryOp.SINH, x); }
  /** Hyperbolic cosine. */ public static Array cosh(Array x) { return ew(UnaryOp.COSH, x); }
  /** Inverse hyperbolic sine. */ public static Array asinh(Array x) { return ew(UnaryOp.ASINH, x); }
  /** Inverse hyperbolic cosine. */ public static Array acosh(Array x) { return ew(UnaryOp.ACOSH, x); }
  /** Inverse hyperbolic tangent. */ public static Array atanh(Array x) { return ew(UnaryOp.ATANH, x); }
  /** Square root. */ public static Array sqrt(Array x) { return ew(UnaryOp.SQRT, x); }
  /** {@code 1 / sqrt(x)}. */ public static Array rsqrt(Array x) { return ew(UnaryOp.RSQRT, x); }
  /** Cube root. */ public static Array cbrt(Array x) { return ew(UnaryOp.CBRT, x); }
  /** {@code |x|}. */ public static Array abs(Array x) { return ew(UnaryOp.ABS, x); }
  /** The error function. */ public static Array erf(Array x) { return ew(UnaryOp.ERF, x); }
  /** The inverse error function. */ public static Array erfInv(Array x) { return ew(UnaryOp.ERF_INV, x); }
  /** Logical (bool) or bitwise (integers) not. */ public static Array not(Array x) { return ew(UnaryOp.NOT, x); }
  /** {@code x * x}. */ public static Array square(Array x) { return ew(UnaryOp.SQUARE, x); }

  /** {@code x + y} (one dtype; equal shapes or a rank-0 operand). */ public static Array add(Array x, Array y) { return ew(BinaryOp.ADD, x, y); }
  /** {@code x - y}. */ public static Array sub(Array x, Array y) { return ew(BinaryOp.SUB, x, y); }
  /** {@code x * y}. */ public static Array mul(Array x, Array y) { return ew(BinaryOp.MUL, x, y); }
  /** {@code x / y} (integers truncate toward zero; {@code x / 0 = 0}). */ public static Array div(Array x, Array y) { return ew(BinaryOp.DIV, x, y); }
  /** Remainder with the sign of {@code x} (integers: {@code x rem 0 = x}). */ public static Array rem(Array x, Array y) { return ew(BinaryOp.REM, x, y); }
  /** {@code x^y} (floats). */ public static Array pow(Array x, Array y) { return ew(BinaryOp.POW, x, y); }
  /** Maximum (NaN-propagating). */ public static Array max(Array x, Array y) { return ew(BinaryOp.MAX, x, y); }
  /** Minimum (NaN-propagating). */ public static Array min(Array x, Array y) { return ew(BinaryOp.MIN, x, y); }
  /** {@code atan2(x, y)}. */ public static Array atan2(Array x, Array y) { return ew(BinaryOp.ATAN2, x, y); }
  /** Logical (bool) or bitwise (integers) and. */ public static Array and(Array x, Array y) { return ew(BinaryOp.AND, x, y); }
  /** Logical (bool) or bitwise (integers) or. */ public static Array or(Array x, Array y) { return ew(BinaryOp.OR, x, y); }
  /** Logical (bool) or bitwise (integers) xor. */ public static Array xor(Array x, Array y) { return ew(BinaryOp.XOR, x, y); }
  /** The next float after {@code x} toward {@code y}. */ public static Array nextafter(Array x, Array y) { return ew(BinaryOp.NEXTAFTER, x, y); }
  /** {@code x == y} (bool). */ public static Array eq(Array x, Array y) { return ew(CompareOp.EQ, x, y); }
  /** {@code x != y} (bool). */ public static Array ne(Array x, Array y) { return ew(CompareOp.NE, x, y); }
  /** {@code x < y} (bool). */ public static Array lt(Array x, Array y) { return ew(CompareOp.LT, x, y); }
  /** {@code x <= y} (bool). */ public static Array le(Array x, Array y) { return ew(CompareOp.LE, x, y); }
  /** {@code x > y} (bool). */ public static Array gt(Array x, Array y) { return ew(CompareOp.GT, x, y); }
  /** {@code x >= y} (bool). */ public static Array ge(Array x, Array y) { return ew(CompareOp.GE, x, y); }

  /** {@code x^y} by repeated squaring ({@code integer_pow}); a negative {@code y} needs floats. */
  public static Array integerPow(Array x, int y) { return new Array(Arith.integerPow(ewArg(x, "x"), y)); }

  /** {@code cases[which]} elementwise ({@code select_n}): bool {@code which} with two cases (false picks the first) or i32. */
  public static Array selectN(Array which, Array... cases) {
    Objects.requireNonNull(cases, "cases is null");
    return new Array(Logic.selectN(ewArg(which, "which"), java.util.Arrays.stream(cases).map(c -> ewArg(c, "cases[i]")).toArray(Value[]::new)));
  }

  /** {@code x} converted to {@code dtype} ({@code convert_element_type}; strongly typed). */
  public static Array convertElementType(Array x, DType dtype) {
    return new Array(Bind.bind1(new ConvertElementType(Objects.requireNonNull(dtype, "dtype is null"), false), ewArg(x, "x")));
  }

  /** The identity with a zero derivative ({@code stop_gradient}). */
  public static Array stopGradient(Array x) { return new Array(Arith.stopGradient(ewArg(x, "x"))); }

  /** {@code min(max(x, lo), hi)} ({@code clamp}; {@code lo}, {@code hi} rank-0 or {@code x}'s shape, one dtype). */
  public static Array clamp(Array lo, Array x, Array hi) { return new Array(Logic.clamp(ewArg(lo, "lo"), ewArg(x, "x"), ewArg(hi, "hi"))); }

  // ---------------------------------------------------------------- structural family

  // ---------------------------------------------------------------- reductions family

  // ---------------------------------------------------------------- linalg family

  // ---------------------------------------------------------------- indexing family
}
