package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * This member's position along a named axis, an {@code i32} scalar in {@code [0, size)} ({@code lax.axis_index}); no
 * operands. An integer: its tangent is zero and it has nothing to transpose. Under the {@code vmap} binding the name it
 * is {@code iota(size)} mapped along the batch axis (under MPI: the rank).
 * <pre>{@code vmap(x -> axisIndex("i"), axisName "i")([7, 8, 9]) = [0, 1, 2]}</pre>
 *
 * @param axisName the axis whose index is read
 */
public record AxisIndex(String axisName) implements Collective {
  /** Validates. */
  public AxisIndex { Objects.requireNonNull(axisName, "axisName is null"); }

  @Override public String name() { return "axis_index"; }

  @Override public String params() { return "axis_name=" + axisName; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 0);
    return ShapedType.of(DType.I32, Shape.scalar());
  }

  /** An integer: the tangent is zero. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) { return Option.none(); }

  /** No operands, so no cotangents. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) { return Vector.empty(); }

  /** No operand can carry another map's batch axis: the index is the same for each of its examples. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    return new Batched(Bind.bind1(this), Batched.NOT_MAPPED);
  }

  /** {@code 0, 1, ..., size - 1} along the batch axis. */
  @Override public Batched batchNamed(Vector<Value> args, Ints dims, int size) {
    return new Batched(Bind.bind1(new Iota(DType.I32, Shape.of(size), 0)), 0);
  }
}
