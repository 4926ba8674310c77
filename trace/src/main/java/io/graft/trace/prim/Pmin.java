package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * All-reduce minimum over a named axis: {@code pmin(x)_b = min_{b'} x_{b'}} elementwise, for every member {@code b}
 * ({@code lax.pmin}). Same type as {@code x}. JVP as {@code reduce_min}: the tangent averaged over the members that
 * attain the smallest value, {@code psum(dx * loc) / psum(loc)} with {@code loc = (x == pmin(x))}, so ties share it
 * equally. Not linear, so no transpose. Under the {@code vmap} binding the name the batch axis is reduced away and the
 * result is unmapped; under any other {@code vmap} it is carried through.
 * <pre>{@code vmap(x -> pmin(x, "i"), axisName "i")([1, 3, 2]) = [1, 1, 1]}</pre>
 *
 * @param axisName the axis reduced across
 */
public record Pmin(String axisName) implements Collective {
  /** Validates. */
  public Pmin { Objects.requireNonNull(axisName, "axisName is null"); }

  @Override public String name() { return "pmin"; }

  @Override public String params() { return "axis_name=" + axisName; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    return in.head();
  }

  /** {@code psum(dx * loc) / psum(loc)}, {@code loc = (x == out)}: ties share the tangent equally. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    return Pmax.chooserJvp(axisName, primals.head(), tangents.head(), out);
  }

  /** Another map's batch axis is carried through. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    return new Batched(Bind.bind1(this, args.head()), dims.get(0));
  }

  /** The minimum along the batch axis, unmapped ({@code x} itself for an operand the same on every member). */
  @Override public Batched batchNamed(Vector<Value> args, Ints dims, int size) {
    int d = dims.get(0);
    Value x = args.head();
    return new Batched(d == Batched.NOT_MAPPED ? x : Bind.bind1(new Reduce(ReduceOp.MIN, Ints.of(d)), x), Batched.NOT_MAPPED);
  }
}
