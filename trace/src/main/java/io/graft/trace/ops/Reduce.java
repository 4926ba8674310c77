package io.graft.trace.ops;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.ArgMinMax;
import io.graft.trace.prim.ArgOp;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.Cumulative;
import io.graft.trace.prim.CumulativeOp;
import io.graft.trace.prim.Padding;
import io.graft.trace.prim.ReduceOp;
import io.graft.trace.prim.ReduceWindow;
import io.graft.trace.prim.Reshape;
import io.graft.trace.prim.SelectAndGatherAdd;
import io.graft.trace.prim.SelectAndScatterAdd;
import io.graft.trace.prim.UnaryOp;
import io.graft.trace.prim.WindowOp;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reductions with NumPy semantics ({@code jnp.sum}, {@code mean}, {@code var}, {@code argmax}, {@code cumsum},
 * {@code logsumexp}) and the lax-level builders of the reduction and window primitives.
 *
 * <p>Axes may be negative; {@code null} axes mean every axis (NumPy's {@code axis=None}); an empty array reduces
 * over no axis. Duplicate axes are an error. {@code keepdims} keeps reduced axes as size 1 (a {@code reshape}).
 * As in {@code jnp}: sum and prod of bool count in i32 (the reduction reads the bool mask directly, with no i32
 * copy); mean of bool is that count over n in f32; mean, var and logsumexp of integers compute in f32; max, min
 * and argmax of a zero-size axis are errors (no identity), while the lax-level builders give the identity.
 * <pre>{@code Value s = Reduce.sum(x, new int[] {-1}, true);   // x f32[2,3] -> f32[2,1]}</pre>
 */
public final class Reduce {
  private Reduce() {}

  // ---------------------------------------------------------------- lax level

  /**
   * {@code reduce_<op>} over {@code axes} (negative allowed; sorted here; duplicates are an error). As in
   * {@code lax}, sum and prod reject bool (the primitive counts bool into i32 for {@link #sum}/{@link #prod}).
   */
  public static Value reduce(ReduceOp op, Value x, int... axes) {
    Objects.requireNonNull(axes, "axes is null");
    if (!op.isExtreme() && x.type().dtype().isBool())
      throw new DTypeError(op.printName() + ": does not accept " + x.type() + "; convert it with astype(Np.int32) first, "
          + "or use Np." + (op == ReduceOp.SUM ? "sum" : "prod") + ", which counts bool into i32; bool supports reduce_max (any) and reduce_min (all)");
    return bindReduce(op, x, axes(op.printName(), x.type(), axes));
  }

  /** {@code argmax}/{@code argmin} along {@code axis} (negative allowed) with {@code indexDtype} results. */
  public static Value argMinMax(ArgOp op, Value x, int axis, DType indexDtype) {
    Objects.requireNonNull(indexDtype, "indexDtype is null");
    return Bind.bind1(new ArgMinMax(op, x.type().shape().axis(axis, op.printName()), indexDtype), x);
  }

  /** The inclusive scan {@code op} along {@code axis} (negative allowed), from the end if {@code reverse}. */
  public static Value cumulative(CumulativeOp op, Value x, int axis, boolean reverse) {
    return Bind.bind1(new Cumulative(op, x.type().shape().axis(axis, op.printName()), reverse), x);
  }

  /**
   * {@code reduce_window_<op>}; {@code baseDilation}/{@code windowDilation} may be null (no dilation) and
   * {@code padding} is one {@code (lo, hi)} pair per axis.
   */
  public static Value reduceWindow(Value x, WindowOp op, int[] window, int[] strides, int[][] padding,
                                   int[] baseDilation, int[] windowDilation) {
    Objects.requireNonNull(window, "window is null");
    Objects.requireNonNull(strides, "strides is null");
    int rank = x.type().rank();
    return Bind.bind1(new ReduceWindow(op, Ints.of(window), Ints.of(strides), Padding.of(padding),
        Ints.of(baseDilation == null ? ones(rank) : baseDilation), Ints.of(windowDilation == null ? ones(rank) : windowDilation)), x);
  }

  /** {@code select_and_scatter_add(source, operand)}: the max-pool gradient (see {@link SelectAndScatterAdd}). */
  public static Value selectAndScatterAdd(Value source, Value operand, int[] window, int[] strides, int[][] padding) {
    Objects.requireNonNull(window, "window is null");
    Objects.requireNonNull(strides, "strides is null");
    return Bind.bind1(new SelectAndScatterAdd(Ints.of(window), Ints.of(strides), Padding.of(padding)), source, operand);
  }

  /** {@code select_and_gather_add(tangents, operand)}: the max-pool JVP (see {@link SelectAndGatherAdd}). */
  public static Value selectAndGatherAdd(Value tangents, Value operand, int[] window, int[] strides, int[][] padding) {
    Objects.requireNonNull(window, "window is null");
    Objects.requireNonNull(strides, "strides is null");
    return Bind.bind1(new SelectAndGatherAdd(Ints.of(window), Ints.of(strides), Padding.of(padding)), tangents, operand);
  }

  // ---------------------------------------------------------------- NumPy level

  /** {@code jnp.sum}: bool counts the true elements, as i32. */
  public static Value sum(Value x, int[] axes, boolean keepdims) { return numpy(ReduceOp.SUM, "sum", x, axes, keepdims); }

  /** {@code jnp.prod}: on bool, 1 (i32) if every element is true, else 0. */
  public static Value prod(Value x, int[] axes, boolean keepdims) { return numpy(ReduceOp.PROD, "prod", x, axes, keepdims); }

  /** {@code jnp.max}: a zero-size reduced axis is an error; NaN propagates; on bool: any. */
  public static Value max(Value x, int[] axes, boolean keepdims) { return numpy(ReduceOp.MAX, "max", x, axes, keepdims); }

  /** {@code jnp.min}: a zero-size reduced axis is an error; NaN propagates; on bool: all. */
  public static Value min(Value x, int[] axes, boolean keepdims) { return numpy(ReduceOp.MIN, "min", x, axes, keepdims); }

  /**
   * {@code jnp.mean}: sum over the axes divided by their element count (integers in f32; bool as its i32 count
   * converted to f32, the same value without an f32 copy of the mask).
   */
  public static Value mean(Value x, int[] axes, boolean keepdims) {
    if (x.type().dtype().isHalf()) return inF32(x, v -> mean(v, axes, keepdims));
    if (x.type().dtype().isBool()) {
      int[] ax = axes("mean", x.type(), axes);
      Value count = keep(bindReduce(ReduceOp.SUM, x, ax), x.type(), ax, keepdims);
      return Arith.div(Promotion.convert(count, DType.F32, false), literal(count(x.type(), ax)));
    }
    Value xf = floating(x);
    int[] ax = axes("mean", xf.type(), axes);
    Value s = keep(bindReduce(ReduceOp.SUM, xf, ax), xf.type(), ax, keepdims);
    return Arith.div(s, literal(count(xf.type(), ax)));
  }

  /**
   * {@code jnp.var}: the sum of squared deviations from the mean divided by {@code max(count - ddof, 0)} (two
   * passes; integers in f32). As in NumPy and JAX, {@code ddof >= count} divides by 0: inf where the deviations are
   * not all zero, NaN where they are (and for an empty reduction).
   */
  public static Value var(Value x, int[] axes, int ddof, boolean keepdims) {
    if (x.type().dtype().isHalf()) return inF32(x, v -> var(v, axes, ddof, keepdims));
    Value xf = floating(x);
    int[] ax = axes("var", xf.type(), axes);
    Value centered = Arith.sub(xf, mean(xf, ax, true));
    Value sq = keep(bindReduce(ReduceOp.SUM, Arith.mul(centered, centered), ax), xf.type(), ax, keepdims);
    return Arith.div(sq, literal(Math.max((double) count(xf.type(), ax) - ddof, 0)));
  }

  /** {@code jnp.std}: the square root of {@link #var}. */
  public static Value std(Value x, int[] axes, int ddof, boolean keepdims) {
    if (x.type().dtype().isHalf()) return inF32(x, v -> std(v, axes, ddof, keepdims));
    return Arith.unary(UnaryOp.SQRT, var(x, axes, ddof, keepdims));
  }

  /**
   * {@code f} of the bf16/f16 {@code x} computed in f32 and rounded back once (JAX's {@code _upcast_f16}): the
   * composite statistics (mean, var, std) then round only their final result, like the primitive reductions.
   */
  private static Value inF32(Value x, java.util.function.UnaryOperator<Value> f) {
    DType half = x.type().dtype();
    return Promotion.convert(f.apply(Promotion.convert(x, DType.F32, x.type().weak())), half, x.type().weak());
  }

  /** {@code jnp.argmax}: i32 indices along {@code axis}, or into the flattened array when {@code axis} is null. */
  public static Value argmax(Value x, Integer axis, boolean keepdims) { return arg(ArgOp.MAX, x, axis, keepdims); }

  /** {@code jnp.argmin}: i32 indices along {@code axis}, or into the flattened array when {@code axis} is null. */
  public static Value argmin(Value x, Integer axis, boolean keepdims) { return arg(ArgOp.MIN, x, axis, keepdims); }

  /** {@code jnp.cumsum} along {@code axis}, or over the flattened array when null; bool counts as i32. */
  public static Value cumsum(Value x, Integer axis) { return scan(CumulativeOp.SUM, boolToInt(x), axis); }

  /** {@code jnp.cumprod} along {@code axis}, or over the flattened array when null; bool counts as i32. */
  public static Value cumprod(Value x, Integer axis) { return scan(CumulativeOp.PROD, boolToInt(x), axis); }

  /** Running maximum along {@code axis}, or over the flattened array when null. */
  public static Value cummax(Value x, Integer axis) { return scan(CumulativeOp.MAX, x, axis); }

  /** Running minimum along {@code axis}, or over the flattened array when null. */
  public static Value cummin(Value x, Integer axis) { return scan(CumulativeOp.MIN, x, axis); }

  /**
   * {@code log(sum(exp(x)))} over {@code axes}, computed as {@code m + log(sum(exp(x - m)))} with {@code m} the
   * maximum clamped to the finite range: stable for large {@code x}, {@code -inf} for empty or all {@code -inf}
   * inputs, {@code +inf} when an element is {@code +inf}. NB: JAX replaces a non-finite max by 0 with a select and
   * stops its gradient; Graft has no select/stop_gradient here yet and clamps instead (same values; the gradient
   * through {@code m} cancels exactly).
   */
  public static Value logsumexp(Value x, int[] axes, boolean keepdims) {
    Value xf = floating(x);
    ShapedType t = xf.type();
    int[] ax = axes("logsumexp", t, axes);
    double big = t.dtype().maxFinite();
    Value m = Arith.stopGradient(keep(bindReduce(ReduceOp.MAX, xf, ax), t, ax, true));
    m = Arith.binary(BinaryOp.MIN, Arith.binary(BinaryOp.MAX, m, typedLiteral(t.dtype(), -big)), typedLiteral(t.dtype(), big));
    Value s = keep(bindReduce(ReduceOp.SUM, Arith.unary(UnaryOp.EXP, Arith.sub(xf, m)), ax), t, ax, keepdims);
    Value mOut = keepdims ? m : reshape(m, s.type().shape());
    return Arith.add(Arith.unary(UnaryOp.LOG, s), mOut);
  }

  // ---------------------------------------------------------------- helpers shared with Nn

  /** Normalised, sorted axes of {@code t} ({@code null} = all); duplicates are a {@link ShapeError} naming {@code op}. */
  static int[] axes(String op, ShapedType t, int[] axes) {
    if (axes == null) return Ints.range(t.rank()).toArray();
    int[] a = new int[axes.length];
    for (int i = 0; i < axes.length; i++) a[i] = t.shape().axis(axes[i], op);
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++)
      if (sorted[i] == sorted[i - 1])
        throw new ShapeError(op + ": axis " + sorted[i] + " appears twice in axes " + Arrays.toString(axes) + " for " + t
            + "; list each axis once");
    return sorted;
  }

  /** Binds {@code reduce_<op>} over normalised axes. */
  static Value bindReduce(ReduceOp op, Value x, int[] axes) { return Bind.bind1(new io.graft.trace.prim.Reduce(op, Ints.of(axes)), x); }

  /** {@code r} reshaped to keep the reduced {@code axes} of {@code t} as size 1 when {@code keepdims}. */
  static Value keep(Value r, ShapedType t, int[] axes, boolean keepdims) {
    if (!keepdims || axes.length == 0) return r;
    int[] dims = t.shape().dims();
    for (int a : axes) dims[a] = 1;
    return reshape(r, Shape.of(dims));
  }

  /** {@code x} as a float (integers and bool convert to f32, as jnp's default float). */
  static Value floating(Value x) {
    return x.type().dtype().isFloating() ? x : Promotion.convert(x, DType.F32, false);
  }

  /** A weakly typed f64 literal (it adopts the other operand's float dtype). */
  static Value literal(double v) { return new Const(NdArray.wrap(Shape.scalar(), new double[] {v}), true); }

  private static Value typedLiteral(DType d, double v) { return new Const(NdArray.scalar(d, v), true); }

  private static Value reshape(Value x, Shape s) {
    return x.type().shape().equals(s) ? x : Bind.bind1(new Reshape(s), x);
  }

  private static Value numpy(ReduceOp op, String name, Value x, int[] axes, boolean keepdims) {
    ShapedType t = x.type();
    int[] ax = axes(name, t, axes);
    if (op.isExtreme()) {
      for (int a : ax)
        if (t.shape().dim(a) == 0)
          throw new ShapeError(name + ": zero-size array " + t + " has no " + (op == ReduceOp.MAX ? "maximum" : "minimum")
              + " over axis " + a + " (the reduction has no identity, as in jnp); use Lax.reduce" + (op == ReduceOp.MAX ? "Max" : "Min")
              + " to get the identity " + (op == ReduceOp.MAX ? "-inf" : "+inf") + " instead");
    }
    return keep(bindReduce(op, x, ax), t, ax, keepdims);
  }

  private static Value arg(ArgOp op, Value x, Integer axis, boolean keepdims) {
    ShapedType t = x.type();
    if (axis == null) {
      Value r = Bind.bind1(new ArgMinMax(op, 0, DType.I32), reshape(x, Shape.of(t.shape().size())));
      return keepdims ? reshape(r, Shape.of(ones(t.rank()))) : r;
    }
    int a = t.shape().axis(axis, op.printName());
    return keep(Bind.bind1(new ArgMinMax(op, a, DType.I32), x), t, new int[] {a}, keepdims);
  }

  private static Value scan(CumulativeOp op, Value x, Integer axis) {
    if (axis == null) return Bind.bind1(new Cumulative(op, 0, false), reshape(x, Shape.of(x.type().shape().size())));
    return cumulative(op, x, axis, false);
  }

  private static Value boolToInt(Value x) { return x.type().dtype().isBool() ? Promotion.convert(x, DType.I32, false) : x; }

  private static long count(ShapedType t, int[] axes) {
    long n = 1;
    for (int a : axes) n *= t.shape().dim(a);
    return n;
  }

  private static int[] ones(int n) {
    int[] a = new int[n];
    Arrays.fill(a, 1);
    return a;
  }
}
