package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.Reductions;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * {@code y[kept] = op over axes of x} ({@code lax.reduce_sum}, {@code reduce_max}, {@code reduce_min},
 * {@code reduce_prod}); the op table is {@link ReduceOp}. The result drops {@code axes} and keeps {@code x}'s dtype
 * and weakness. Empty reductions give the identity (0, 1, -inf / int min / false, +inf / int max / true).
 * <pre>{@code reduce_sum[axes=(0,)] f32[3] -> f32[]; reduce_max[axes=(1,)] f32[2,3] -> f32[2]}</pre>
 * Printed {@code reduce_sum[axes=(0,)] a} (newer JAX also prints {@code out_sharding=None}; Graft has no sharding).
 *
 * @param op   which reduction
 * @param axes the reduced axes: sorted, unique, in range
 */
public record Reduce(ReduceOp op, Ints axes) implements Reduction {
  /** Validates. */
  public Reduce {
    Objects.requireNonNull(op, "op is null");
    Objects.requireNonNull(axes, "axes is null");
  }

  @Override public String name() { return op.printName(); }

  @Override public String params() { return "axes=" + axes; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    ReduceRules.axes(name(), x, axes);
    ReduceRules.notBool(name(), x, op.acceptsBool(),
        "convert it with astype(Np.int32) first (Np.sum and Np.prod do this for you); bool supports reduce_max (any) and reduce_min (all)");
    return x.withShape(ReduceRules.drop(x.shape(), axes));
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Reductions.reduce(op.kernel(), in.head(), axes.toArray()); }
}
