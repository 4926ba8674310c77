package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import io.graft.numerics.Ints;
import io.graft.trace.Bind;
import io.graft.trace.Value;
import io.vavr.control.Option;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * Row-major reshape: the same elements in the same order under {@code newSizes} ({@code lax.reshape} without
 * {@code dimensions}).
 *
 * @param newSizes the output shape; same element count as the operand
 */
public record Reshape(Shape newSizes) implements Structural, Primitive.Linear {
  /** Validates. */
  public Reshape { Objects.requireNonNull(newSizes, "newSizes is null"); }

  @Override public String name() { return "reshape"; }

  @Override public String params() { return "new_sizes=" + Rules.tuple(newSizes.dims()); }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    if (x.shape().size() != newSizes.size())
      throw new ShapeError(name() + ": cannot reshape " + x + " (" + x.shape().size() + " elements) to " + newSizes
          + " (" + newSizes.size() + " elements); the element count must stay the same");
    return x.withShape(newSizes);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return in.head().reshape(newSizes); }

  /** {@code ct} reshaped back to the operand's shape. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    return Vector.of(Option.of(Bind.bind1(new Reshape(args.head().type().shape()), ct)));
  }

  /** Batch axis to the front, then reshape each example. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    Value x = Batching.moveAxis(args.head(), dims.get(0), 0);
    return new Batched(Bind.bind1(new Reshape(newSizes.insert(0, size)), x), 0);
  }
}
