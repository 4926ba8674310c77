package io.graft.benchmarks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.Np;
import io.graft.TreeFn;
import io.vavr.Tuple2;
import java.util.function.Function;
import org.openjdk.jmh.annotations.*;

/**
 * W3: one MLP train step, 784 -> 1024 relu -> 1024 relu -> 10, softmax cross-entropy (mean) over a batch of 256,
 * plain SGD with lr 0.01: forward + backward ({@code Graft.valueAndGrad} over the {@link Mlp} record) + update.
 * Figure: ms / step. The benchmark keeps training the same parameters from call to call. {@link #trainStepJit} runs
 * the whole step jitted, {@code Graft.jit(step).donatingArgs(0)}: params -> (loss, new params), a pytree function,
 * compiled once in {@code @Setup} (fused and compiled by the jit), donating the parameters it replaces as JAX users
 * do ({@code donate_argnums=0}) and as the peers update theirs in place (W7 and W10 do the same). {@link #trainStepOwnKernels} is
 * {@link #trainStep} in a JVM forked with {@code -Dgraft.gemm=own} (Graft's own GEMM instead of OpenBLAS).
 */
public class W3MlpStep extends AverageTimeWorkload {
  /** The workload's sizes and learning rate; the JVM peers' W3 ({@code src/peers/java}) uses the same. */
  public static final int BATCH = 256, IN = 784, HIDDEN = 1024, CLASSES = 10;
  public static final double LR = 0.01;

  /** The parameters, a pytree: weights {@code w_k f32[in, out]}, biases {@code b_k f32[out]}. */
  public record Mlp(Array w1, Array b1, Array w2, Array b2, Array w3, Array b3) {
    /** Weights uniform in ±1/sqrt(fan_in) (seeds 10, 11, 12), zero biases. */
    static Mlp init(int in, int hidden) {
      return new Mlp(Inputs.uniform(10, -1 / Math.sqrt(in), 1 / Math.sqrt(in), in, hidden), Np.zeros(hidden),
          Inputs.uniform(11, -1 / Math.sqrt(hidden), 1 / Math.sqrt(hidden), hidden, hidden), Np.zeros(hidden),
          Inputs.uniform(12, -1 / Math.sqrt(hidden), 1 / Math.sqrt(hidden), hidden, CLASSES), Np.zeros(CLASSES));
    }

    /** {@code this - lr * g}, leaf by leaf. */
    Mlp sgd(Mlp g, double lr) {
      return new Mlp(w1.sub(g.w1.mul(lr)), b1.sub(g.b1.mul(lr)), w2.sub(g.w2.mul(lr)), b2.sub(g.b2.mul(lr)),
          w3.sub(g.w3.mul(lr)), b3.sub(g.b3.mul(lr)));
    }
  }

  /** Mean softmax cross-entropy of the MLP on {@code x f32[batch, in]} against one-hot {@code labels f32[batch, 10]}. */
  static Array loss(Mlp p, Array x, Array labels) {
    Array h1 = Np.maximum(x.matmul(p.w1()).add(p.b1()), 0.0);
    Array h2 = Np.maximum(h1.matmul(p.w2()).add(p.b2()), 0.0);
    Array logits = h2.matmul(p.w3()).add(p.b3());
    return Np.mean(Np.sum(Np.logSoftmax(logits, -1).mul(labels), -1)).neg();
  }

  /** Inputs uniform in [0, 1) (seed 5); the label of row i is (7i + 3) mod 10, one-hot. */
  static Tuple2<Array, Array> batch(int batch, int in) {
    return new Tuple2<>(Inputs.uniform(5, 0, 1, batch, in), Array.of(oneHotLabels(batch), batch, CLASSES));
  }

  /** The one-hot labels {@code f32[batch, 10]}, row-major: row i has its 1 at (7i + 3) mod 10. */
  public static float[] oneHotLabels(int batch) {
    float[] onehot = new float[batch * CLASSES];
    for (int i = 0; i < batch; i++) onehot[i * CLASSES + (7 * i + 3) % CLASSES] = 1;
    return onehot;
  }

  /**
   * The losses of the first {@code steps} eager train steps at the workload's sizes from its initial parameters: the
   * values a peer's W3 (same inputs, same math) must reproduce, step by step, before it is timed.
   */
  public static double[] referenceLosses(int steps) {
    Tuple2<Array, Array> xy = batch(BATCH, IN);
    Function<Mlp, Tuple2<Array, Mlp>> step = step(xy._1, xy._2);
    Mlp p = Mlp.init(IN, HIDDEN);
    double[] losses = new double[steps];
    for (int s = 0; s < steps; s++) {
      Tuple2<Array, Mlp> r = step.apply(p);
      losses[s] = r._1.item().doubleValue();
      p = r._2;
    }
    return losses;
  }

  /**
   * Throws an {@link AssertionError} naming {@code peer} unless its losses of the first steps match
   * {@link #referenceLosses} within 1e-4 (relative above 1): its forward, gradients and update are the workload's.
   */
  public static void checkPeerLosses(String peer, double[] losses) {
    double[] want = referenceLosses(losses.length);
    for (int s = 0; s < losses.length; s++) Inputs.near(peer + " W3 loss at step " + s, want[s], losses[s], 1e-4);
  }

  /** The train step over a fixed batch: params -> (loss before the update, updated params). */
  static Function<Mlp, Tuple2<Array, Mlp>> step(Array x, Array labels) {
    Function<Mlp, Tuple2<Array, Mlp>> vg = Graft.valueAndGrad((TreeFn<Mlp>) p -> loss(p, x, labels));
    return p -> {
      Tuple2<Array, Mlp> lg = vg.apply(p);
      return new Tuple2<>(lg._1, p.sgd(lg._2, LR));
    };
  }

