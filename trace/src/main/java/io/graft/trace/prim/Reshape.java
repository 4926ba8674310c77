package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * Row-major reshape: the same elements in the same order under {@code newSizes} ({@code lax.reshape} without
 * {@code dimensions}).
 *
 * @param newSizes the output shape; same element count as the operand
 */
public record Reshape(Shape newSizes) implements Structural {
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
}
