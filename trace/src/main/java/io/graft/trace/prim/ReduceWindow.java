package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.Windows;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * {@code y[o] = op over the window at o of x padded and dilated} ({@code lax.reduce_window_sum}, {@code _max},
 * {@code _min}); the op table is {@link WindowOp}. Per axis {@code d} the operand is dilated by
 * {@code baseDilation[d]} (holes between elements), padded with {@code padding} elements holding the op's identity,
 * and read by a window of {@code windowDimensions[d]} taps spaced {@code windowDilation[d]} apart, moved by
 * {@code windowStrides[d]}. Output extent: {@code floor((dilatedBase + lo + hi - dilatedWindow) / stride) + 1}, or
 * 0 when the window does not fit. Any rank and layout: NHWC 2x2 max-pooling is window {@code (1, 2, 2, 1)}, NCHW is
 * {@code (1, 1, 2, 2)}. Keeps {@code x}'s dtype and weakness.
 * <pre>{@code reduce_window_max[window_dimensions=(2,) window_strides=(2,) ...] [1, 5, 2, 0] -> [5, 2]}</pre>
 *
 * <p>Rules. Sum is linear: JVP {@code reduce_window_sum(t)}, transpose a {@code reduce_window_sum} of the padded,
 * stride-dilated cotangent (JAX's rule). Max/min: the tangent at each window's first maximum/minimum, by
 * {@link SelectAndGatherAdd} (JAX's {@code _reduce_window_chooser_jvp_rule}); every base and window dilation is
 * supported, in the JVP and (through its transpose, {@link SelectAndScatterAdd}) in reverse mode, which JAX rejects
 * for window dilation. Integer and bool windows have zero tangents. Batching: the batch axis becomes a window axis
 * of size 1.
 *
 * @param op               which reduction
 * @param windowDimensions window size per axis (at least 1)
 * @param windowStrides    stride per axis (at least 1)
 * @param padding          (lo, hi) padding per axis (non-negative)
 * @param baseDilation     operand dilation per axis (at least 1; 1 = none)
 * @param windowDilation   window dilation per axis (at least 1; 1 = none)
 */
public record ReduceWindow(WindowOp op, Ints windowDimensions, Ints windowStrides, Padding padding, Ints baseDilation,
                           Ints windowDilation) implements Windowed, WritesInto {
  /** Validates. */
  public ReduceWindow {
    Objects.requireNonNull(op, "op is null");
    Objects.requireNonNull(windowDimensions, "windowDimensions is null");
    Objects.requireNonNull(windowStrides, "windowStrides is null");
    Objects.requireNonNull(padding, "padding is null");
    Objects.requireNonNull(baseDilation, "baseDilation is null");
    Objects.requireNonNull(windowDilation, "windowDilation is null");
  }

  @Override public String name() { return op.printName(); }

  @Override public String params() {
    return "window_dimensions=" + windowDimensions + " window_strides=" + windowStrides + " padding=" + padding
        + " base_dilation=" + baseDilation + " window_dilation=" + windowDilation;
  }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    Shape out = ReduceRules.window(name(), x, windowDimensions, windowStrides, padding, baseDilation, windowDilation);
    ReduceRules.notBool(name(), x, op.acceptsBool(), "convert it with astype(Np.int32) first; bool supports reduce_window_max/min");
    return x.withShape(out);
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return Windows.reduceWindow(op.kernel(), in.head(), windowDimensions.toArray(), windowStrides.toArray(),
        padding.lo().toArray(), padding.hi().toArray(), baseDilation.toArray(), windowDilation.toArray());
  }

  /** f32 and f64 operands: their pooling writes a recycled buffer ({@link Windows#reduceWindowInto}). */
  @Override public boolean writesInto(Vector<NdArray> in) {
    io.graft.numerics.DType d = in.head().dtype();
    return d == io.graft.numerics.DType.F32 || d == io.graft.numerics.DType.F64;
  }

  @Override public NdArray evalInto(Vector<NdArray> in, Object store) {
    if (!writesInto(in))
      throw new IllegalArgumentException(name() + ": evalInto takes an f32 or f64 operand, got " + in.head().dtype());
    return Windows.reduceWindowInto(op.kernel(), in.head(), windowDimensions.toArray(), windowStrides.toArray(),
        padding.lo().toArray(), padding.hi().toArray(), baseDilation.toArray(), windowDilation.toArray(), store);
  }

  /** Sum: {@code reduce_window_sum(t)}; max/min: {@link WindowTransforms#chooserJvp}. Zero for non-float operands. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    Value x = primals.head();
    if (!x.type().dtype().isFloating()) return Option.none();
    return tangents.head().map(t -> op == WindowOp.SUM ? Bind.bind1(this, t) : WindowTransforms.chooserJvp(this, x, t, out.type()));
  }

  /** Sum only: {@link WindowTransforms#sumTranspose}; max and min are not linear. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    if (op != WindowOp.SUM) return Windowed.super.transpose(ct, args);
    return Vector.of(Option.of(WindowTransforms.sumTranspose(this, ct, args.head().type())));
  }

  /** The batch axis stays where it is and becomes a window axis of size 1. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    int b = dims.get(0);
    return new Batched(Bind.bind1(WindowTransforms.withBatchAxis(this, b), args.head()), b);
  }
}
