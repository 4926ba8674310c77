package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * All-gather over a named axis of {@code axisSize} members ({@code lax.all_gather}): every member receives every
 * member's {@code x}, stacked along a new axis {@code axis} ({@code out[.., b', ..] = x_{b'}}), or, when
 * {@code tiled}, concatenated along the existing axis {@code axis}. Linear: JVP {@code allGather(dx)}; transpose
 * {@code psumScatter(ct)} over the same axis with {@code scatterDimension = axis} and the same {@code tiled} (JAX's
 * rule; exact under {@code vmap}: member {@code b'} receives {@code sum_b ct_b[b']}). Under the {@code vmap} binding
 * the name the batch axis moves to {@code axis} (merged into it when tiled) and the result is unmapped.
 * <pre>{@code vmap(x -> allGather(x, "i", 0, false), axisName "i")([1, 2]) = [[1, 2], [1, 2]]}</pre>
 *
 * @param axisName the axis gathered across
 * @param axis     where the members' values go: a new axis in {@code [0, rank]}, or an existing one when tiled
 * @param tiled    concatenate along {@code axis} instead of stacking on a new one
 * @param axisSize the number of members (the binding vmap's size when the collective was built)
 */
public record AllGather(String axisName, int axis, boolean tiled, int axisSize) implements Collective {
  /** Validates. */
  public AllGather { Objects.requireNonNull(axisName, "axisName is null"); }

  @Override public String name() { return "all_gather"; }

  @Override public String params() {
    return "axis_name=" + axisName + " axis=" + axis + " tiled=" + tiled + " axis_size=" + axisSize;
  }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    Shape s = x.shape();
    int hi = tiled ? s.rank() - 1 : s.rank();
    if (axis < 0 || axis > hi)
      throw new ShapeError(name() + ": axis " + axis + " is out of range for operand " + x + (tiled ? " (tiled: an existing axis" : " (stacked: a new axis")
          + " in [0, " + hi + "]); pass an axis in that range");
    if (!tiled) return x.withShape(s.insert(axis, axisSize));
    int[] d = s.dims();
    d[axis] *= axisSize;
    return x.withShape(Shape.of(d));
  }

  /** Linear: {@code allGather(dx)}. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    if (!out.type().dtype().isFloating()) return Option.none();
    return tangents.head().map(t -> Bind.bind1(this, t));
  }

  /** {@code psumScatter(ct)} over the same axis, scattering the gathered axis. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    return Vector.of(Option.of(Bind.bind1(new PsumScatter(axisName, axis, tiled, axisSize), ct)));
  }

  /** Another map's batch axis goes to the front and is carried through. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    Value v = Batching.moveTo(new Batched(args.head(), dims.get(0)), 0, size);
    return new Batched(Bind.bind1(new AllGather(axisName, axis + 1, tiled, axisSize), v), 0);
  }

  /** The batch axis becomes the gathered axis (merged into {@code axis} when tiled); the result is unmapped. */
  @Override public Batched batchNamed(Vector<Value> args, Ints dims, int size) {
    Collective.checkSize(name(), axisName, axisSize, size);
    Value v = Batching.moveTo(new Batched(args.head(), dims.get(0)), axis, size);
    if (!tiled) return new Batched(v, Batched.NOT_MAPPED);
    Shape s = v.type().shape();
    int[] d = new int[s.rank() - 1];
    for (int i = 0, j = 0; i < s.rank(); i++) {
      if (i == axis + 1) d[j - 1] *= s.dim(i);
      else d[j++] = s.dim(i);
    }
    return new Batched(LaxOps.reshape(v, Shape.of(d)), Batched.NOT_MAPPED);
  }
}
