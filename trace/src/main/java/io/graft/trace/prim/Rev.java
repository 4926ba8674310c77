package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.Layout;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Reverses the listed axes: {@code y[i] = x[i']} with {@code i'[a] = dim(a) - 1 - i[a]} for {@code a} in
 * {@code dimensions} and {@code i'[a] = i[a]} elsewhere ({@code lax.rev}). Linear and its own transpose:
 * {@code jvp = rev(t)}, {@code ct_x = rev(ct)}.
 * <pre>{@code rev[dimensions=(0,)] [1 2 3] = [3 2 1]}</pre>
 *
 * @param dimensions the axes to reverse (non-negative, distinct)
 */
public record Rev(Ints dimensions) implements Structural, Primitive.Linear, WritesInto {
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

  /** f32 and f64 operands (the kernels of convolutions, reversed for their input gradients). */
  @Override public boolean writesInto(Vector<NdArray> in) {
    io.graft.numerics.DType d = in.head().dtype();
    return d == io.graft.numerics.DType.F32 || d == io.graft.numerics.DType.F64;
  }

  @Override public NdArray evalInto(Vector<NdArray> in, Object store) {
    if (!writesInto(in)) throw new IllegalArgumentException(name() + ": evalInto takes an f32 or f64 operand, got " + in.head().dtype());
    return Layout.revInto(in.head(), dimensions.toArray(), store);
  }

  /** {@code rev(ct)}: reversing is its own inverse and an orthogonal map. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    return Vector.of(Option.of(Bind.bind1(this, ct)));
  }

  /** The batch axis stays in place; the reversed axes shift past it. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    int b = dims.get(0);
    return new Batched(Bind.bind1(new Rev(StructuralRules.shift(dimensions, b)), args.head()), b);
  }
}
