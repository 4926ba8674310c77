package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Removes axes of extent 1: {@code y[i without dimensions] = x[i]} ({@code lax.squeeze}). The element order is
 * unchanged, so the kernel is a reshape. Linear: {@code jvp = squeeze(t)}; the transpose reshapes the cotangent back.
 * <pre>{@code squeeze[dimensions=(0,)] : f32[1,3] -> f32[3]}</pre>
 *
 * @param dimensions the axes to remove (non-negative, distinct, each of extent 1)
 */
public record Squeeze(Ints dimensions) implements Structural, Primitive.Linear {
  /** Validates. */
  public Squeeze { Objects.requireNonNull(dimensions, "dimensions is null"); }

  @Override public String name() { return "squeeze"; }

  @Override public String params() { return "dimensions=" + dimensions; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    StructuralRules.distinctAxes(name(), "dimensions", dimensions, x);
    for (int i = 0; i < dimensions.size(); i++) {
      int a = dimensions.get(i);
      if (x.shape().dim(a) != 1)
        throw new ShapeError(name() + ": dimensions " + dimensions + " names axis " + a + " of operand " + x + ", which has extent "
            + x.shape().dim(a) + "; only axes of extent 1 can be squeezed");
    }
    return x.withShape(outShape(x.shape()));
  }

  private Shape outShape(Shape s) {
    int[] d = new int[s.rank() - dimensions.size()];
    for (int k = 0, j = 0; k < s.rank(); k++) if (!dimensions.contains(k)) d[j++] = s.dim(k);
    return Shape.of(d);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return in.head().reshape(outShape(in.head().shape())); }

  /** {@code ct} reshaped back to the operand's shape (JAX's {@code _squeeze_transpose_rule}). */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    return Vector.of(Option.of(Bind.bind1(new Reshape(args.head().type().shape()), ct)));
  }

  /** The batch axis stays in place; it moves left by the number of squeezed axes before it. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    int b = dims.get(0), before = 0;
    for (int i = 0; i < dimensions.size(); i++) if (dimensions.get(i) < b) before++;
    return new Batched(Bind.bind1(new Squeeze(StructuralRules.shift(dimensions, b)), args.head()), b - before);
  }
}
