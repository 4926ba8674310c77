package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The inclusive scan {@code y[..., k, ...] = x[..., 0, ...] op ... op x[..., k, ...]} along {@code axis}, or from
 * the end when {@code reverse} ({@code lax.cumsum}, {@code cumprod}, {@code cummax}, {@code cummin}); the op table
 * is {@link CumulativeOp}. Same shape, dtype and weakness as {@code x}; numeric dtypes only.
 * <pre>{@code cumsum[axis=0 reverse=False] [1, 2, 3] -> [1, 3, 6]; reverse=True -> [6, 5, 3]}</pre>
 *
 * <p>Rules. {@code cumsum} is linear: JVP {@code cumsum(t)}, transpose {@code cumsum(ct)} in the other direction.
 * {@code cumprod}, {@code cummax}, {@code cummin}: the JVP of JAX's associative-scan decomposition
 * ({@link AssociativeScan}), exact with zeros for {@code cumprod} and equal to JAX's at ties for
 * {@code cummax}/{@code cummin}. Integer operands have zero tangents. Batching renumbers the axis.
 *
 * @param op      which scan
 * @param axis    the scanned axis, in range
 * @param reverse scan from the last element to the first
 */
public record Cumulative(CumulativeOp op, int axis, boolean reverse) implements Reduction {
  /** Validates. */
  public Cumulative { Objects.requireNonNull(op, "op is null"); }

  @Override public String name() { return op.printName(); }

  @Override public String params() { return "axis=" + axis + " reverse=" + (reverse ? "True" : "False"); }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    ReduceRules.axis(name(), x, axis);
    ReduceRules.notBool(name(), x, false, "convert it with astype(Np.int32) first (Np.cumsum and Np.cumprod do this for you)");
    return x;
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return io.graft.numerics.kernels.Cumulative.scan(op.kernel(), in.head(), axis, reverse);
  }

  /** See the class doc; zero for non-float operands. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    Value x = primals.head();
    if (!x.type().dtype().isFloating()) return Option.none();
    return tangents.head().map(t -> op == CumulativeOp.SUM ? Bind.bind1(this, t) : AssociativeScan.jvp(op, x, t, axis, reverse));
  }

  /** {@code cumsum} only: {@code cumsum(ct)} scanning the other way; the other scans are not linear. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    if (op != CumulativeOp.SUM) return Reduction.super.transpose(ct, args);
    return Vector.of(Option.of(Bind.bind1(new Cumulative(op, axis, !reverse), ct)));
  }

  /** The axis renumbered past the batch axis, which stays where it is. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    int b = dims.get(0);
    return new Batched(Bind.bind1(new Cumulative(op, axis >= b ? axis + 1 : axis, reverse), args.head()), b);
  }
}
