package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.Sorting;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * {@code y[..., :, ...] = the indices that sort x ascending along axis}, stable ({@code jnp.argsort(x, stable=True)},
 * the permutation {@code lax.sort_key_val(x, iota)} applies). Total order: floats as {@link Float#compare} (NaN last,
 * {@code -0.0 < 0.0}), u32 unsigned, false before true. Random permutations use it to order values by random keys
 * (JAX's {@code _shuffle}); {@code take_along_axis(v, argsort(k))} is {@code sort_key_val(k, v)}'s values.
 *
 * <p>Type rule: any dtype, {@code axis} in range; the result is i32 of the operand's shape (strong). JVP: zero
 * (integer indices). Batching: the axis renumbered past the batch axis, which stays in place.
 * <pre>{@code argsort[axis=0] of [3, 1, 2, 1] -> [1, 3, 2, 0]}</pre>
 *
 * @param axis the axis sorted along
 */
public record ArgSort(int axis) implements Reduction {
  @Override public String name() { return "argsort"; }

  @Override public String params() { return "axis=" + axis; }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    ReduceRules.axis(name(), x, axis);
    return new ShapedType(x.shape(), DType.I32, false);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Sorting.argsort(in.head(), axis); }

  /** Integer indices: a zero tangent. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) { return Option.none(); }

  /** The axis renumbered past the batch axis, which stays where it is. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    int b = dims.get(0), a = axis >= b ? axis + 1 : axis;
    return new Batched(Bind.bind1(new ArgSort(a), args.head()), b);
  }
}