  private Mlp params, jitParams;
  private Function<Mlp, Tuple2<Array, Mlp>> step;
  private Jitted<Mlp, Tuple2<Array, Mlp>> jitStep;

  @Setup public void setup() {
    Tuple2<Array, Array> xy = batch(BATCH, IN);
    params = Mlp.init(IN, HIDDEN);
    step = step(xy._1, xy._2);
    jitStep = Graft.jit(step).donatingArgs(0);   // the parameters each step replaces (jax.jit donate_argnums=0)
    jitParams = jitStep.apply(Mlp.init(IN, HIDDEN))._2;   // trace and compile here, on arrays of its own
  }

  @Benchmark public Array trainStep() {
    Tuple2<Array, Mlp> r = step.apply(params);
    params = r._2;
    return r._1;
  }

  /** {@link #trainStep} with its products on Graft's own GEMM ({@code -Dgraft.gemm=own}). */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
      "-Dgraft.gemm=own"})
  public Array trainStepOwnKernels() { return trainStep(); }

  @Benchmark public Array trainStepJit() {
    Tuple2<Array, Mlp> r = jitStep.apply(jitParams);
    jitParams = r._2;
    return r._1;
  }

  /**
   * At batch 32, 64 -> 48 relu -> 48 relu -> 10: the loss falls over 3 steps, and one gradient entry of each weight
   * matches a central difference of the loss computed in f64; the jitted step gives eager's losses and parameters.
   */
  public static void check() {
    int batch = 32, in = 64, hidden = 48;
    Tuple2<Array, Array> xy = batch(batch, in);
    Mlp p = Mlp.init(in, hidden);
    Mlp g = Graft.grad((TreeFn<Mlp>) q -> loss(q, xy._1, xy._2)).apply(p);
    Function<Mlp, Tuple2<Array, Mlp>> step = step(xy._1, xy._2);
    double before = Double.POSITIVE_INFINITY;
    Mlp q = p;
    for (int s = 0; s < 3; s++) {
      Tuple2<Array, Mlp> r = step.apply(q);
      double l = r._1.item().doubleValue();
      if (!(l < before)) throw new AssertionError("W3: loss did not decrease at step " + s + ": " + before + " -> " + l);
      before = l;
      q = r._2;
    }
    Jitted<Mlp, Tuple2<Array, Mlp>> jitStep = Graft.jit(step);
    Mlp e = p, j = p;
    for (int s = 0; s < 3; s++) {
      Tuple2<Array, Mlp> re = step.apply(e), rj = jitStep.apply(j);
      Inputs.near("W3 jit loss at step " + s, re._1.item().doubleValue(), rj._1.item().doubleValue(), 1e-5);
      e = re._2;
      j = rj._2;
    }
    sameLeaves("W3 jit params after 3 steps", e, j, 1e-5);
    fdCheck("w1", p, g.w1(), 5 * hidden + 7, xy, (m, w) -> new Mlp(w, m.b1(), m.w2(), m.b2(), m.w3(), m.b3()), m -> m.w1());
    fdCheck("w3", p, g.w3(), 3 * CLASSES + 2, xy, (m, w) -> new Mlp(m.w1(), m.b1(), m.w2(), m.b2(), w, m.b3()), m -> m.w3());
  }

  private static void fdCheck(String name, Mlp p, Array grad, int k, Tuple2<Array, Array> xy,
                              java.util.function.BiFunction<Mlp, Array, Mlp> with, Function<Mlp, Array> leaf) {
    Mlp p64 = new Mlp(f64(p.w1()), f64(p.b1()), f64(p.w2()), f64(p.b2()), f64(p.w3()), f64(p.b3()));
    double h = 1e-6;
    double[] plus = leaf.apply(p64).toDoubleArray(), minus = plus.clone();
    plus[k] += h;
    minus[k] -= h;
    int[] shape = leaf.apply(p64).shape();
    double lp = loss(with.apply(p64, Array.of(plus, shape)), f64(xy._1), f64(xy._2)).item().doubleValue();
    double lm = loss(with.apply(p64, Array.of(minus, shape)), f64(xy._1), f64(xy._2)).item().doubleValue();
    double want = (lp - lm) / (2 * h), got = grad.toDoubleArray()[k];
    if (!(Math.abs(want) > 1e-7 && Math.abs(got - want) <= 1e-3 * Math.abs(want) + 1e-7))
      throw new AssertionError("W3 d loss / d " + name + "[" + k + "]: central difference (f64) " + want + ", grad (f32) " + got);
  }

  /** Throws unless {@code a} and {@code b} have the same leaves, entry by entry within {@code tol}. */
  static void sameLeaves(String what, Mlp a, Mlp b, double tol) {
    Array[] la = {a.w1(), a.b1(), a.w2(), a.b2(), a.w3(), a.b3()}, lb = {b.w1(), b.b1(), b.w2(), b.b2(), b.w3(), b.b3()};
    for (int l = 0; l < la.length; l++) {
      float[] x = la[l].toFloatArray(), y = lb[l].toFloatArray();
      if (x.length != y.length) throw new AssertionError(what + ": leaf " + l + " has " + y.length + " entries, want " + x.length);
      for (int k = 0; k < x.length; k++) Inputs.near(what + ", leaf " + l + "[" + k + "]", x[k], y[k], tol);
    }
  }

  private static Array f64(Array a) { return a.astype(Np.float64); }
}
