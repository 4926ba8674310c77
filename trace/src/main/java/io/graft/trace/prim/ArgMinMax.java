package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Reductions;
import io.graft.numerics.Ints;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * {@code y[kept] = the index along axis of the first maximum (minimum) of x} ({@code lax.argmax},
 * {@code lax.argmin}); the op table is {@link ArgOp}. Ties give the first index; a NaN counts as the extreme, so
 * the first NaN's index is returned, as in JAX. Bool orders false before true. The result has
 * {@code indexDtype} (i32 or i64) and is strongly typed; a zero-size axis is an error (there is no index).
 * <pre>{@code argmax[axes=(1,) index_dtype=i32] of [[1, 5, 5], [7, 0, 7]] -> [1, 0]}</pre>
 *
 * <p>Rules: the integer result has a zero tangent; batching renumbers the axis past the batch axis.
 *
 * @param op         argmax or argmin
 * @param axis       the axis searched, in range
 * @param indexDtype i32 or i64
 */
public record ArgMinMax(ArgOp op, int axis, DType indexDtype) implements Reduction {
  /** Validates. */
  public ArgMinMax {
    Objects.requireNonNull(op, "op is null");
    Objects.requireNonNull(indexDtype, "indexDtype is null");
  }

  @Override public String name() { return op.printName(); }

  @Override public String params() { return "axes=(" + axis + ",) index_dtype=" + indexDtype; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    ReduceRules.axis(name(), x, axis);
    if (!indexDtype.isInteger())
      throw new DTypeError(name() + ": index_dtype=" + indexDtype + " for " + x + " must be an integer dtype; use i32 or i64");
    if (x.shape().dim(axis) == 0)
      throw new ShapeError(name() + ": axis=" + axis + " of " + x + " has size 0, so there is no index to return; "
          + "reduce over a non-empty axis");
    return new ShapedType(x.shape().drop(axis), indexDtype, false);
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return Reductions.argMinMax(op.kernel(), in.head(), axis, indexDtype);
  }

  /** Integer indices: a zero tangent. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) { return Option.none(); }

  /** The axis renumbered past the batch axis, which stays (one lower when it came after the reduced axis). */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    int b = dims.get(0), a = axis >= b ? axis + 1 : axis;
    return new Batched(Bind.bind1(new ArgMinMax(op, a, indexDtype), args.head()), a < b ? b - 1 : b);
  }
}
