package io.graft.benchmarks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.Np;
import io.vavr.Tuple2;
import org.openjdk.jmh.annotations.*;

/**
 * W2: {@code s = sum(tanh(x)*y + exp(-x*x))} over x, y of N = 2^22 uniform(-1, 1). Figures: ms and effective
 * GB/s = 8N / t (the two inputs read once). {@link #fused} is eager, so each of the six ops makes a pass and a
 * temporary; {@link #fusedJit} runs {@code Graft.jit} of the same function over the pair {@code (x, y)} (the jit
 * executor does not fuse yet: it calls the same kernels, one per op).
 */
public class W2FusedElementwise extends AverageTimeWorkload {
  /** Elements per input; the workload fixes 2^22. */
  @Param({"4194304"})
  public int n;

  private Array x, y;
  private Tuple2<Array, Array> xy;
  private Jitted<Tuple2<Array, Array>, Array> jitted;

  @Setup public void setup() {
    x = Inputs.uniform(3, -1, 1, n);
    y = Inputs.uniform(4, -1, 1, n);
    xy = new Tuple2<>(x, y);
    jitted = Graft.jit((Tuple2<Array, Array> t) -> f(t._1, t._2));
  }

  static Array f(Array x, Array y) { return Np.sum(x.tanh().mul(y).add(x.mul(x).neg().exp())); }

  @Benchmark public Array fused() { return f(x, y); }

  @Benchmark public Array fusedJit() { return jitted.apply(xy); }

  /** The f32 sum at n = 2^16 against the same sum in double, eager and jitted; jit agrees with eager. */
  public static void check() {
    W2FusedElementwise w = new W2FusedElementwise();
    w.n = 1 << 16;
    w.setup();
    float[] xv = w.x.toFloatArray(), yv = w.y.toFloatArray();
    double want = 0;
    for (int i = 0; i < w.n; i++) want += Math.tanh(xv[i]) * yv[i] + Math.exp(-(double) xv[i] * xv[i]);
    double eager = w.fused().item().doubleValue();
    Inputs.near("W2 sum", want, eager, 1e-4);
    Inputs.near("W2 jit sum vs eager", eager, w.fusedJit().item().doubleValue(), 1e-5);
  }
}
