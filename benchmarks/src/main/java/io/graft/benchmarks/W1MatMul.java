package io.graft.benchmarks;

import io.graft.Array;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * W1: matmul {@code C = A·B} of square f32 matrices, n in {256, 1024, 2048}. Figure: GFLOP/s = 2n^3 / t, with t the
 * time per call that JMH reports ({@code run.sh} does the conversion). {@link #matmul} runs the default kernels
 * (OpenBLAS where it loads, see {@code io.graft.numerics.kernels.Blas}); {@link #matmulOwnKernels} forks a JVM with
 * {@code -Dgraft.gemm=own}, so one run compares them with Graft's own Vector API GEMM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class W1MatMul {
  @Param({"256", "1024", "2048"})
  public int n;

  private Array a, b;

  @Setup public void setup() {
    a = Inputs.uniform(1, -1, 1, n, n);
    b = Inputs.uniform(2, -1, 1, n, n);
  }

  @Benchmark public Array matmul() { return a.matmul(b); }

  /** {@link #matmul} on Graft's own GEMM ({@code -Dgraft.gemm=own}). */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
      "-Dgraft.gemm=own"})
  public Array matmulOwnKernels() { return a.matmul(b); }

  /** Graft's product at n = 64 against naive loops in double. */
  public static void check() {
    W1MatMul w = new W1MatMul();
    w.n = 64;
    w.setup();
    float[] c = w.matmul().toFloatArray(), av = w.a.toFloatArray(), bv = w.b.toFloatArray();
    for (int i = 0; i < w.n; i++)
      for (int j = 0; j < w.n; j++) {
        double s = 0;
        for (int k = 0; k < w.n; k++) s += (double) av[i * w.n + k] * bv[k * w.n + j];
        Inputs.near("W1 C[" + i + "][" + j + "]", s, c[i * w.n + j], 1e-5);
      }
  }
}
