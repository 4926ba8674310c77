package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.Layout;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * Reverses the listed axes: {@code y[i] = x[i']} with {@code i'[a] = dim(a) - 1 - i[a]} for {@code a} in
 * {@code dimensions} and {@code i'[a] = i[a]} elsewhere ({@code lax.rev}).
 * <pre>{@code rev[dimensions=(0,)] [1 2 3] = [3 2 1]}</pre>
 *
 * @param dimensions the axes to reverse (non-negative, distinct)
 */
public record Rev(Ints dimensions) implements Structural {
  /** Validates. */
  public Rev { Objects.requireNonNull(dimensions, "dimensions is null"); }

  @Override public String name() { return "rev"; }

  @Override public String params() { return "dimensions=" + dimensions; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    StructuralRules.distinctAxes(name(), "dimensions", dimensions, in.head());
    return in.head();
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Layout.rev(in.head(), dimensions.toArray()); }
}
