package io.graft.trace.ops;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.ReduceOp;
import io.graft.trace.prim.UnaryOp;
import io.graft.trace.prim.WindowOp;
import java.util.Locale;
import java.util.Objects;

/**
 * Neural-network building blocks of the reduction family: the softmax family ({@code jax.nn.softmax},
 * {@code log_softmax}) and pooling ({@code flax.linen.max_pool}, {@code avg_pool}).
 *
 * <p>Softmax subtracts the maximum along the axis before {@code exp}, so it is stable for large inputs and
 * shift-invariant. As in JAX the maximum is wrapped in {@code stop_gradient}: the gradient through it cancels
 * mathematically, so differentiating it would only cost work (and split ties for nothing). Integer inputs compute
 * in f32.
 *
 * <p>Pooling takes channels-last operands {@code (batch, spatial..., features)} (NHWC for images) and a window and
 * strides over the spatial axes only; for other layouts use {@link Reduce#reduceWindow} with a full window. Padding
 * is {@code "VALID"} (none), {@code "SAME"} (output extent {@code ceil(in / stride)}, the extra padding after) or
 * {@code "SAME_LOWER"} (the extra before), as in {@code lax.padtype_to_pads}.
 * <pre>{@code Value y = Nn.maxPool(x, new int[] {2, 2}, new int[] {2, 2}, "VALID");  // f32[8,32,32,16] -> f32[8,16,16,16]}</pre>
 */
public final class Nn {
  private Nn() {}

  /** {@code exp(x - max) / sum(exp(x - max))} along {@code axis} (negative allowed). */
  public static Value softmax(Value x, int axis) {
    Value xf = Reduce.floating(x);
    ShapedType t = xf.type();
    int[] ax = {t.shape().axis(axis, "softmax")};
    Value max = Arith.stopGradient(Reduce.keep(Reduce.bindReduce(ReduceOp.MAX, xf, ax), t, ax, true));
    Value u = Arith.unary(UnaryOp.EXP, Arith.sub(xf, max));
    return Arith.div(u, Reduce.keep(Reduce.bindReduce(ReduceOp.SUM, u, ax), t, ax, true));
  }

  /** {@code (x - max) - log(sum(exp(x - max)))} along {@code axis} (negative allowed). */
  public static Value logSoftmax(Value x, int axis) {
    Value xf = Reduce.floating(x);
    ShapedType t = xf.type();
    int[] ax = {t.shape().axis(axis, "logSoftmax")};
    Value shifted = Arith.sub(xf, Arith.stopGradient(Reduce.keep(Reduce.bindReduce(ReduceOp.MAX, xf, ax), t, ax, true)));
    Value sum = Reduce.bindReduce(ReduceOp.SUM, Arith.unary(UnaryOp.EXP, shifted), ax);
    return Arith.sub(shifted, Reduce.keep(Arith.unary(UnaryOp.LOG, sum), t, ax, true));
  }

  /**
   * {@code jax.nn.one_hot}: {@code out[..., c] = (x[...] == c)} as {@code dtype}, for integer class ids {@code x} and
   * {@code numClasses} classes; ids outside {@code [0, numClasses)} give all-zero rows.
   */
  public static Value oneHot(Value x, int numClasses, io.graft.numerics.DType dtype) {
    Objects.requireNonNull(dtype, "dtype is null");
    if (!x.type().dtype().isInteger())
      throw new io.graft.numerics.DTypeError("oneHot: class ids must be integers, got " + x.type() + "; convert with astype(Np.int32)");
    if (numClasses < 0) throw new ShapeError("oneHot: numClasses must be >= 0, got " + numClasses);
    Shape s = x.type().shape();
    Value ids = Shapes.expandDims(x, s.rank());
    Value classes = Creation.broadcastedIota(x.type().dtype(), s.insert(s.rank(), numClasses).dims(), s.rank());
    return Promotion.convert(Logic.eq(ids, classes), dtype, false);
  }

