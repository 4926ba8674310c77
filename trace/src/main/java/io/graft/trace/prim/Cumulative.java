package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * The inclusive scan {@code y[..., k, ...] = x[..., 0, ...] op ... op x[..., k, ...]} along {@code axis}, or from
 * the end when {@code reverse} ({@code lax.cumsum}, {@code cumprod}, {@code cummax}, {@code cummin}); the op table
 * is {@link CumulativeOp}. Same shape, dtype and weakness as {@code x}; numeric dtypes only.
 * <pre>{@code cumsum[axis=0 reverse=False] [1, 2, 3] -> [1, 3, 6]; reverse=True -> [6, 5, 3]}</pre>
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
}
