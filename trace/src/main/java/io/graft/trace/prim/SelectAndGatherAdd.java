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
 * {@code y[o] = tangents[first argmax of the window o of operand]} ({@code lax._select_and_gather_add} with a
 * {@code ge} select, the JVP of max-pooling). Operands {@code (tangents, operand)} of one shape and one numeric dtype;
 * the result has the {@code reduce_window} output shape of {@code operand} for this geometry (no dilation). The
 * choice is exactly {@link SelectAndScatterAdd}'s (ties go to the first tap in row-major window order, padding is
 * never chosen, a window entirely in padding gives 0), so the two are transposes of each other. Weak iff both
 * operands are weak.
 * <pre>{@code select_and_gather_add[window_dimensions=(2,) window_strides=(2,) padding=((0, 0),)] [1, 2, 3, 4] [1, 5, 2, 0] -> [2, 3]}</pre>
 *
 * <p>Linear in {@code tangents}: JVP {@code select_and_gather_add(dt, operand)} (the operand's tangent does not
 * matter: the choice is piecewise constant); transpose {@code select_and_scatter_add(ct, operand)}. Not linear in
 * {@code operand}.
 *
 * @param windowDimensions window size per axis (at least 1)
 * @param windowStrides    stride per axis (at least 1)
 * @param padding          (lo, hi) padding per axis (non-negative)
 */
public record SelectAndGatherAdd(Ints windowDimensions, Ints windowStrides, Padding padding) implements Windowed, Primitive.Linear {
  /** Validates. */
  public SelectAndGatherAdd {
    Objects.requireNonNull(windowDimensions, "windowDimensions is null");
    Objects.requireNonNull(windowStrides, "windowStrides is null");
    Objects.requireNonNull(padding, "padding is null");
  }

  @Override public String name() { return "select_and_gather_add"; }

  @Override public String params() {
    return "window_dimensions=" + windowDimensions + " window_strides=" + windowStrides + " padding=" + padding;
  }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 2);
    ShapedType tangents = in.get(0), operand = in.get(1);
    if (tangents.dtype() != operand.dtype() || operand.dtype().isBool())
      throw new DTypeError(name() + ": tangents " + tangents + " and operand " + operand
          + " must share one numeric dtype; convert with astype(...)");
    if (!tangents.shape().equals(operand.shape()))
      throw new ShapeError(name() + ": tangents " + tangents + " must have the shape of operand " + operand
          + "; pass the tangent of the reduce_window_max operand");
    Ints ones = WindowTransforms.ones(operand.rank());
    Shape out = ReduceRules.window(name(), operand, windowDimensions, windowStrides, padding, ones, ones);
    return new ShapedType(out, operand.dtype(), tangents.weak() && operand.weak());
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return Windows.selectAndGatherAdd(in.get(0), in.get(1), windowDimensions.toArray(), windowStrides.toArray(),
        padding.lo().toArray(), padding.hi().toArray());
  }

  /** {@code select_and_scatter_add(ct, operand)} for {@code tangents}; {@code operand} must be known. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    Value operand = args.get(1).known(name());
    return Vector.of(Option.of(Bind.bind1(new SelectAndScatterAdd(windowDimensions, windowStrides, padding), ct, operand)),
        Option.none());
  }

  /** Both operands get the batch axis at one position, which becomes a window axis of size 1. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    return WindowTransforms.batchPair(args, dims, size, d -> new SelectAndGatherAdd(WindowTransforms.insert(windowDimensions, d, 1),
        WindowTransforms.insert(windowStrides, d, 1), WindowTransforms.insert(padding, d)));
  }
}
