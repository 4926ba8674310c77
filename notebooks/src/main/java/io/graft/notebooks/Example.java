package io.graft.notebooks;

import io.graft.*;

/** The README's example, verbatim (NotebooksTest runs it, so the README cannot drift from working code). */
public class Example {
  public static void main(String[] args) {
    // A two-layer MLP forward pass on plain immutable arrays.
    Array w1 = Np.ones(4, 8).mul(0.1), b1 = Np.zeros(8);
    Array w2 = Np.ones(8, 3).mul(0.2), b2 = Np.zeros(3);
    java.util.function.Function<Array, Array> mlp =
        x -> Np.softmax(Np.maximum(x.matmul(w1).add(b1), 0.0).matmul(w2).add(b2), -1);

    Array x = Np.arange(8).reshape(2, 4).astype(Np.float32);
    System.out.println(mlp.apply(x));                                   // eager: runs the kernels
    System.out.println(Graft.makeGraph(mlp).apply(ShapeDtype.of(Np.float32, 2, 4).array()));  // the traced graph
  }
}
