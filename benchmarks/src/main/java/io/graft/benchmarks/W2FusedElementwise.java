package io.graft.benchmarks;

import io.graft.Array;
import io.graft.Np;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * W2: {@code s = sum(tanh(x)*y + exp(-x*x))} over x, y of N = 2^22 uniform(-1, 1). Figures: ms and effective
 * GB/s = 8N / t (the two inputs read once). Eager, so each of the six ops makes a pass and a temporary.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class W2FusedElementwise {
  /** Elements per input; the workload fixes 2^22. */
  @Param({"4194304"})
  public int n;

  private Array x, y;

  @Setup public void setup() {
    x = Inputs.uniform(3, -1, 1, n);
    y = Inputs.uniform(4, -1, 1, n);
  }

  static Array f(Array x, Array y) { return Np.sum(x.tanh().mul(y).add(x.mul(x).neg().exp())); }

  @Benchmark public Array fused() { return f(x, y); }

  /** The f32 sum at n = 2^16 against the same sum in double. */
  public static void check() {
    W2FusedElementwise w = new W2FusedElementwise();
    w.n = 1 << 16;
    w.setup();
    float[] xv = w.x.toFloatArray(), yv = w.y.toFloatArray();
    double want = 0;
    for (int i = 0; i < w.n; i++) want += Math.tanh(xv[i]) * yv[i] + Math.exp(-(double) xv[i] * xv[i]);
    Inputs.near("W2 sum", want, w.fused().item().doubleValue(), 1e-4);
  }
}
