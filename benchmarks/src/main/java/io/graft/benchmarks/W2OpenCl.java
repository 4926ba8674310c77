package io.graft.benchmarks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.vavr.Tuple2;
import org.openjdk.jmh.annotations.*;

/**
 * W2 ({@link W2FusedElementwise}'s {@code sum(tanh(x)*y + exp(-x*x))}, N = 2^22) jitted on the first OpenCL device
 * against the CPU jit in the same run: {@link #openClJit} keeps x and y on the device (placed once in setup) and
 * leaves the scalar result there, so it times the generated reduction kernels (two stages) and the launch overhead;
 * {@link #cpuJit} is the CPU backend's one fused register loop. On PoCL (a CPU OpenCL device) this compares code
 * quality on the same cores, not a speed-up. Setup fails with the reason when no OpenCL device is found.
 */
public class W2OpenCl extends AverageTimeWorkload {
  /** Elements per input; the workload fixes 2^22. */
  @Param({"4194304"})
  public int n;

  private Tuple2<Array, Array> onHost, onDevice;
  private Jitted<Tuple2<Array, Array>, Array> jitted;

  @Setup public void setup() {
    onHost = new Tuple2<>(Inputs.uniform(3, -1, 1, n), Inputs.uniform(4, -1, 1, n));
    onDevice = Graft.devicePut(onHost, Inputs.openClDevice("W2OpenCl"));
    jitted = Graft.jit((Tuple2<Array, Array> t) -> W2FusedElementwise.f(t._1, t._2));
  }

  @Benchmark public Array cpuJit() { return jitted.apply(onHost); }

  @Benchmark public Array openClJit() { return jitted.apply(onDevice); }

  /** At n = 2^16: the device's sum equals the CPU jit's within f32 rounding of the terms. */
  public static void check() {
    W2OpenCl w = new W2OpenCl();
    w.n = 1 << 16;
    w.setup();
    Inputs.near("W2 on OpenCL vs the CPU jit", w.cpuJit().item().doubleValue(), w.openClJit().item().doubleValue(), 1e-5);
  }
}
