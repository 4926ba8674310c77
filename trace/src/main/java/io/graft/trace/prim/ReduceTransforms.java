package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Value;

/**
 * Transform-rule helpers of the reductions: the JVPs of {@code reduce_max/min} (ties share the tangent equally) and
 * {@code reduce_prod} (exact with zeros), the tie weights of a binary max/min, and axis bookkeeping for batching.
 */
final class ReduceTransforms {
  private ReduceTransforms() {}

  /** {@code axes} renumbered for an operand with a batch axis inserted at {@code bdim}. */
  static Ints shiftPast(Ints axes, int bdim) {
    int[] a = axes.toArray();
    for (int i = 0; i < a.length; i++) if (a[i] >= bdim) a[i]++;
    return Ints.of(a);
  }

  /** The axes of a rank-{@code rank} operand that are not in {@code axes}, in order. */
  static int[] complement(Ints axes, int rank) {
    int[] kept = new int[rank - axes.size()];
    for (int i = 0, j = 0; i < rank; i++) if (!axes.contains(i)) kept[j++] = i;
    return kept;
  }

  /** 1 where {@code a == b}, else 0, in {@code dtype} (JAX's {@code convert_element_type(_eq_meet(a, b))}). */
  static Value equal(Value a, Value b, DType dtype) { return LaxOps.convert(LaxOps.eq(a, b), dtype); }

  /**
   * JVP of {@code reduce_max}/{@code reduce_min} over {@code axes} (JAX's {@code _reduce_chooser_jvp_rule}): the
   * tangent averaged over the positions that attain the extreme, {@code sum(t * loc) / sum(loc)} with
   * {@code loc = (x == out)}. Ties split equally: the max of {@code [1, 3, 3]} has gradient {@code [0, .5, .5]}.
   */
  static Value chooserJvp(Value x, Value t, Value out, Ints axes) {
    Shape xs = x.type().shape();
    int[] keep = xs.dims();
    for (int i = 0; i < axes.size(); i++) keep[axes.get(i)] = 1;
    Value o = Bind.bind1(new BroadcastInDim(xs, Ints.range(xs.rank())), Bind.bind1(new Reshape(Shape.of(keep)), out));
    Value loc = equal(x, o, x.type().dtype());
    Value counts = Bind.bind1(new Reduce(ReduceOp.SUM, axes), loc);
    return LaxOps.div(Bind.bind1(new Reduce(ReduceOp.SUM, axes), LaxOps.mul(t, loc)), counts);
  }

  /**
   * JVP of {@code reduce_prod} over {@code axes}, exact when {@code x} holds zeros (no division by {@code x}):
   * {@code sum(t * d)} with {@code d[i] = prod_{j != i} x[j]} over the flattened reduced axes, which is the product
   * of the exclusive prefix and exclusive suffix products (shifted {@code cumprod}s, forward and reverse). The
   * coefficients {@code d} depend on the primal only; the tangent is multiplied and summed, so the rule is linear.
   */
  static Value prodJvp(Value x, Value t, Ints axes) {
    Shape xs = x.type().shape();
    int rank = xs.rank(), n = 1;
    for (int i = 0; i < axes.size(); i++) n *= xs.dim(axes.get(i));
    if (n <= 1) return Bind.bind1(new Reduce(ReduceOp.SUM, axes), t);     // one factor: d = 1; none: the empty sum 0
    int[] kept = complement(axes, rank), perm = new int[rank], flat = new int[kept.length + 1], moved = new int[rank];
    for (int i = 0; i < kept.length; i++) { perm[i] = kept[i]; flat[i] = xs.dim(kept[i]); }
    for (int i = 0; i < axes.size(); i++) perm[kept.length + i] = axes.get(i);
    for (int i = 0; i < rank; i++) moved[i] = xs.dim(perm[i]);
    flat[kept.length] = n;
    int last = kept.length;
    Value f = Bind.bind1(new Reshape(Shape.of(flat)), Bind.bind1(new Transpose(Ints.of(perm)), x));
    Value prefix = exclusive(Bind.bind1(new Cumulative(CumulativeOp.PROD, last, false), f), last, n, false);
    Value suffix = exclusive(Bind.bind1(new Cumulative(CumulativeOp.PROD, last, true), f), last, n, true);
    Value d = Bind.bind1(new Reshape(Shape.of(moved)), LaxOps.mul(prefix, suffix));
    int[] inverse = new int[rank];
    for (int i = 0; i < rank; i++) inverse[perm[i]] = i;
    d = Bind.bind1(new Transpose(Ints.of(inverse)), d);
    return Bind.bind1(new Reduce(ReduceOp.SUM, axes), LaxOps.mul(t, d));
  }

  /** An inclusive scan shifted by one along {@code axis} (extent {@code n}) with 1 shifted in: exclusive products. */
  private static Value exclusive(Value inclusive, int axis, int n, boolean fromEnd) {
    Shape s = inclusive.type().shape();
    int rank = s.rank();
    int[] start = new int[rank], limit = s.dims(), lo = new int[rank], hi = new int[rank];
    if (fromEnd) { start[axis] = 1; hi[axis] = 1; } else { limit[axis] = n - 1; lo[axis] = 1; }
    Value cut = Bind.bind1(Slice.of(Ints.of(start), Ints.of(limit)), inclusive);
    return Bind.bind1(new Pad(new PadConfig(Ints.of(lo), Ints.of(hi), Ints.of(new int[rank]))), cut,
        LaxOps.scalar(inclusive.type().dtype(), 1));
  }
}
