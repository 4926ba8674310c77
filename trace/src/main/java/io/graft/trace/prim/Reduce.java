package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.Reductions;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * {@code y[kept] = op over axes of x} ({@code lax.reduce_sum}, {@code reduce_max}, {@code reduce_min},
 * {@code reduce_prod}); the op table is {@link ReduceOp}. The result drops {@code axes} and keeps {@code x}'s dtype
 * and weakness. Empty reductions give the identity (0, 1, -inf / int min / false, +inf / int max / true).
 * Bool: max is any and min is all (bool results); sum counts the true elements and prod says whether all are true,
 * as strong i32 (jnp.sum's and jnp.prod's dtype for bool; lax itself rejects them). The kernel reads the bool
 * store directly, so a count never materialises an i32 copy of the mask (a {@code convert_element_type} first
 * would, in eager mode: 4 bytes per element).
 * <pre>{@code reduce_sum[axes=(0,)] f32[3] -> f32[]; reduce_max[axes=(1,)] f32[2,3] -> f32[2]}</pre>
 * Printed {@code reduce_sum[axes=(0,)] a} (newer JAX also prints {@code out_sharding=None}; Graft has no sharding).
 *
 * <p>Rules. Sum is linear: JVP {@code reduce_sum(t)}, transpose {@code broadcast_in_dim} of the cotangent back to
 * the operand's shape. Max/min: the tangent averaged over the positions attaining the extreme (ties split equally,
 * as in JAX). Prod: {@code sum(t * prod of the other elements)}, exact with zeros (see
 * {@link ReduceTransforms#prodJvp}). Integer and bool operands have zero tangents. Batching renumbers the axes past
 * the batch axis.
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
    Shape kept = ReduceRules.drop(x.shape(), axes);
    DType d = op.resultDType(x.dtype());
    return d == x.dtype() ? x.withShape(kept) : new ShapedType(kept, d, false);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return Reductions.reduce(op.kernel(), in.head(), axes.toArray()); }

  /** See the class doc; zero for non-float operands. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    Value x = primals.head();
    if (!x.type().dtype().isFloating()) return Option.none();
    return tangents.head().map(t -> switch (op) {
      case SUM -> Bind.bind1(this, t);
      case MAX, MIN -> ReduceTransforms.chooserJvp(x, t, out, axes);
      case PROD -> ReduceTransforms.prodJvp(x, t, axes);
    });
  }

  /** Sum only: the cotangent broadcast back over the reduced axes; max, min and prod are not linear. */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    if (op != ReduceOp.SUM) return Reduction.super.transpose(ct, args);
    ShapedType x = args.head().type();
    Ints kept = Ints.of(ReduceTransforms.complement(axes, x.rank()));
    return Vector.of(Option.of(Bind.bind1(new BroadcastInDim(x.shape(), kept), ct)));
  }

  /** The same reduction with the axes renumbered past the batch axis, which stays (shifted by the axes before it). */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    int b = dims.get(0), before = 0;
    for (int i = 0; i < axes.size(); i++) if (axes.get(i) < b) before++;
    return new Batched(Bind.bind1(new Reduce(op, ReduceTransforms.shiftPast(axes, b)), args.head()), b - before);
  }
}
