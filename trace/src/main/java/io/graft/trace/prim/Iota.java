package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Assemble;
import io.graft.numerics.Ints;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Counts along one axis: {@code y[i] = i[dimension]} of {@code dtype} over {@code shape}, no operands
 * ({@code lax.broadcasted_iota}; {@code lax.iota} is the rank-1 case). Strongly typed. A constant: its tangent is
 * zero, it has no operands to transpose to, and it never varies along a vmapped axis.
 * <pre>{@code iota[dtype=i32 shape=(3,) dimension=0] = [0 1 2]}</pre>
 *
 * @param dtype     an integer or floating dtype
 * @param shape     the result shape (rank >= 1)
 * @param dimension the axis whose index is stored
 */
public record Iota(DType dtype, Shape shape, int dimension) implements Structural {
  /** Validates. */
  public Iota {
    Objects.requireNonNull(dtype, "dtype is null");
    Objects.requireNonNull(shape, "shape is null");
  }

  @Override public String name() { return "iota"; }

  @Override public String params() { return "dtype=" + dtype + " shape=" + Rules.tuple(shape.dims()) + " dimension=" + dimension; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 0);
    if (dtype.isBool())
      throw new DTypeError(name() + ": dtype bool cannot count (shape " + shape + "); use an integer or floating dtype");
    if (dimension < 0 || dimension >= shape.rank())
      throw new ShapeError(name() + ": dimension " + dimension + " is not an axis of shape " + shape + " (" + dtype + shape
          + "); use an axis in [0, " + shape.rank() + ")");
    return ShapedType.of(dtype, shape);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Assemble.iota(dtype, shape, dimension); }

  /** A constant: the tangent is zero. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) { return Option.none(); }

  /** No operands, so no cotangents. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) { return Vector.empty(); }

  /** No operand can be mapped; the result is the same for every example (unmapped). */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    return new Batched(Bind.bind1(this), Batched.NOT_MAPPED);
  }
}