  /**
   * Max-pooling of a channels-last {@code x} (batch, spatial..., features) with {@code window} and {@code strides}
   * (null: all 1) over the spatial axes; padding counts as -inf.
   */
  public static Value maxPool(Value x, int[] window, int[] strides, String padding) {
    Geometry g = geometry("maxPool", x.type(), window, strides, padding);
    return Reduce.reduceWindow(x, WindowOp.MAX, g.window, g.strides, g.pads, null, null);
  }

  /** Average pooling counting padded elements as zeros in the average (flax's default {@code count_include_pad}). */
  public static Value avgPool(Value x, int[] window, int[] strides, String padding) {
    return avgPool(x, window, strides, padding, true);
  }

  /**
   * Average pooling of a channels-last {@code x}: window sums divided by the window volume, or, when
   * {@code countIncludePad} is false, by the number of non-padding elements in each window. Integers average in f32.
   */
  public static Value avgPool(Value x, int[] window, int[] strides, String padding, boolean countIncludePad) {
    Value xf = Reduce.floating(x);
    Geometry g = geometry("avgPool", xf.type(), window, strides, padding);
    Value sum = Reduce.reduceWindow(xf, WindowOp.SUM, g.window, g.strides, g.pads, null, null);
    if (countIncludePad) {
      long volume = 1;
      for (int w : window) volume *= w;
      return Arith.div(sum, Reduce.literal(volume));
    }
    return Arith.div(sum, Const.of(counts(xf.type(), g, sum.type().shape())));
  }

  /** Full-rank window geometry of a pooling call: window and strides 1 on batch and features. */
  private record Geometry(int[] window, int[] strides, int[][] pads) {}

  private static Geometry geometry(String op, ShapedType t, int[] window, int[] strides, String padding) {
    Objects.requireNonNull(window, "window is null");
    Objects.requireNonNull(padding, "padding is null");
    int k = window.length, rank = t.rank();
    if (rank != k + 2)
      throw new ShapeError(op + ": a window over " + k + " spatial axes needs a rank-" + (k + 2) + " operand (batch, spatial..., "
          + "features), got " + t + "; add a batch axis with reshape, or use reduceWindow for other layouts");
    if (strides != null && strides.length != k)
      throw new ShapeError(op + ": strides " + java.util.Arrays.toString(strides) + " must have one entry per spatial axis ("
          + k + ") for " + t);
    int[] w = new int[rank], s = new int[rank];
    int[][] pads = new int[rank][2];
    w[0] = w[rank - 1] = s[0] = s[rank - 1] = 1;
    String mode = padding.toUpperCase(Locale.ROOT);
    for (int d = 0; d < k; d++) {
      int in = t.shape().dim(d + 1), win = window[d], str = strides == null ? 1 : strides[d];
      w[d + 1] = win;
      s[d + 1] = str;
      int total = switch (mode) {
        case "VALID" -> 0;
        case "SAME", "SAME_LOWER" -> str < 1 ? 0 : Math.max(0, ((in + str - 1) / str - 1) * str + win - in);
        default -> throw new IllegalArgumentException(op + ": padding must be \"VALID\", \"SAME\" or \"SAME_LOWER\", got \""
            + padding + "\"");
      };
      int small = total / 2;
      pads[d + 1] = mode.equals("SAME_LOWER") ? new int[] {total - small, small} : new int[] {small, total - small};
    }
    return new Geometry(w, s, pads);
  }

  /** Number of non-padding elements of each window, shaped {@code [1, out spatial..., 1]} to broadcast. */
  private static NdArray counts(ShapedType t, Geometry g, Shape out) {
    int rank = t.rank();
    int[] dims = out.dims();
    dims[0] = dims[rank - 1] = 1;
    Shape cs = Shape.of(dims);
    double[] c = new double[cs.size()];
    int[] idx = new int[rank];
    for (int i = 0; i < c.length; i++) {
      double n = 1;
      for (int d = 1; d < rank - 1; d++) {
        int start = idx[d] * g.strides[d] - g.pads[d][0], in = t.shape().dim(d);
        n *= Math.max(0, Math.min(in, start + g.window[d]) - Math.max(0, start));
      }
      c[i] = n;
      for (int d = rank - 1; d >= 0; d--) { if (++idx[d] < dims[d]) break; idx[d] = 0; }
    }
    return NdArray.wrap(cs, c).astype(t.dtype());
  }
}
