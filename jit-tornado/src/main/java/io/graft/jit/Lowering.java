package io.graft.jit;

import io.graft.numerics.DType;
import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.UnaryFn;
import io.graft.trace.Eqn;
import io.graft.trace.prim.*;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * The one lowering from primitives to the fused kernel IR ({@link Expr}): for each primitive, whether it can live in
 * a fused loop ({@link #role}) and the expression it computes there ({@link #expr}). Values inside a loop are held in
 * the loop's compute dtype {@code D} (f32 or f64); bool values are held as exactly 0 or 1.
 *
 * <p>Example: {@code d = tanh a; e = mul d b; f = reduce_sum[axes=(0,)] e} lowers to the body
 * {@code mul(tanh(in0), in1)} of one loop reduced over axis 0. Primitives without a row here (gathers, dots, convs,
 * windows, control calls, effects, rounding modes the IR lacks, integer arithmetic) stay steps of their own.
 */
final class Lowering {
  private Lowering() {}

  /** Where a primitive may sit in a fused loop. */
  enum Role {
    /** Not fusable: runs its own kernel. */
    NONE,
    /** An elementwise computation: anywhere in a loop. */
    ELEMENTWISE,
    /** Data movement expressed by the loop's index map (broadcast, transpose): anywhere. */
    MOVEMENT,
    /** A reduction: only as the loop's root. */
    REDUCE
  }

  /**
   * The role of {@code e} in a loop computing in {@code d}, or {@link Role#NONE}. {@code d} is f32 or f64; values
   * of other dtypes may only enter a loop as converted inputs or leave it through the root's output dtype.
   */
  static Role role(Eqn e, DType d) {
    DType out = e.out().get(0).type().dtype();
    DType in0 = e.in().isEmpty() ? out : e.in().get(0).type().dtype();
    boolean numeric = out == d;
    boolean value = out == d || out == DType.BOOL;
    return switch (e.prim()) {
      case Unary u -> numeric && unary(u.op()).isDefined() ? Role.ELEMENTWISE : Role.NONE;
      case Binary b -> numeric && binary(b.op()).isDefined() ? Role.ELEMENTWISE : Role.NONE;
      case Compare c -> in0 == d ? Role.ELEMENTWISE : Role.NONE;
      case IntegerPow p -> numeric && Math.abs(p.y()) <= 2 ? Role.ELEMENTWISE : Role.NONE;
      case SelectN s -> value && e.in().size() == 3 && in0 == DType.BOOL ? Role.ELEMENTWISE : Role.NONE;
      case Clamp c -> numeric ? Role.ELEMENTWISE : Role.NONE;
      case ConvertElementType c -> value ? Role.ELEMENTWISE : Role.NONE;
      case StopGradient s -> value ? Role.ELEMENTWISE : Role.NONE;
      case BroadcastInDim b -> value ? Role.MOVEMENT : Role.NONE;
      case Transpose t -> value ? Role.MOVEMENT : Role.NONE;
      case Reduce r -> numeric && r.op() != ReduceOp.PROD && r.axes().size() > 0 ? Role.REDUCE : Role.NONE;
      // their own kernels: effects, layout changes a loop's index map cannot express, scans, and the rest
      case DebugPrint _, Reshape _, Squeeze _, Rev _, Pad _, Concatenate _, Slice _, DynamicSlice _,
           DynamicUpdateSlice _, Iota _, ArgMinMax _, Cumulative _ -> Role.NONE;
      case Indexing _, Windowed _, Linalg _, HigherOrder _ -> Role.NONE;
    };
  }

  /**
   * The compute dtype of a loop rooted at {@code e}: the root's own float dtype, or its operand's for a comparison or
   * a conversion out of floats; empty when no loop can be rooted there.
   */
  static Option<DType> computeDType(Eqn e) {
    DType out = e.out().get(0).type().dtype();
    if (out.isFloating()) return Option.of(out);
    if (e.in().isEmpty()) return Option.none();
    DType in0 = e.in().get(0).type().dtype();
    boolean fromFloat = switch (e.prim()) {
      case Compare c -> true;
      case ConvertElementType c -> true;
      default -> false;   // other non-float roots (bool movement, integer ops) stay unfused
    };
    return fromFloat && in0.isFloating() ? Option.of(in0) : Option.none();
  }

  /** The value {@code e} computes in a loop, from its operands' values {@code x} (role must not be NONE). */
  static Expr expr(Eqn e, Vector<Expr> x) {
    return switch (e.prim()) {
      case Unary u -> new Expr.Unary(unary(u.op()).get(), x.get(0));
      case Binary b -> new Expr.Binary(binary(b.op()).get(), x.get(0), x.get(1));
      case Compare c -> new Expr.Binary(compare(c.op()), x.get(0), x.get(1));
      case IntegerPow p -> integerPow(p.y(), x.get(0));
      case SelectN s -> new Expr.Select(x.get(0), x.get(2), x.get(1));   // select_n(which, false-case, true-case)
      case Clamp c -> new Expr.Binary(BinaryFn.MIN, new Expr.Binary(BinaryFn.MAX, x.get(1), x.get(0)), x.get(2));
      case ConvertElementType c -> c.newDtype() == DType.BOOL
          ? new Expr.Binary(BinaryFn.NE, x.get(0), new Expr.Constant(0)) : x.get(0);
      case StopGradient s -> x.get(0);
      case BroadcastInDim b -> x.get(0);   // the index map does the work
      case Transpose t -> x.get(0);
      case Reduce r -> x.get(0);           // the loop's reduction does the work
      default -> throw new IllegalStateException("jit: " + e.prim().name() + " has no loop lowering");
    };
  }

  private static Expr integerPow(int y, Expr x) {
    return switch (y) {
      case 0 -> new Expr.Constant(1);
      case 1 -> x;
      case 2 -> new Expr.Unary(UnaryFn.SQUARE, x);
      case -1 -> new Expr.Unary(UnaryFn.RECIPROCAL, x);
      case -2 -> new Expr.Unary(UnaryFn.RECIPROCAL, new Expr.Unary(UnaryFn.SQUARE, x));
      default -> throw new IllegalStateException("jit: integer_pow y=" + y + " has no loop lowering");
    };
  }

  /** The kernel IR row computing {@code op}'s eager kernel (read from the row table), or none: no loop lowering. */
  static Option<UnaryFn> unary(UnaryOp op) { return Option.ofOptional(UnaryFn.of(op.kernel())); }

  /** The kernel IR row computing {@code op}'s eager kernel, or none. */
  static Option<BinaryFn> binary(BinaryOp op) { return Option.ofOptional(BinaryFn.of(op.kernel())); }

  static BinaryFn compare(CompareOp op) { return BinaryFn.of(op.kernel()); }
}
