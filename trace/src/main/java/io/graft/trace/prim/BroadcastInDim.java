package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Broadcast;
import io.graft.trace.ShapedType;
import io.graft.trace.Bind;
import io.graft.trace.Value;
import io.vavr.control.Option;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * {@code y[idx] = x[idx at dims]}: operand axis {@code i} becomes output axis {@code dims[i]}, which must have the
 * same extent or the operand's extent 1; the other output axes are new. ({@code lax.broadcast_in_dim}.)
 *
 * @param shape the output shape
 * @param dims  output axis of each operand axis, strictly increasing
 */
public record BroadcastInDim(Shape shape, Ints dims) implements Structural, Primitive.Linear {
  /** Validates. */
  public BroadcastInDim {
    Objects.requireNonNull(shape, "shape is null");
    Objects.requireNonNull(dims, "dims is null");
  }

  @Override public String name() { return "broadcast_in_dim"; }

  @Override public String params() { return "shape=" + Rules.tuple(shape.dims()) + " broadcast_dimensions=" + dims; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    if (dims.size() != x.rank())
      throw new ShapeError(name() + ": operand " + x + " has rank " + x.rank() + " but broadcast_dimensions " + dims
          + " has " + dims.size() + " entries; give one output axis per operand axis");
    for (int i = 0; i < dims.size(); i++) {
      int d = dims.get(i);
      if (d < 0 || d >= shape.rank() || (i > 0 && d <= dims.get(i - 1)))
        throw new ShapeError(name() + ": broadcast_dimensions " + dims + " must be strictly increasing axes of the output "
            + shape + " (operand " + x + ")");
      int e = x.shape().dim(i);
      if (e != 1 && e != shape.dim(d))
        throw new ShapeError(name() + ": operand " + x + " axis " + i + " (" + e + ") cannot broadcast to output "
            + shape + " axis " + d + " (" + shape.dim(d) + "); it must be 1 or equal");
    }
    return x.withShape(shape);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Broadcast.inDim(in.head(), shape, dims.toArray()); }

  /** Sums the cotangent over the new axes and the operand's broadcast size-1 axes. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    return Vector.of(Option.of(Tangents.unbroadcast(ct, args.head().type(), dims)));
  }

  /**
   * The batch axis stays where it is: operand batch axis {@code b} becomes a new output axis right after the output
   * axis of operand axis {@code b - 1} (or in front), so the broadcast dimensions stay increasing.
   */
  @Override public Batched batch(Vector<Value> args, Ints bdims, int size) {
    int b = bdims.get(0), at = b == 0 ? 0 : dims.get(b - 1) + 1;
    Ints d = StructuralRules.insert(StructuralRules.shift(dims, at), b, at);
    return new Batched(Bind.bind1(new BroadcastInDim(shape.insert(at, size), d), args.head()), at);
  }
}
