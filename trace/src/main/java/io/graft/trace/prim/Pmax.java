package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * All-reduce maximum over a named axis: {@code pmax(x)_b = max_{b'} x_{b'}} elementwise, for every member {@code b}
 * ({@code lax.pmax}). Same type as {@code x}. JVP as {@code reduce_max}: the tangent averaged over the members that
 * attain the largest value, {@code psum(dx * loc) / psum(loc)} with {@code loc = (x == pmax(x))}, so ties share it
 * equally. Not linear, so no transpose. Under the {@code vmap} binding the name the batch axis is reduced away and the
 * result is unmapped; under any other {@code vmap} it is carried through.
 * <pre>{@code vmap(x -> pmax(x, "i"), axisName "i")([1, 3, 2]) = [3, 3, 3]}</pre>
 *
 * @param axisName the axis reduced across
 */
public record Pmax(String axisName) implements Collective {
  /** Validates. */
  public Pmax { Objects.requireNonNull(axisName, "axisName is null"); }

  @Override public String name() { return "pmax"; }

  @Override public String params() { return "axis_name=" + axisName; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    return in.head();
  }

  /** {@code psum(dx * loc) / psum(loc)}, {@code loc = (x == out)}: ties share the tangent equally. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    return chooserJvp(axisName, primals.head(), tangents.head(), out);
  }

  /** The JVP of {@code pmax}/{@code pmin} ({@code out} is the primal result): see the class comment. */
  static Option<Value> chooserJvp(String axisName, Value x, Option<Value> t, Value out) {
    if (!out.type().dtype().isFloating() || t.isEmpty()) return Option.none();
    Value loc = LaxOps.convert(LaxOps.eq(x, out), x.type().dtype());
    Psum psum = new Psum(axisName);
    return Option.of(LaxOps.div(Bind.bind1(psum, LaxOps.mul(t.get(), loc)), Bind.bind1(psum, loc)));
  }

  /** Another map's batch axis is carried through. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    return new Batched(Bind.bind1(this, args.head()), dims.get(0));
  }

  /** The maximum along the batch axis, unmapped ({@code x} itself for an operand the same on every member). */
  @Override public Batched batchNamed(Vector<Value> args, Ints dims, int size) {
    int d = dims.get(0);
    Value x = args.head();
    return new Batched(d == Batched.NOT_MAPPED ? x : Bind.bind1(new Reduce(ReduceOp.MAX, Ints.of(d)), x), Batched.NOT_MAPPED);
  }
}
