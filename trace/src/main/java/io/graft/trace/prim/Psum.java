package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * All-reduce sum over a named axis: {@code psum(x)_b = sum_{b'} x_{b'}} for every member {@code b} of the group
 * ({@code lax.psum}). Same type as {@code x}. Linear: JVP {@code psum(dx)}; transpose {@code psum(ct)} (JAX's rule,
 * exact under {@code vmap}: the Jacobian is the all-ones matrix, its own transpose). Under the {@code vmap} binding the
 * name the batch axis is summed away and the result is unmapped; under any other {@code vmap} it is carried through.
 * <pre>{@code vmap(x -> psum(x, "i"), axisName "i")([1, 2, 3]) = [6, 6, 6]}</pre>
 *
 * @param axisName the axis summed across
 */
public record Psum(String axisName) implements Collective {
  /** Validates. */
  public Psum { Objects.requireNonNull(axisName, "axisName is null"); }

  @Override public String name() { return "psum"; }

  @Override public String params() { return "axis_name=" + axisName; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    if (x.dtype().isBool())
      throw new DTypeError(name() + ": cannot sum bool operand " + x + " across axis '" + axisName + "'; convert it to i32 first");
    return x;
  }

  /** Linear: {@code psum(dx)}. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    if (!out.type().dtype().isFloating()) return Option.none();
    return tangents.head().map(t -> Bind.bind1(this, t));
  }

  /** {@code psum(ct)} over the same axis. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    return Vector.of(Option.of(Bind.bind1(this, ct)));
  }

  /** Another map's batch axis is carried through. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    return new Batched(Bind.bind1(this, args.head()), dims.get(0));
  }

  /** The sum along the batch axis, unmapped ({@code size * x} for an operand the same on every member). */
  @Override public Batched batchNamed(Vector<Value> args, Ints dims, int size) {
    Value x = args.head();
    int d = dims.get(0);
    Value sum = d == Batched.NOT_MAPPED ? LaxOps.mul(x, LaxOps.lit(x, size)) : LaxOps.reduceSum(x, Ints.of(d));
    return new Batched(sum.type().dtype() == x.type().dtype() ? sum : LaxOps.convert(sum, x.type().dtype()), Batched.NOT_MAPPED);
  }
}
