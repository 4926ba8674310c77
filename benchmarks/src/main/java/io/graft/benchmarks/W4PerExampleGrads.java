package io.graft.benchmarks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.vavr.Function3;
import io.vavr.Tuple3;
import org.openjdk.jmh.annotations.*;

/**
 * W4: per-example gradients of the logistic loss {@code loss_i(w) = log(1 + exp(-y_i * w.x_i))}, d = 1000, B = 256,
 * by {@code Graft.vmap(Graft.grad(loss), null, 0, 0)} (vectorised, no loop) -> f32[B, d]. Figure: ms.
 * {@link #perExampleGradsJit} runs {@code Graft.jit} of that function, its three arrays passed as one
 * {@code Tuple3} pytree.
 */
public class W4PerExampleGrads extends AverageTimeWorkload {
  static final Function3<Array, Array, Array, Array> LOSS = (w, x, y) -> y.neg().mul(w.dot(x)).exp().log1p();

  @Param({"1000"}) public int d;
  @Param({"256"}) public int b;

  private Array w, xs, ys;
  private Function3<Array, Array, Array, Array> perExample;
  private Tuple3<Array, Array, Array> args;
  private Jitted<Tuple3<Array, Array, Array>, Array> jitted;

  @Setup public void setup() {
    w = Inputs.uniform(6, -0.1, 0.1, d);
    xs = Inputs.uniform(7, -1, 1, b, d);
    float[] labels = new float[b];
    for (int i = 0; i < b; i++) labels[i] = i % 3 == 0 ? 1 : -1;
    ys = Array.of(labels, b);
    perExample = Graft.vmap(Graft.grad(LOSS), null, 0, 0);
    args = new Tuple3<>(w, xs, ys);
    Function3<Array, Array, Array, Array> pe = perExample;
    jitted = Graft.jit((Tuple3<Array, Array, Array> t) -> pe.apply(t._1, t._2, t._3));
  }

  @Benchmark public Array perExampleGrads() { return perExample.apply(w, xs, ys); }

  @Benchmark public Array perExampleGradsJit() { return jitted.apply(args); }

  /** At d = 50, B = 16, against the closed form {@code -y_i x_i sigmoid(-y_i w.x_i)}; jit agrees with eager. */
  public static void check() {
    W4PerExampleGrads s = new W4PerExampleGrads();
    s.d = 50;
    s.b = 16;
    s.setup();
    Array g = s.perExampleGrads();
    if (g.shape().length != 2 || g.shape()[0] != s.b || g.shape()[1] != s.d)
      throw new AssertionError("W4: want shape [" + s.b + ", " + s.d + "], got " + java.util.Arrays.toString(g.shape()));
    float[] gv = g.toFloatArray(), x = s.xs.toFloatArray(), y = s.ys.toFloatArray(), wv = s.w.toFloatArray();
    for (int i = 0; i < s.b; i++) {
      double m = 0;
      for (int j = 0; j < s.d; j++) m += (double) wv[j] * x[i * s.d + j];
      double sig = 1 / (1 + Math.exp(y[i] * m));
      for (int j = 0; j < s.d; j++) Inputs.near("W4 g[" + i + "][" + j + "]", -y[i] * x[i * s.d + j] * sig, gv[i * s.d + j], 1e-5);
    }
    float[] jv = s.perExampleGradsJit().toFloatArray();
    if (jv.length != gv.length) throw new AssertionError("W4 jit: want " + gv.length + " entries, got " + jv.length);
    for (int k = 0; k < gv.length; k++) Inputs.near("W4 jit g[" + k + "] vs eager", gv[k], jv[k], 1e-6);
  }
}
