package io.graft.jit;

import io.graft.jit.Lowered.Fit;
import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Reduction;
import io.graft.jit.kernel.UnaryFn;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.trace.Eqn;
import io.graft.trace.prim.*;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * The one lowering from primitives to the fused kernel IR: {@link #lower} is an exhaustive switch over every primitive
 * record, with no {@code default}, so a new primitive does not compile until it is given a case here. It says what the
 * primitive is in a loop ({@link Lowered}); {@link #inLoop} adds whether a loop computing in a given dtype can hold it,
 * {@link #expr} the value it computes there. Values inside a loop are held in the loop's compute dtype {@code D} (f32
 * or f64); bool values are held as exactly 0 or 1.
 *
 * <p>Example: {@code d = tanh a; e = mul d b; f = reduce_sum[axes=(0,)] e} lowers to the body
 * {@code mul(tanh(in0), in1)} of one loop reduced over axis 0. Primitives lowered to {@link Lowered.OwnKernel}
 * (gathers, dots, convs, windows, control calls, effects, layout changes an index map cannot express, ops the kernel
 * IR has no row for) stay steps of their own.
 */
final class Lowering {
  private Lowering() {}

  private static final Expr X0 = new Expr.Input(0), X1 = new Expr.Input(1), X2 = new Expr.Input(2);

  /** What {@code e}'s primitive is in a loop, whatever the loop's dtype: one case per primitive record. */
  static Lowered lower(Eqn e) {
    return switch (e.prim()) {
      case Unary u -> unary(u.op()).fold(() -> Lowered.OWN_KERNEL,
          fn -> elementwise(new Expr.Unary(fn, X0), Fit.RESULT));
      case Binary b -> binary(b.op()).fold(() -> Lowered.OWN_KERNEL,
          fn -> elementwise(new Expr.Binary(fn, X0, X1), Fit.RESULT));
      case Compare c -> elementwise(new Expr.Binary(compare(c.op()), X0, X1), Fit.OPERAND);
      case IntegerPow p -> integerPow(p.y()).fold(() -> Lowered.OWN_KERNEL, x -> elementwise(x, Fit.RESULT));
      // select_n(which, false-case, true-case); only the boolean predicate form has a loop lowering
      case SelectN s -> e.in().size() == 3 && e.in().get(0).type().dtype() == DType.BOOL
          ? elementwise(new Expr.Select(X0, X2, X1), Fit.VALUE) : Lowered.OWN_KERNEL;
      case Clamp c -> elementwise(new Expr.Binary(BinaryFn.MIN, new Expr.Binary(BinaryFn.MAX, X1, X0), X2), Fit.RESULT);
      // u32 values do not survive a loop's signed loads and stores: conversions into or out of u32 run the eager kernel
      case ConvertElementType c when c.newDtype().isUnsigned() || e.in().get(0).type().dtype().isUnsigned() -> Lowered.OWN_KERNEL;
      case ConvertElementType c -> elementwise(
          c.newDtype() == DType.BOOL ? new Expr.Binary(BinaryFn.NE, X0, new Expr.Constant(0)) : X0, Fit.VALUE);
      case StopGradient s -> elementwise(X0, Fit.VALUE);
      case BroadcastInDim b -> new Lowered.Broadcast(b.shape(), b.dims());
      case Transpose t -> new Lowered.Permute(t.permutation());
      case Reduce r -> fold(r.op()).fold(() -> Lowered.OWN_KERNEL,
          op -> r.axes().size() > 0 ? new Lowered.Fold(op, r.axes()) : Lowered.OWN_KERNEL);
      // a reshape or squeeze that only inserts or drops size-1 dimensions is an index map (fusion through reshape)
      case Reshape _, Squeeze _ -> unitDims(e.in().get(0).type().shape(), e.out().get(0).type().shape())
          .fold(() -> Lowered.OWN_KERNEL, dims -> new Lowered.Broadcast(e.out().get(0).type().shape(), dims));
      // effects, and layout changes a loop's index map cannot express
      case DebugPrint _, Rev _, Pad _, Concatenate _, Slice _, DynamicSlice _,
           DynamicUpdateSlice _, Iota _ -> Lowered.OWN_KERNEL;
      // tuned kernels of their own: indexing, scans, windows, products
      // bit reinterpretation (integer-only loops are not fused yet) and sorting
      case BitcastConvertType _, ArgSort _ -> Lowered.OWN_KERNEL;
      case Gather _, ScatterAdd _, ArgMinMax _, Cumulative _, ReduceWindow _, SelectAndScatterAdd _,
           SelectAndGatherAdd _, DotGeneral _, ConvGeneralDilated _ -> Lowered.OWN_KERNEL;
      // calls of graphs: inlined by the passes (jit) or run by their own executables
      case CustomJvpCall _, CustomVjpCall _, Checkpoint _, LinearCall _, JitCall _ -> Lowered.OWN_KERNEL;
      // structured control flow: a Step.Control running its sub-graphs' compiled programs
      case ControlFlow _ -> Lowered.OWN_KERNEL;
      // collectives: batched away by the vmap binding their axis before lowering; one that reaches a program was run
      // outside that vmap, and its kernel (Collective.eval) raises UnboundAxisError. MPI will lower them (issue #15).
      case Psum _, Pmax _, Pmin _, AllGather _, PsumScatter _, AxisIndex _ -> Lowered.OWN_KERNEL;
    };
  }

  private static Lowered elementwise(Expr body, Fit fit) { return new Lowered.Elementwise(body, fit); }

  /**
   * {@link #lower}'s answer when a loop computing in {@code d} (f32 or f64) can hold {@code e}, else
   * {@link Lowered.OwnKernel}. Values of other dtypes may only enter a loop as converted inputs or leave it through
   * the root's output dtype.
   */
  static Lowered inLoop(Eqn e, DType d) {
    Lowered l = lower(e);
    DType out = e.out().get(0).type().dtype();
    DType in0 = e.in().isEmpty() ? out : e.in().get(0).type().dtype();
    boolean value = out == d || out == DType.BOOL;
    boolean fits = switch (l) {
      case Lowered.Elementwise(var body, var fit) -> switch (fit) {
        case RESULT -> out == d;
        case VALUE -> value;
        case OPERAND -> in0 == d;
      };
      case Lowered.Broadcast _, Lowered.Permute _ -> value;
      case Lowered.Fold _ -> out == d;
      case Lowered.OwnKernel _ -> false;
    };
    return fits ? l : Lowered.OWN_KERNEL;
  }

  /**
   * The compute dtype of a loop rooted at {@code e}: the root's own float dtype, or, for an elementwise root whose
   * result may leave the compute dtype (a comparison, a conversion out of floats), its first operand's float dtype;
   * empty when no loop can be rooted there.
   */
  static Option<DType> computeDType(Eqn e) {
    if (touchesByte(e)) return Option.none();
    if (touchesHalf(e)) return halfDType(e).filter(d -> halfFusible(e, d) && !(lower(e) instanceof Lowered.Fold));
    DType out = e.out().get(0).type().dtype();
    if (out.isFloating()) return Option.of(out);
    if (e.in().isEmpty()) return Option.none();
    DType in0 = e.in().get(0).type().dtype();
    boolean fromOperand = switch (lower(e)) {
      case Lowered.Elementwise(var body, var fit) -> fit != Fit.RESULT;
      case Lowered.Broadcast _, Lowered.Permute _, Lowered.Fold _, Lowered.OwnKernel _ -> false;
    };
    return fromOperand && in0.isFloating() ? Option.of(in0) : Option.none();
  }

  /**
   * True when an operand or result of {@code e} is i8 or u8. NB: such equations are not fused; each runs alone through
   * its primitive's eager kernel (computed in i32, wrapped back to 8 bits), so jit equals eager on them.
   */
  static boolean touchesByte(Eqn e) {
    for (var a : e.in()) if (a.type().dtype().isByte()) return true;
    for (var v : e.out()) if (v.type().dtype().isByte()) return true;
    return false;
  }

  /** True when an operand or result of {@code e} is bf16 or f16. */
  static boolean touchesHalf(Eqn e) { return halfDType(e).isDefined(); }

  private static Option<DType> halfDType(Eqn e) {
    for (var a : e.in()) if (a.type().dtype().isHalf()) return Option.of(a.type().dtype());
    for (var v : e.out()) if (v.type().dtype().isHalf()) return Option.of(v.type().dtype());
    return Option.none();
  }

  /**
   * True when {@code e} may sit in a fused loop of the 16-bit compute dtype {@code d}: every operand and result is
   * {@code d} or bool, so the loop loads and stores only {@code d}'s bits (widened in registers, rounded after every
   * op as eager does) and no conversion between float widths happens inside it. NB: 16-bit reductions and
   * conversions run as their own steps, through the eager kernels (f32 accumulation, one rounding).
   */
  static boolean halfFusible(Eqn e, DType d) {
    if (!d.isHalf()) return false;
    for (var a : e.in()) if (a.type().dtype() != d && a.type().dtype() != DType.BOOL) return false;
    for (var v : e.out()) if (v.type().dtype() != d && v.type().dtype() != DType.BOOL) return false;
    return true;
  }

  /** The value {@code e} computes in a loop, from its operands' values {@code x} ({@code e} must be in the loop). */
  static Expr expr(Eqn e, Vector<Expr> x) {
    return switch (lower(e)) {
      case Lowered.Elementwise(var body, var fit) -> substitute(body, x);
      case Lowered.Broadcast _, Lowered.Permute _ -> x.get(0);   // the index map does the work
      case Lowered.Fold _ -> x.get(0);                            // the loop's reduction does the work
      case Lowered.OwnKernel _ -> throw new IllegalStateException(
          "jit: " + e.prim().name() + " runs its own kernel; it cannot be part of a fused loop");
    };
  }

  /** {@code body} with each {@code Input(k)} replaced by {@code x[k]}. */
  private static Expr substitute(Expr body, Vector<Expr> x) {
    return switch (body) {
      case Expr.Input(var k) -> x.get(k);
      case Expr.Constant c -> c;
      case Expr.Unary(var fn, var a) -> new Expr.Unary(fn, substitute(a, x));
      case Expr.Binary(var fn, var a, var b) -> new Expr.Binary(fn, substitute(a, x), substitute(b, x));
      case Expr.Select(var c, var t, var f) -> new Expr.Select(substitute(c, x), substitute(t, x), substitute(f, x));
    };
  }

  /**
   * For a reshape of {@code x} to {@code y} that only inserts or drops size-1 dimensions (the other dimensions keep
   * their sizes and order), the result axis each operand dimension follows, {@code -1} for a dropped size-1
   * dimension; none when the reshape regroups elements. Example: {@code [128] -> [128,1]} gives {@code (0)},
   * {@code [128,1] -> [128]} gives {@code (0, -1)}, {@code [4,6] -> [24]} none.
   */
  static Option<Ints> unitDims(Shape x, Shape y) {
    int[] dims = new int[x.rank()];
    int i = 0;
    for (int j = 0; j < x.rank(); j++) {
      if (x.dim(j) == 1) { dims[j] = -1; continue; }
      while (i < y.rank() && y.dim(i) == 1) i++;
      if (i == y.rank() || y.dim(i) != x.dim(j)) return Option.none();
      dims[j] = i++;
    }
    for (; i < y.rank(); i++) if (y.dim(i) != 1) return Option.none();
    return Option.of(Ints.of(dims));
  }

  /**
   * True for what costs a loop about as little as reading a stored value: data movement, and elementwise bodies of
   * exact operations only (add, subtract, multiply, square, max, min, comparisons, negation, absolute value, select,
   * conversion). Fusion may recompute such a value in each loop that reads it instead of storing it once.
   */
  static boolean cheap(Lowered l) {
    return switch (l) {
      case Lowered.Broadcast _, Lowered.Permute _ -> true;
      case Lowered.Elementwise(var body, var fit) -> cheap(body);
      case Lowered.Fold _, Lowered.OwnKernel _ -> false;
    };
  }

  private static boolean cheap(Expr x) {
    return switch (x) {
      case Expr.Input _, Expr.Constant _ -> true;
      case Expr.Unary(var fn, var a) -> (fn == UnaryFn.NEG || fn == UnaryFn.ABS || fn == UnaryFn.SQUARE) && cheap(a);
      case Expr.Binary(var fn, var a, var b) -> fn != BinaryFn.DIV && fn != BinaryFn.POW && fn != BinaryFn.ATAN2
          && cheap(a) && cheap(b);
      case Expr.Select(var c, var t, var f) -> cheap(c) && cheap(t) && cheap(f);
    };
  }

  /** {@code x^y} on {@code Input(0)} for the exponents the kernel IR spells (|y| <= 2), else none. */
  private static Option<Expr> integerPow(int y) {
    return switch (y) {
      case 0 -> Option.of(new Expr.Constant(1));
      case 1 -> Option.of(X0);
      case 2 -> Option.of(new Expr.Unary(UnaryFn.SQUARE, X0));
      case -1 -> Option.of(new Expr.Unary(UnaryFn.RECIPROCAL, X0));
      case -2 -> Option.of(new Expr.Unary(UnaryFn.RECIPROCAL, new Expr.Unary(UnaryFn.SQUARE, X0)));
      default -> Option.none();   // an int: larger powers run the eager kernel
    };
  }

  /** The loop's fold for {@code op}, or none (products are not fused). */
  private static Option<Reduction> fold(ReduceOp op) {
    return switch (op) {
      case SUM -> Option.of(Reduction.SUM);
      case MAX -> Option.of(Reduction.MAX);
      case MIN -> Option.of(Reduction.MIN);
      case PROD -> Option.none();
    };
  }

  /** The kernel IR row computing {@code op}'s eager kernel (read from the row table), or none: no loop lowering. */
  static Option<UnaryFn> unary(UnaryOp op) { return Option.ofOptional(UnaryFn.of(op.kernel())); }

  /** The kernel IR row computing {@code op}'s eager kernel, or none. */
  static Option<BinaryFn> binary(BinaryOp op) { return Option.ofOptional(BinaryFn.of(op.kernel())); }

  static BinaryFn compare(CompareOp op) { return BinaryFn.of(op.kernel()); }
}
