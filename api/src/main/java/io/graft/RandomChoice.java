package io.graft;

import io.graft.numerics.DType;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Creation;
import io.graft.trace.ops.Indexing;
import io.graft.trace.ops.Logic;
import io.graft.trace.ops.Reduce;
import io.graft.trace.ops.Shapes;
import io.graft.trace.prim.ArgSort;
import io.graft.trace.prim.LaxOps;

/**
 * {@link Random#choice}'s four cases, following {@code jax.random.choice} step by step: uniform with replacement
 * ({@code randint}), uniform without ({@code permutation}, first rows), weighted with replacement
 * ({@code searchsorted(cumsum(p), cumsum(p)[-1] * (1 - u))}), weighted without (Gumbel top-k:
 * {@code top_k(gumbel + log p)}, here the first indices of a stable descending argsort, which breaks ties toward the
 * lower index as {@code top_k} does).
 */
final class RandomChoice {
  private RandomChoice() {}

  /**
   * Draws from {@code 0 .. n-1} ({@code a} null) or from the rows of {@code a}; {@code p} null for uniform. The
   * result has {@code shape} (then {@code a}'s trailing axes).
   */
  static Value choice(Value key, int n, Value a, int[] shape, boolean replace, Value p) {
    int draws = Shape.of(shape).size();
    if (n <= 0 && draws > 0)
      throw new ShapeError("Random.choice: the population is empty (n = " + n + ") but " + draws + " samples were asked for");
    if (!replace && draws > n)
      throw new ShapeError("Random.choice: cannot take " + draws + " distinct samples (shape " + Shape.of(shape)
          + ") from a population of " + n + " without replacement; pass replace=true or ask for fewer");
    Value ind;
    if (p == null) {
      if (replace) ind = Random.randint(new Array(key), shape, 0, n).value();
      else ind = Shapes.laxSlice(Random.shuffle(key, Creation.iota(DType.I32, n)), new int[] {0}, new int[] {draws}, null);
    } else {
      if (!p.type().shape().equals(Shape.of(n)))
        throw new ShapeError("Random.choice: p must be a 1-D vector with one probability per choice, f[" + n + "], got " + p.type());
      Value pf = Arith.inexact(p);
      DType d = pf.type().dtype();
      if (replace) {
        Value cum = Reduce.cumsum(pf, 0);
        Value total = LaxOps.reshape(Shapes.laxSlice(cum, new int[] {n - 1}, new int[] {n}, null), Shape.scalar());
        Value u = Random.uniform(key, shape, d, Random.constant(d, 0), Random.constant(d, 1));
        Value r = Arith.mul(total, Arith.sub(Random.constant(d, 1), u));
        ind = searchsortedLeft(cum, r);
      } else {
        Value g = Arith.add(Random.gumbel(key, new int[] {n}, d), LaxOps.log(pf));
        Value order = Bind.bind1(new ArgSort(0), LaxOps.neg(g));
        ind = Shapes.laxSlice(order, new int[] {0}, new int[] {draws}, null);
      }
    }
    ind = LaxOps.reshape(ind, Shape.of(shape));
    if (a == null) return ind;
    int[] out = new int[shape.length + a.type().rank() - 1];
    System.arraycopy(shape, 0, out, 0, shape.length);
    System.arraycopy(a.type().shape().dims(), 1, out, shape.length, a.type().rank() - 1);
    return LaxOps.reshape(Indexing.take(a, LaxOps.reshape(ind, Shape.of(draws)), 0), Shape.of(out));
  }

  /**
   * For each {@code v} in {@code r}, the number of elements of the sorted 1-D {@code sorted} below it
   * ({@code jnp.searchsorted(sorted, r, side='left')}), i32 of {@code r}'s shape.
   */
  private static Value searchsortedLeft(Value sorted, Value r) {
    int rank = r.type().rank();
    Value below = Logic.lt(sorted, Shapes.expandDims(r, rank));   // r[..., None] against every element
    return LaxOps.convert(Reduce.sum(LaxOps.convert(below, DType.I32), new int[] {rank}, false), DType.I32);
  }
}
