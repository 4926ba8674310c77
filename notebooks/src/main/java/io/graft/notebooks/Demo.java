package io.graft.notebooks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Lax;
import io.graft.Np;
import io.graft.ShapeDtype;
import io.graft.trace.Graph;
import io.vavr.Tuple;
import io.vavr.Tuple2;

/**
 * The demo that {@code ./graft demo} runs: arrays and broadcasting, a small MLP evaluated eagerly, its traced
 * graph (the same graph docs/architecture.md shows), evaluating that graph, the jitted gradient with its fused
 * kernels, and a few of the building blocks a ResNet step needs (convolution, pooling, gather).
 */
public final class Demo {
  private Demo() {}

  /** One dense layer's parameters. */
  public record Dense(Array w, Array b) {}

  /** A two-layer perceptron. */
  public record Mlp(Dense hidden, Dense out) {}

  /** {@code softmax(relu(x·W1 + b1)·W2 + b2)}. */
  public static Array forward(Mlp p, Array x) {
    Array h = Np.maximum(x.matmul(p.hidden().w()).add(p.hidden().b()), 0.0);
    return Np.softmax(h.matmul(p.out().w()).add(p.out().b()), -1);
  }

  /** Deterministic parameters (no randomness yet: threefry arrives with the training issue). */
  public static Mlp params(int in, int hidden, int out) {
    Array w1 = Np.arange(in * hidden).astype(Np.float32).sin().reshape(in, hidden).mul(0.5);
    Array w2 = Np.arange(hidden * out).astype(Np.float32).cos().reshape(hidden, out).mul(0.5);
    return new Mlp(new Dense(w1, Np.zeros(hidden)), new Dense(w2, Np.zeros(out)));
  }

  public static void main(String[] args) {
    System.out.println("== Arrays: immutable, NumPy broadcasting, JAX promotion");
    Array a = Np.arange(6).reshape(2, 3).astype(Np.float32);
    System.out.println(a.add(Array.of(new float[] {10, 20, 30})).mul(2.0));
    System.out.println("a.at(0).set(-1) = \n" + a.at(0).set(-1) + "\n(a itself is unchanged:)\n" + a);

    System.out.println("\n== A small MLP, eagerly");
    Mlp p = params(4, 8, 3);
    Array x = Np.linspace(-1, 1, 8).reshape(2, 4);
    System.out.println(forward(p, x));

    System.out.println("\n== Its graph, traced from abstract shapes (parameters and input as ShapeDtypes)");
    Mlp abstractParams = new Mlp(
        new Dense(ShapeDtype.of(Np.float32, 4, 8).array(), ShapeDtype.of(Np.float32, 8).array()),
        new Dense(ShapeDtype.of(Np.float32, 8, 3).array(), ShapeDtype.of(Np.float32, 3).array()));
    Graph g = Graft.makeGraph((Tuple2<Mlp, Array> in) -> forward(in._1, in._2))
        .apply(Tuple.of(abstractParams, ShapeDtype.of(Np.float32, 2, 4).array()));
    System.out.println(g);

    System.out.println("\n== The same graph over concrete parameters, evaluated: equals the eager result");
    Graph g2 = Graft.makeGraph((Array in) -> forward(p, in)).apply(x);
    System.out.println(Graft.evalGraph(g2, x).head());

    System.out.println("\n== jit(grad(loss)): the optimised graph and its fused loops (Graft.jit(f).lower(x))");
    Array target = Array.of(new int[] {2, 0});
    var lossGrad = Graft.jit(Graft.grad((Array in) ->
        Np.takeAlongAxis(Np.log(forward(p, in)), target.reshape(2, 1), 1).neg().mean()));
    String lowered = lossGrad.lower(x);
    System.out.println(lowered.substring(lowered.indexOf("steps:")));
    System.out.println("d loss / d x =\n" + lossGrad.apply(x));

    System.out.println("\n== Building blocks of a ResNet step");
    Array img = Np.linspace(0, 1, 2 * 3 * 8 * 8).reshape(2, 3, 8, 8);
    Array kernel = Np.ones(4, 3, 3, 3).mul(1.0 / 27);
    Array conv = Lax.conv(img, kernel, new int[] {1, 1}, "SAME");
    System.out.println("conv NCHW " + java.util.Arrays.toString(conv.shape()) + ", mean " + conv.mean().item());
    Array logits = Np.linspace(-2, 2, 2 * 10).reshape(2, 10);
    Array labels = Array.of(new int[] {3, 7});
    Array nll = Np.takeAlongAxis(Np.logSoftmax(logits, -1), labels.reshape(2, 1), 1).neg().mean();
    System.out.println("cross-entropy of 2 examples: " + nll.item());
  }
}
