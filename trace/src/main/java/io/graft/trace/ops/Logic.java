package io.graft.trace.ops;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.Clamp;
import io.graft.trace.prim.Compare;
import io.graft.trace.prim.CompareOp;
import io.graft.trace.prim.LaxOps;
import io.graft.trace.prim.SelectN;
import io.graft.trace.prim.UnaryOp;

/**
 * Comparisons, selection and logic on values with NumPy semantics (promotion and broadcasting through
 * {@link Promotion}): {@code eq ... ge}, {@code where}, {@code clip}, the logical ({@code jnp.logical_*}: any
 * dtype, nonzero is true, bool result) and bitwise ({@code &}, {@code |}, {@code ^}, {@code ~}: bool and
 * integers) operations, and the float predicates. The strict forms are {@link LaxOps}'s.
 */
public final class Logic {
  private Logic() {}

  // ---------------------------------------------------------------- comparisons

  /** {@code x cmp y} (bool) after promotion and broadcasting. */
  public static Value compare(CompareOp op, Value x, Value y) {
    Value[] p = Promotion.elementwise(op.printName(), x, y);
    return Bind.bind1(new Compare(op), p[0], p[1]);
  }


  /** {@code x == y}. */ public static Value eq(Value x, Value y) { return compare(CompareOp.EQ, x, y); }
  /** {@code x != y}. */ public static Value ne(Value x, Value y) { return compare(CompareOp.NE, x, y); }
  /** {@code x < y}. */ public static Value lt(Value x, Value y) { return compare(CompareOp.LT, x, y); }
  /** {@code x <= y}. */ public static Value le(Value x, Value y) { return compare(CompareOp.LE, x, y); }
  /** {@code x > y}. */ public static Value gt(Value x, Value y) { return compare(CompareOp.GT, x, y); }
  /** {@code x >= y}. */ public static Value ge(Value x, Value y) { return compare(CompareOp.GE, x, y); }

  // ---------------------------------------------------------------- logical and bitwise

  /** {@code x} as bool: itself if bool, else {@code x != 0}. */
  public static Value truthy(Value x) {
    return x.type().dtype().isBool() ? x : LaxOps.compare(CompareOp.NE, x, Arith.constantLike(x, 0));
  }

  /** Logical and of truth values ({@code jnp.logical_and}). */
  public static Value logicalAnd(Value x, Value y) { return Arith.binary(BinaryOp.AND, truthy(x), truthy(y)); }

  /** Logical or of truth values ({@code jnp.logical_or}). */
  public static Value logicalOr(Value x, Value y) { return Arith.binary(BinaryOp.OR, truthy(x), truthy(y)); }

  /** Logical xor of truth values ({@code jnp.logical_xor}). */
  public static Value logicalXor(Value x, Value y) { return Arith.binary(BinaryOp.XOR, truthy(x), truthy(y)); }

  /** Logical not of a truth value ({@code jnp.logical_not}). */
  public static Value logicalNot(Value x) { return LaxOps.unary(UnaryOp.NOT, truthy(x)); }

  /** Bitwise and (logical on bool), after promotion; floats are a {@code DTypeError}. */
  public static Value bitwiseAnd(Value x, Value y) { return Arith.binary(BinaryOp.AND, x, y); }

  /** Bitwise or (logical on bool), after promotion. */
  public static Value bitwiseOr(Value x, Value y) { return Arith.binary(BinaryOp.OR, x, y); }

  /** Bitwise xor (logical on bool), after promotion. */
  public static Value bitwiseXor(Value x, Value y) { return Arith.binary(BinaryOp.XOR, x, y); }

  /** {@code x << y} after promotion ({@code lax.shift_left}); 0 where {@code y} is at least the bit width. */
  public static Value shiftLeft(Value x, Value y) { return Arith.binary(BinaryOp.SHIFT_LEFT, x, y); }

  /** {@code x >>> y} after promotion ({@code lax.shift_right_logical}); 0 where {@code y} is at least the bit width. */
  public static Value shiftRightLogical(Value x, Value y) { return Arith.binary(BinaryOp.SHIFT_RIGHT_LOGICAL, x, y); }

  /** {@code x >> y} after promotion ({@code lax.shift_right_arithmetic}): sign bits shift in. */
  public static Value shiftRightArithmetic(Value x, Value y) { return Arith.binary(BinaryOp.SHIFT_RIGHT_ARITHMETIC, x, y); }

  /** Bitwise not (logical on bool). */
  public static Value bitwiseNot(Value x) { return LaxOps.unary(UnaryOp.NOT, x); }

  // ---------------------------------------------------------------- selection

  /**
   * {@code cond ? x : y} elementwise ({@code jnp.where}): the three broadcast together (rank-0 operands stay
   * rank-0), {@code x} and {@code y} promote to one dtype, a non-bool {@code cond} means {@code cond != 0}.
   * Binds {@code select_n(cond, y, x)}: {@code select_n} picks its first case where {@code cond} is false.
   */
  public static Value where(Value cond, Value x, Value y) {
    Value[] xy = Promotion.promote("where", x, y);
    Shape target = Promotion.broadcastShapes("where", cond.type().shape(), xy[0].type().shape(), xy[1].type().shape());
    Value c = fit(truthy(cond), target), a = fit(xy[0], target), b = fit(xy[1], target);
    return Bind.bind1(new SelectN(), c, b, a);
  }

  private static Value fit(Value v, Shape target) {
    return v.type().rank() == 0 ? v : Promotion.broadcastTo("where", v, target);
  }

  /** {@code cases[which]} exactly as {@code select_n} types it ({@code lax.select_n}). */
  public static Value selectN(Value which, Value... cases) {
    Value[] all = new Value[cases.length + 1];
    all[0] = which;
    System.arraycopy(cases, 0, all, 1, cases.length);
    return Bind.bind1(new SelectN(), all);
  }

  /**
   * {@code x} limited to {@code [lo, hi]} ({@code jnp.clip}): {@code minimum(hi, maximum(lo, x))}, with
   * promotion and broadcasting; NaN propagates.
   */
  public static Value clip(Value x, Value lo, Value hi) { return Arith.minimum(hi, Arith.maximum(lo, x)); }

  /** {@code min(max(x, lo), hi)} exactly as {@code clamp} types it ({@code lax.clamp}; operands {@code lo, x, hi}). */
  public static Value clamp(Value lo, Value x, Value hi) { return Bind.bind1(new Clamp(), lo, x, hi); }

  // ---------------------------------------------------------------- float predicates

  /** True where {@code x} is finite; always true for integers and bools ({@code jnp.isfinite}). */
  public static Value isFinite(Value x) {
    if (x.type().dtype().isFloating()) return LaxOps.unary(UnaryOp.IS_FINITE, x);
    return constantBool(true, x.type().shape());
  }

  /** True where {@code x} is NaN ({@code x != x}); always false for integers and bools ({@code jnp.isnan}). */
  public static Value isNan(Value x) {
    if (x.type().dtype().isFloating()) return LaxOps.compare(CompareOp.NE, x, x);
    return constantBool(false, x.type().shape());
  }

  private static Value constantBool(boolean v, Shape shape) {
    Value c = Const.of(NdArray.full(DType.BOOL, Shape.scalar(), v ? 1 : 0));
    return shape.rank() == 0 ? c : Promotion.broadcastTo("full", c, shape);
  }
}
