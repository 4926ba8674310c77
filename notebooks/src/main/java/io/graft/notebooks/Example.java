package io.graft.notebooks;

import io.graft.*;
import io.vavr.Function3;

/** The README's example, verbatim (NotebooksTest runs it, so the README cannot drift from working code). */
public class Example {
  public static void main(String[] args) {
    // grad of a lambda: d/dx sum(x sin x) = sin x + x cos x
    ArrayFn f = x -> x.mul(x.sin()).sum();
    Array x = Array.of(new double[] {0.5, 1.0, 2.0});
    System.out.println(Graft.grad(f).apply(x));

    // per-example gradients of a logistic loss: vmap(grad), w shared (null = unmapped), rows of xs and ys mapped
    Function3<Array, Array, Array, Array> loss = (w, xi, yi) -> yi.neg().mul(w.dot(xi)).exp().log1p();
    Array w = Array.of(new double[] {0.1, -0.2, 0.3});
    Array xs = Np.arange(12).reshape(4, 3).astype(Np.float64).mul(0.1);
    Array ys = Array.of(new double[] {1, -1, 1, -1});
    System.out.println(Graft.vmap(Graft.grad(loss), null, 0, 0).apply(w, xs, ys));   // 4 x 3

    // a Hessian (forward over reverse), and the graph that grad traces
    System.out.println(Graft.hessian(f).apply(x));
    System.out.println(Graft.makeGraph(Graft.grad(f)).apply(x));
  }
}
