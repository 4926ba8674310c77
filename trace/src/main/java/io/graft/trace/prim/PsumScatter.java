package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
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
 * Reduce-scatter over a named axis of {@code axisSize} members ({@code lax.psum_scatter}): the members' operands are
 * summed, and member {@code b} keeps block {@code b} of the sum along {@code scatterDimension}: the index {@code b}
 * of that axis (which must have {@code axisSize} entries), or, when {@code tiled}, the {@code b}-th of
 * {@code axisSize} equal slices. Linear: JVP {@code psumScatter(dx)}; transpose {@code allGather(ct)} with
 * {@code axis = scatterDimension} and the same {@code tiled} (JAX's rule; exact under {@code vmap}). Under the
 * {@code vmap} binding the name the batch axis is summed and the sum's scattered axis becomes the batch axis.
 * <pre>{@code vmap(x -> psumScatter(x, "i", 0, false), axisName "i")([[1, 2], [3, 4]]) = [4, 6]}</pre>
 *
 * @param axisName         the axis reduced and scattered across
 * @param scatterDimension the operand axis split among the members
 * @param tiled            keep a slice of the axis rather than dropping it
 * @param axisSize         the number of members (the binding vmap's size when the collective was built)
 */
public record PsumScatter(String axisName, int scatterDimension, boolean tiled, int axisSize) implements Collective {
  /** Validates. */
  public PsumScatter { Objects.requireNonNull(axisName, "axisName is null"); }

  @Override public String name() { return "psum_scatter"; }

  @Override public String params() {
    return "axis_name=" + axisName + " scatter_dimension=" + scatterDimension + " tiled=" + tiled + " axis_size=" + axisSize;
  }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    Shape s = x.shape();
    if (x.dtype().isBool())
      throw new DTypeError(name() + ": cannot sum bool operand " + x + " across axis '" + axisName + "'; convert it to i32 first");
    if (scatterDimension < 0 || scatterDimension >= s.rank())
      throw new ShapeError(name() + ": scatter_dimension " + scatterDimension + " is not an axis of operand " + x
          + "; pass an axis in [0, " + s.rank() + ")");
    int n = s.dim(scatterDimension);
    if (!tiled && n != axisSize)
      throw new ShapeError(name() + ": operand " + x + " has " + n + " entries along scatter_dimension " + scatterDimension
          + ", but axis '" + axisName + "' has " + axisSize + " members; untiled, it needs exactly one entry per member (or pass tiled=true)");
    if (tiled && n % axisSize != 0)
      throw new ShapeError(name() + ": operand " + x + " has " + n + " entries along scatter_dimension " + scatterDimension
          + ", not a multiple of the " + axisSize + " members of axis '" + axisName + "'; pad it to a multiple");
    if (!tiled) return x.withShape(s.drop(scatterDimension));
    int[] d = s.dims();
    d[scatterDimension] /= axisSize;
    return x.withShape(Shape.of(d));
  }

  /** Linear: {@code psumScatter(dx)}. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    if (!out.type().dtype().isFloating()) return Option.none();
    return tangents.head().map(t -> Bind.bind1(this, t));
  }

  /** {@code allGather(ct)} over the same axis, along the scattered dimension. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    return Vector.of(Option.of(Bind.bind1(new AllGather(axisName, scatterDimension, tiled, axisSize), ct)));
  }

  /** Another map's batch axis goes to the front and is carried through. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    Value v = Batching.moveTo(new Batched(args.head(), dims.get(0)), 0, size);
    return new Batched(Bind.bind1(new PsumScatter(axisName, scatterDimension + 1, tiled, axisSize), v), 0);
  }

  /** The sum over the batch axis, whose scattered axis (split into members × slice when tiled) is the new batch axis. */
  @Override public Batched batchNamed(Vector<Value> args, Ints dims, int size) {
    Collective.checkSize(name(), axisName, axisSize, size);
    Value x = args.head();
    int d = dims.get(0);
    Value sum = d == Batched.NOT_MAPPED ? LaxOps.mul(x, LaxOps.lit(x, size)) : LaxOps.reduceSum(x, Ints.of(d));
    if (sum.type().dtype() != x.type().dtype()) sum = LaxOps.convert(sum, x.type().dtype());
    type(Vector.of(sum.type()));   // the per-member shape check, naming this collective
    if (!tiled) return new Batched(sum, scatterDimension);
    Shape s = sum.type().shape();
    int[] split = new int[s.rank() + 1];
    for (int i = 0, j = 0; i < s.rank(); i++) {
      if (i == scatterDimension) { split[j++] = size; split[j++] = s.dim(i) / size; }
      else split[j++] = s.dim(i);
    }
    return new Batched(LaxOps.reshape(sum, Shape.of(split)), scatterDimension);
  }
}
