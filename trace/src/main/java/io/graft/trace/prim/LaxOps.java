package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;

/**
 * The strict ({@code lax}-level) ops that the JVP, transpose and batching rules are written with: each method binds
 * one primitive exactly as its type rule defines it, so {@code mul(x, y)} is {@code mul x y} and nothing else. No
 * promotion, no weak-type resolution, no broadcasting beyond what the primitive itself allows (elementwise
 * primitives let a rank-0 operand broadcast): a dtype or shape that does not fit is the primitive's own
 * {@code DTypeError}/{@code ShapeError}, naming it and both full types. A rule that needs a constant writes one of
 * the operand's dtype ({@link #lit}); one that needs a broadcast writes {@link #broadcastInDim}.
 *
 * <p>This is JAX's split between {@code lax} (strict, what rules call) and {@code jnp} (NumPy semantics, built on
 * top): {@code io.graft.trace.ops} promotes and broadcasts and then binds these primitives; nothing in
 * {@code io.graft.trace.prim} calls back into it (a test checks the compiled classes).
 */
public final class LaxOps {
  private LaxOps() {}

  // ---------------------------------------------------------------- constants

  /** A weakly typed rank-0 literal {@code v} of {@code like}'s dtype (JAX's {@code _const(x, v)}): it never promotes. */
  public static Value lit(Value like, double v) { return new Const(NdArray.scalar(like.type().dtype(), v), true); }

  /** A strongly typed rank-0 constant {@code v} of dtype {@code d}. */
  public static Value scalar(DType d, double v) { return Const.of(NdArray.scalar(d, v)); }

  // ---------------------------------------------------------------- elementwise

  /** {@code op(x)} ({@link Unary}). */
  public static Value unary(UnaryOp op, Value x) { return Bind.bind1(new Unary(op), x); }

  /** {@code x op y} ({@link Binary}): one dtype; equal shapes or a rank-0 operand. */
  public static Value binary(BinaryOp op, Value x, Value y) { return Bind.bind1(new Binary(op), x, y); }

  /** {@code x cmp y} ({@link Compare}): one dtype; equal shapes or a rank-0 operand; a bool result. */
  public static Value compare(CompareOp op, Value x, Value y) { return Bind.bind1(new Compare(op), x, y); }

  /** {@code -x}. */ public static Value neg(Value x) { return unary(UnaryOp.NEG, x); }
  /** {@code sign(x)}. */ public static Value sign(Value x) { return unary(UnaryOp.SIGN, x); }
  /** {@code floor(x)}. */ public static Value floor(Value x) { return unary(UnaryOp.FLOOR, x); }
  /** {@code |x|}. */ public static Value abs(Value x) { return unary(UnaryOp.ABS, x); }
  /** {@code e^x}. */ public static Value exp(Value x) { return unary(UnaryOp.EXP, x); }
  /** {@code ln x}. */ public static Value log(Value x) { return unary(UnaryOp.LOG, x); }
  /** {@code sin x}. */ public static Value sin(Value x) { return unary(UnaryOp.SIN, x); }
  /** {@code cos x}. */ public static Value cos(Value x) { return unary(UnaryOp.COS, x); }
  /** {@code sinh x}. */ public static Value sinh(Value x) { return unary(UnaryOp.SINH, x); }
  /** {@code cosh x}. */ public static Value cosh(Value x) { return unary(UnaryOp.COSH, x); }
  /** {@code 1 / sqrt(x)}. */ public static Value rsqrt(Value x) { return unary(UnaryOp.RSQRT, x); }
  /** {@code x * x}. */ public static Value square(Value x) { return unary(UnaryOp.SQUARE, x); }

