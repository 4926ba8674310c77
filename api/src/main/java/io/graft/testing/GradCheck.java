package io.graft.testing;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Tree;
import io.graft.trace.TransformError;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

/**
 * {@code jax.test_util.check_grads}: checks a function's derivatives numerically, to any order.
 *
 * <p>Order 1 checks forward mode and reverse mode against central finite differences along a random
 * direction {@code v} ({@code J·v}, and {@code <ct, J·v> == <Jᵀ·ct, v>}); order {@code k} repeats the checks on
 * the forward and reverse derivative functions at order {@code k - 1}. Functions without forward mode (a
 * {@code customVjp}) are checked in reverse mode only. Directions are random (fixed seed). Tolerances follow the dtype: f64 checks
 * with step 1e-6 and relative tolerance 1e-5, f32 with step 1e-3 and 2e-2. A failure is an {@link AssertionError}
 * naming the mode, the order and both values.
 */
public final class GradCheck {
  private GradCheck() {}

  /** Checks {@code f} (pytree to pytree) at {@code x} up to {@code order}. */
  public static <P, R> void checkGrads(Function<P, R> f, P x, int order) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(x, "x is null");
    if (order < 1) throw new IllegalArgumentException("checkGrads: order must be >= 1, got " + order);
    check(f, x, order, new Random(0));
  }

  @SuppressWarnings("unchecked")
  private static <P, R> void check(Function<P, R> f, P x, int order, Random rnd) {
    boolean f64 = Tree.leaves(x).forAll(a -> a.dtype() == io.graft.numerics.DType.F64);
    double eps = f64 ? 1e-6 : 1e-3, tol = f64 ? 1e-5 : 2e-2;
    P v = Tree.map(x, a -> random(a, rnd));
    R plus = f.apply(Tree.map2(x, v, (a, b) -> a.add(b.mul(eps))));
    R minus = f.apply(Tree.map2(x, v, (a, b) -> a.sub(b.mul(eps))));
    Vector<Array> fd = Tree.leaves(plus).zipWith(Tree.leaves(minus), (p, m) -> p.sub(m).div(2 * eps));
    boolean forward = true;
    try {
      close(fd, Tree.leaves(Graft.jvp(f, x, v)._2), tol, "forward mode vs finite differences, order " + order);
    } catch (TransformError e) {
      forward = false;                       // e.g. a customVjp function: reverse mode only, as in JAX
    }
    Tuple2<R, Function<R, P>> vj = Graft.vjp(f, x);
    R ct = Tree.map(vj._1, a -> random(a, rnd));
    double lhs = dot(Tree.leaves(ct), fd), rhs = dot(Tree.leaves(vj._2.apply(ct)), Tree.leaves(v));
    if (Math.abs(lhs - rhs) > tol * (1 + Math.abs(lhs)))
      throw new AssertionError("checkGrads: reverse mode vs finite differences, order " + order
          + ": <ct, J v> = " + lhs + " but <J^T ct, v> = " + rhs);
    if (order > 1) {
      if (forward) check((P y) -> Graft.jvp(f, y, v)._2, x, order - 1, rnd);
      check((P y) -> Graft.vjp(f, y)._2.apply(ct), x, order - 1, rnd);
    }
  }

  private static Array random(Array like, Random rnd) {
    double[] d = new double[like.size()];
    for (int i = 0; i < d.length; i++) d[i] = rnd.nextGaussian();
    return Array.of(d).reshape(like.shape()).astype(like.dtype());
  }

  private static double dot(Vector<Array> a, Vector<Array> b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      double[] x = a.get(i).toDoubleArray(), y = b.get(i).toDoubleArray();
      for (int j = 0; j < x.length; j++) s += x[j] * y[j];
    }
    return s;
  }

  private static void close(Vector<Array> want, Vector<Array> got, double tol, String what) {
    for (int i = 0; i < want.size(); i++) {
      double[] w = want.get(i).toDoubleArray(), g = got.get(i).toDoubleArray();
      for (int j = 0; j < w.length; j++)
        if (Math.abs(w[j] - g[j]) > tol * (1 + Math.abs(w[j])))
          throw new AssertionError("checkGrads: " + what + ": leaf " + i + " element " + j + ": expected " + w[j] + " but got " + g[j]);
    }
  }
}
