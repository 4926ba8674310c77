package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Windows;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * {@code y = zeros like operand; for each window o of operand: y[first argmax of the window] += source[o]}
 * ({@code lax._select_and_scatter_add}, the gradient of max-pooling). Operands {@code (source, operand)}:
 * {@code source} has the {@code reduce_window} output shape of {@code operand} for this geometry (no dilation), both
 * share one numeric dtype. The choice follows XLA's {@code ge} select: a later tap replaces the current choice only
 * if the choice is not {@code >=} it, so ties go to the first tap in row-major window order; padding is never
 * chosen, and a window entirely in padding drops its source element. Weak iff both operands are weak.
 * <pre>{@code select_and_scatter_add[window_dimensions=(2,) window_strides=(2,) padding=((0, 0),)] [10, 20] [1, 5, 2, 0] -> [0, 10, 20, 0]}</pre>
 *
 * <p>Linear in {@code source}: JVP {@code select_and_scatter_add(dsource, operand)} (the choice is piecewise constant
 * in {@code operand}); transpose {@link SelectAndGatherAdd}{@code (ct, operand)}. Not linear in {@code operand}.
 *
 * @param windowDimensions window size per axis (at least 1)
 * @param windowStrides    stride per axis (at least 1)
 * @param padding          (lo, hi) padding per axis (non-negative)
 */
public record SelectAndScatterAdd(Ints windowDimensions, Ints windowStrides, Padding padding) implements Windowed, Primitive.Linear {
  /** Validates. */
  public SelectAndScatterAdd {
    Objects.requireNonNull(windowDimensions, "windowDimensions is null");
    Objects.requireNonNull(windowStrides, "windowStrides is null");
    Objects.requireNonNull(padding, "padding is null");
  }

  @Override public String name() { return "select_and_scatter_add"; }

  @Override public String params() {
    return "window_dimensions=" + windowDimensions + " window_strides=" + windowStrides + " padding=" + padding;
  }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 2);
    ShapedType source = in.get(0), operand = in.get(1);
    if (source.dtype() != operand.dtype() || operand.dtype().isBool())
      throw new DTypeError(name() + ": source " + source + " and operand " + operand
          + " must share one numeric dtype; convert with astype(...)");
    Ints ones = WindowTransforms.ones(operand.rank());
    Shape out = ReduceRules.window(name(), operand, windowDimensions, windowStrides, padding, ones, ones);
    if (!out.equals(source.shape()))
      throw new ShapeError(name() + ": source " + source + " must have the window output shape " + out
          + " of operand " + operand + " (window_dimensions=" + windowDimensions + " window_strides=" + windowStrides
          + " padding=" + padding + "); pass the cotangent of the matching reduce_window_max");
    return new ShapedType(operand.shape(), operand.dtype(), source.weak() && operand.weak());
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return Windows.selectAndScatterAdd(in.get(0), in.get(1), windowDimensions.toArray(), windowStrides.toArray(),
        padding.lo().toArray(), padding.hi().toArray());
  }

  /** {@code select_and_gather_add(ct, operand)} for {@code source}; {@code operand} must be known. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    Value operand = args.get(1).known(name());
    return Vector.of(Option.of(Bind.bind1(new SelectAndGatherAdd(windowDimensions, windowStrides, padding), ct, operand)),
        Option.none());
  }

  /** Both operands get the batch axis at one position, which becomes a window axis of size 1. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    return WindowTransforms.batchPair(args, dims, size, d -> new SelectAndScatterAdd(WindowTransforms.insert(windowDimensions, d, 1),
        WindowTransforms.insert(windowStrides, d, 1), WindowTransforms.insert(padding, d)));
  }
}
