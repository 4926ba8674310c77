package io.graft;

import io.graft.numerics.DType;
import io.graft.trace.Value;
import io.graft.trace.ops.Reduce;
import io.graft.trace.prim.ArgOp;
import io.graft.trace.prim.CumulativeOp;
import io.graft.trace.prim.ReduceOp;
import io.graft.trace.prim.WindowOp;
import java.util.Objects;

/**
 * {@code jax.lax}: the primitive-level operations, with the primitives' strict semantics (no implicit
 * broadcasting or promotion beyond what each primitive defines). One-line delegations.
 */
public final class Lax {
  private Lax() {}

  // ---------------------------------------------------------------- elementwise family

  // ---------------------------------------------------------------- structural family

  // ---------------------------------------------------------------- reductions family

  /** Sum over {@code axes} ({@code lax.reduce_sum}; negative allowed); an empty reduction gives the identity. */
  public static Array reduceSum(Array x, int... axes) { return new Array(Reduce.reduce(ReduceOp.SUM, reductionArg(x), axes)); }

  /** Maximum over {@code axes} ({@code lax.reduce_max}; negative allowed); an empty reduction gives the identity. */
  public static Array reduceMax(Array x, int... axes) { return new Array(Reduce.reduce(ReduceOp.MAX, reductionArg(x), axes)); }

  /** Minimum over {@code axes} ({@code lax.reduce_min}; negative allowed); an empty reduction gives the identity. */
  public static Array reduceMin(Array x, int... axes) { return new Array(Reduce.reduce(ReduceOp.MIN, reductionArg(x), axes)); }

  /** Product over {@code axes} ({@code lax.reduce_prod}; negative allowed); an empty reduction gives the identity. */
  public static Array reduceProd(Array x, int... axes) { return new Array(Reduce.reduce(ReduceOp.PROD, reductionArg(x), axes)); }

  /** {@code lax.argmax}: indices of the first maxima along {@code axis} as {@code indexDtype} (i32 or i64). */
  public static Array argmax(Array x, int axis, DType indexDtype) { return new Array(Reduce.argMinMax(ArgOp.MAX, reductionArg(x), axis, indexDtype)); }

  /** {@code lax.argmin}: indices of the first minima along {@code axis} as {@code indexDtype} (i32 or i64). */
  public static Array argmin(Array x, int axis, DType indexDtype) { return new Array(Reduce.argMinMax(ArgOp.MIN, reductionArg(x), axis, indexDtype)); }

  /** {@code lax.cumsum}: running sum along {@code axis}, from the end when {@code reverse}. */
  public static Array cumsum(Array x, int axis, boolean reverse) { return new Array(Reduce.cumulative(CumulativeOp.SUM, reductionArg(x), axis, reverse)); }

  /** {@code lax.cumprod}: running product along {@code axis}, from the end when {@code reverse}. */
  public static Array cumprod(Array x, int axis, boolean reverse) { return new Array(Reduce.cumulative(CumulativeOp.PROD, reductionArg(x), axis, reverse)); }

  /** {@code lax.cummax}: running maximum along {@code axis}, from the end when {@code reverse}. */
  public static Array cummax(Array x, int axis, boolean reverse) { return new Array(Reduce.cumulative(CumulativeOp.MAX, reductionArg(x), axis, reverse)); }

  /** {@code lax.cummin}: running minimum along {@code axis}, from the end when {@code reverse}. */
  public static Array cummin(Array x, int axis, boolean reverse) { return new Array(Reduce.cumulative(CumulativeOp.MIN, reductionArg(x), axis, reverse)); }

  /**
   * {@code lax.reduce_window} with {@code op} (padding holds the op's identity): {@code window} and {@code strides}
   * per axis, {@code padding} one {@code (lo, hi)} pair per axis, no dilation.
   */
  public static Array reduceWindow(Array x, WindowOp op, int[] window, int[] strides, int[][] padding) {
    return new Array(Reduce.reduceWindow(reductionArg(x), op, window, strides, padding, null, null));
  }

  /** {@code lax.reduce_window} with base (operand) and window dilation per axis. */
  public static Array reduceWindow(Array x, WindowOp op, int[] window, int[] strides, int[][] padding, int[] baseDilation,
                                   int[] windowDilation) {
    Objects.requireNonNull(baseDilation, "baseDilation is null");
    Objects.requireNonNull(windowDilation, "windowDilation is null");
    return new Array(Reduce.reduceWindow(reductionArg(x), op, window, strides, padding, baseDilation, windowDilation));
  }

  /**
   * The max-pool gradient: adds each {@code source} element at the first maximum of its window of {@code operand}
   * into zeros of {@code operand}'s shape ({@code lax._select_and_scatter_add}).
   */
  public static Array selectAndScatterAdd(Array source, Array operand, int[] window, int[] strides, int[][] padding) {
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(operand, "operand is null");
    return new Array(Reduce.selectAndScatterAdd(source.value(), operand.value(), window, strides, padding));
  }

  private static Value reductionArg(Array x) { return Objects.requireNonNull(x, "x is null").value(); }

  // ---------------------------------------------------------------- linalg family

  // ---------------------------------------------------------------- indexing family
}
