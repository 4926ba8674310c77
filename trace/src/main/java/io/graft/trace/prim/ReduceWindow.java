package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.Windows;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
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
 * @param op               which reduction
 * @param windowDimensions window size per axis (at least 1)
 * @param windowStrides    stride per axis (at least 1)
 * @param padding          (lo, hi) padding per axis (non-negative)
 * @param baseDilation     operand dilation per axis (at least 1; 1 = none)
 * @param windowDilation   window dilation per axis (at least 1; 1 = none)
 */
public record ReduceWindow(WindowOp op, Ints windowDimensions, Ints windowStrides, Padding padding, Ints baseDilation,
                           Ints windowDilation) implements Windowed {
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
    int[] out = ReduceRules.window(name(), x, windowDimensions, windowStrides, padding, baseDilation, windowDilation);
    ReduceRules.notBool(name(), x, op.acceptsBool(), "convert it with astype(Np.int32) first; bool supports reduce_window_max/min");
    return x.withShape(Shape.of(out));
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return Windows.reduceWindow(op.kernel(), in.head(), windowDimensions.toArray(), windowStrides.toArray(),
        padding.lo().toArray(), padding.hi().toArray(), baseDilation.toArray(), windowDilation.toArray());
  }
}