  /** {@code x + y}. */ public static Value add(Value x, Value y) { return binary(BinaryOp.ADD, x, y); }
  /** {@code x - y}. */ public static Value sub(Value x, Value y) { return binary(BinaryOp.SUB, x, y); }
  /** {@code x * y}. */ public static Value mul(Value x, Value y) { return binary(BinaryOp.MUL, x, y); }
  /** {@code x / y}. */ public static Value div(Value x, Value y) { return binary(BinaryOp.DIV, x, y); }
  /** {@code x^y} (floats). */ public static Value pow(Value x, Value y) { return binary(BinaryOp.POW, x, y); }
  /** {@code max(x, y)}. */ public static Value max(Value x, Value y) { return binary(BinaryOp.MAX, x, y); }
  /** {@code min(x, y)}. */ public static Value min(Value x, Value y) { return binary(BinaryOp.MIN, x, y); }
  /** {@code x and y} (logical for bool, bitwise for integers). */ public static Value and(Value x, Value y) { return binary(BinaryOp.AND, x, y); }

  /** {@code x == y}. */ public static Value eq(Value x, Value y) { return compare(CompareOp.EQ, x, y); }
  /** {@code x < y}. */ public static Value lt(Value x, Value y) { return compare(CompareOp.LT, x, y); }
  /** {@code x > y}. */ public static Value gt(Value x, Value y) { return compare(CompareOp.GT, x, y); }
  /** {@code x >= y}. */ public static Value ge(Value x, Value y) { return compare(CompareOp.GE, x, y); }

  /** {@code x^y} by repeated squaring ({@link IntegerPow}); a negative {@code y} needs a floating {@code x}. */
  public static Value integerPow(Value x, int y) { return Bind.bind1(new IntegerPow(y), x); }

  /**
   * {@code pred ? onTrue : onFalse} elementwise: {@code select_n(pred, onFalse, onTrue)} ({@link SelectN}) with a
   * bool {@code pred}, cases of one dtype, every operand of one shape or rank-0.
   */
  public static Value select(Value pred, Value onTrue, Value onFalse) {
    if (pred.type().dtype() != DType.BOOL)
      throw new DTypeError("select_n: select(pred, on_true, on_false) needs a bool pred, got " + pred.type() + " (cases "
          + onTrue.type() + ", " + onFalse.type() + "); compare first (e.g. x.ne(0)), or bind select_n with i32 case indices");
    return Bind.bind1(new SelectN(), pred, onFalse, onTrue);
  }

  /** {@code x} as a strongly typed {@code dtype} ({@link ConvertElementType}); {@code x} itself when it already is one. */
  public static Value convert(Value x, DType dtype) {
    ShapedType t = x.type();
    return t.dtype() == dtype && !t.weak() ? x : Bind.bind1(new ConvertElementType(dtype, false), x);
  }

  // ---------------------------------------------------------------- structural

  /** {@code x} broadcast to {@code shape}, operand axis {@code i} becoming axis {@code dims[i]} ({@link BroadcastInDim}). */
  public static Value broadcastInDim(Value x, Shape shape, Ints dims) { return Bind.bind1(new BroadcastInDim(shape, dims), x); }

  /** {@code x} with the same elements in {@code shape} ({@link Reshape}); {@code x} itself when the shape is unchanged. */
  public static Value reshape(Value x, Shape shape) {
    return shape.equals(x.type().shape()) ? x : Bind.bind1(new Reshape(shape), x);
  }

  /** {@code x} with axis {@code perm[i]} moved to position {@code i} ({@link Transpose}); {@code x} itself for the identity. */
  public static Value transpose(Value x, Ints perm) {
    return perm.equals(Ints.range(x.type().rank())) ? x : Bind.bind1(new Transpose(perm), x);
  }

  /** {@code x} reversed along {@code dims} ({@link Rev}); {@code x} itself for no axes. */
  public static Value rev(Value x, Ints dims) { return dims.size() == 0 ? x : Bind.bind1(new Rev(dims), x); }

  /** The sum of {@code x} over {@code axes} ({@link Reduce}). */
  public static Value reduceSum(Value x, Ints axes) { return Bind.bind1(new Reduce(ReduceOp.SUM, axes), x); }
}
